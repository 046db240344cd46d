// A link's whole reading, as the page does it on load: A's settings and the lesson step it opens
// (url-state.ts), then compare mode's `cmp` and `b.*` over them (compare-settings.ts). Every problem of either is listed; with
// any problem the page loads the defaults (a half-applied link would reproduce something else).

import { decodeCompare, isCompareKey, type CompareSettings } from './compare-settings.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { decodeSettings, type LessonLink } from './url-state.ts';
import { isLlmLinkKey } from '../llm/llm-defaults.ts';

export type LinkResult =
  | { ok: true; settings: Settings; compare: CompareSettings; lesson?: LessonLink }
  | { ok: false; problems: string[] };

/** Read a link's query parameters: the settings of both sides, or every problem. */
export function readLink(params: URLSearchParams): LinkResult {
  // An LLM run's parameters (mode=llm, l.*) are read as strictly by app/llm/llm-url.ts.
  const a = decodeSettings(params, (k) => isCompareKey(k) || isLlmLinkKey(k));
  // B's parameters are checked over A's settings, or over the defaults when A's are bad, so that
  // one notice names the problems of both.
  const compare = decodeCompare(params, a.ok ? a.settings : DEFAULT_SETTINGS);
  if (a.ok && compare.ok) {
    const lesson = a.lesson ? { lesson: a.lesson } : {};
    return { ok: true, settings: a.settings, compare: compare.compare, ...lesson };
  }
  return {
    ok: false,
    problems: [...(a.ok ? [] : a.problems), ...(compare.ok ? [] : compare.problems)],
  };
}
