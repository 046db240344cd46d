// Latency profiles: what the profiler measures (ms per model x lane kind x batch size) and how it
// becomes the engine's `profile` service model, so a simulation can be calibrated to this device.
// Pure: shared by `npm run profile` (Node) and the page's Calibrate action.
//
// The GPU-class row of a profile is a measured latency on the GPU lane, not a CPU latency to be
// divided by a speed-up, so the service block sets `gpu_speedup: 1` (lanes' default speed).

import type { ProfileTable } from '../engine/config.ts';

/** Batch sizes of a full sweep. */
export const FULL_BATCHES = [1, 2, 4, 8, 16, 32] as const;

export type LaneKind = 'gpu' | 'cpu';

/** One measured curve: median ms per batch size. */
export interface ProfileCurve {
  model: string;
  kind: LaneKind;
  /** Where it was measured, e.g. "onnxruntime-web 1.30.0 wasm, 2 threads, Node". */
  runtime: string;
  ms: Record<string, number>;
  /**
   * The model's cold start on this lane kind (ms): reading it, creating its session and the first
   * (warm-up) run, as a new replica pays before it serves. Absent where not measured (derived rows).
   */
  coldStartMs?: number;
}

/** The engine's `service` block for a profile (paste into a config, or pass to the page). */
export interface ProfileService {
  dist: 'profile';
  gpu_speedup: 1;
  profile: ProfileTable;
  /** Per lane kind: a replica's measured cold start, the sum over the models it loads (ms). */
  cold_start_ms?: Partial<Record<LaneKind, number>>;
}

/** Build the service block from measured curves (later curves for a model/kind replace earlier). */
export function profileService(curves: readonly ProfileCurve[]): ProfileService {
  const profile: Record<string, Partial<Record<LaneKind, Record<string, number>>>> = {};
  for (const c of curves) {
    const points = Object.fromEntries(
      Object.entries(c.ms)
        .filter(([, ms]) => Number.isFinite(ms) && ms > 0)
        .map(([b, ms]) => [b, round(ms)]),
    );
    if (Object.keys(points).length === 0) continue;
    profile[c.model] = { ...profile[c.model], [c.kind]: points };
  }
  // A replica loads every model it serves: its cold start is the sum of the models' (the last curve
  // for a model and kind counts, as for the latencies).
  const cold: Record<string, Partial<Record<LaneKind, number>>> = {};
  for (const c of curves) {
    const m = (cold[c.model] ??= {});
    if (c.coldStartMs !== undefined && Number.isFinite(c.coldStartMs) && c.coldStartMs > 0) {
      m[c.kind] = c.coldStartMs;
    } else delete m[c.kind];
  }
  const coldStart: Partial<Record<LaneKind, number>> = {};
  for (const byKind of Object.values(cold)) {
    for (const [kind, ms] of Object.entries(byKind) as [LaneKind, number][]) {
      coldStart[kind] = round((coldStart[kind] ?? 0) + ms);
    }
  }
  // ProfileTable's zod type (z.record over an enum) has both kinds required; a profile measured on
  // one kind only is still meaningful for runs that use only that kind.
  return {
    dist: 'profile',
    gpu_speedup: 1,
    profile: profile as ProfileTable,
    ...(Object.keys(coldStart).length > 0 ? { cold_start_ms: coldStart } : {}),
  };
}

/**
 * A kind's rows derived from another's by a speed-up (`from` ms / `speedup`), for a device or
 * runtime that cannot measure that kind (Node has no WebGPU). Marked as derived by the caller.
 */
export function deriveCurves(
  curves: readonly ProfileCurve[],
  from: LaneKind,
  to: LaneKind,
  speedup: number,
): ProfileCurve[] {
  return curves
    .filter((c) => c.kind === from)
    .map((c) => ({
      model: c.model,
      kind: to,
      runtime: `derived: ${from} / ${speedup}`,
      ms: Object.fromEntries(Object.entries(c.ms).map(([b, ms]) => [b, ms / speedup])),
    }));
}

/** A fixed-width table of the curves, one row per model and kind. */
export function formatProfile(curves: readonly ProfileCurve[], batches: readonly number[]): string {
  const head = ['model', 'kind', ...batches.map((b) => `b=${b}`), 'runtime'];
  const rows = curves.map((c) => [
    c.model,
    c.kind,
    ...batches.map((b) => (c.ms[String(b)] === undefined ? '-' : fmt(c.ms[String(b)]!))),
    c.runtime,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** Median of `xs` (sorted copy). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
