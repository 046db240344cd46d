// A link's whole reading, as the page does it on load: A's settings (url-state.ts), then compare
// mode's `cmp` and `b.*` over them (compare-settings.ts). Every problem of either is listed; with
// any problem the page loads the defaults (a half-applied link would reproduce something else).

import { decodeCompare, isCompareKey, type CompareSettings } from './compare-settings.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { decodeSettings } from './url-state.ts';

export type LinkResult =
  { ok: true; settings: Settings; compare: CompareSettings } | { ok: false; problems: string[] };

/** Read a link's query parameters: the settings of both sides, or every problem. */
export function readLink(params: URLSearchParams): LinkResult {
  const a = decodeSettings(params, isCompareKey);
  // B's parameters are checked over A's settings, or over the defaults when A's are bad, so that
  // one notice names the problems of both.
  const compare = decodeCompare(params, a.ok ? a.settings : DEFAULT_SETTINGS);
  if (a.ok && compare.ok) return { ok: true, settings: a.settings, compare: compare.compare };
  return {
    ok: false,
    problems: [...(a.ok ? [] : a.problems), ...(compare.ok ? [] : compare.problems)],
  };
}
