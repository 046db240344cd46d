// An LLM run's link: while the page is in LLM mode the address bar carries `mode=llm`, the preset
// and every setting that differs from it (llm-fields.ts), so that Share copies a link that opens
// the same run (same preset, settings, seed, scheduler and rate). Opening such a link reads it
// strictly: any bad value and nothing of it is applied (a notice names each parameter), the page
// stays as it was. Leaving LLM mode takes the LLM parameters out of the address bar.

import { showNotice } from '../state/actions.ts';
import { decodeLlmLink, encodeLlmLink } from './llm-fields.ts';
import { presetSettings } from './llm-settings.ts';
import { isLlmLinkKey, type LlmSettings } from './llm-defaults.ts';
import { llmStore, type LlmState } from './llm-store.ts';

/** The address bar with the request mode's parameters kept and the LLM ones from `llm`. */
function write(llm: URLSearchParams | undefined): void {
  const params = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(location.search))
    if (!isLlmLinkKey(k)) params.append(k, v);
  for (const [k, v] of llm ?? []) params.append(k, v);
  const q = params.toString();
  const url = `${location.pathname}${q === '' ? '' : `?${q}`}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`)
    history.replaceState(null, '', url);
}

function linkOf(s: LlmSettings): URLSearchParams {
  return encodeLlmLink(s, presetSettings(s.preset));
}

let following = false;

/** Keep the address bar in step with the LLM mode (once; the LLM chunk calls it on load). */
export function followLlmUrl(): void {
  if (following) return;
  following = true;
  const sync = (s: LlmState): void => write(s.mode === 'llm' ? linkOf(s.settings) : undefined);
  sync(llmStore.getState());
  llmStore.subscribe((s, prev) => {
    if (s.mode !== prev.mode || s.settings !== prev.settings) sync(s);
  });
}

/**
 * Open the LLM run a link describes: its settings, then LLM mode. A bad link changes nothing but the
 * address bar (its LLM parameters dropped) and says why. False when the link has no LLM parameters.
 */
export async function openLlmLink(params: URLSearchParams): Promise<boolean> {
  const r = decodeLlmLink(params, (id) => presetSettings(id));
  if (r === undefined) return false;
  if (!r.ok) {
    write(undefined);
    showNotice({
      kind: 'error',
      title: 'This link’s LLM settings cannot be used; the page is left as it was',
      details: r.problems,
    });
    return false;
  }
  llmStore.setState({ settings: r.settings });
  const { setPageMode } = await import('./llm-actions.ts');
  await setPageMode('llm');
  return true;
}
