// Progress through the lessons, kept in the browser (localStorage): which steps of which lesson the
// learner completed. Read defensively: storage that is missing, full or holds something else is
// treated as no progress, never as an error.

/** Storage key; bump the suffix if the shape changes. */
const KEY = 'schedlab.lessons.v1';

/** Completed step indices per lesson id. */
export type Progress = Record<string, number[]>;

/** The storage the page uses; tests pass their own. */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): KeyValue | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined; // storage blocked (privacy settings, sandboxed frame)
  }
}

export function readProgress(store: KeyValue | undefined = storage()): Progress {
  try {
    const raw = store?.getItem(KEY);
    if (!raw || raw.length > 100_000) return {};
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Progress = {};
    for (const [id, steps] of Object.entries(value)) {
      if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(id) || !Array.isArray(steps)) continue;
      out[id] = steps.filter((s): s is number => Number.isInteger(s) && s >= 0 && s < 100);
    }
    return out;
  } catch {
    return {};
  }
}

/** Mark step `step` of lesson `id` completed; returns the new progress. */
export function completeStep(
  id: string,
  step: number,
  store: KeyValue | undefined = storage(),
): Progress {
  const progress = readProgress(store);
  const done = new Set(progress[id] ?? []);
  done.add(step);
  progress[id] = [...done].sort((a, b) => a - b);
  try {
    store?.setItem(KEY, JSON.stringify(progress));
  } catch {
    // storage full or blocked: progress lives for this visit only
  }
  return progress;
}
