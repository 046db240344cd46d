// The figures compare mode sets side by side, from one frame of each side: the same SideMetrics
// the seeds worker and `npm run sim:compare` compute from a summary (compare-seeds.ts), here from
// the frame's whole-run percentiles and outcome counts, so the difference panel and the verdict
// speak of the same figures.

import {
  COMPARE_METRICS,
  jain,
  type CompareMetric,
  type SideMetrics,
} from '../../src/engine/compare-seeds.ts';
import type { SideFrame } from '../../src/workers/protocol.ts';

/** One side's figures since its run began. */
export function frameMetrics(f: SideFrame): SideMetrics {
  const o = f.outcomes;
  const seconds = f.time / 1000;
  const violation = (cls: 0 | 1): number => (o.ended[cls] > 0 ? 1 - o.good[cls] / o.ended[cls] : 0);
  const ended = o.ended[0] + o.ended[1];
  const good = o.good[0] + o.good[1];
  const vi = violation(0);
  const vb = violation(1);
  const pct = (cls: 0 | 1) => ({ ...f.percentiles[cls] });
  return {
    latency: { interactive: pct(0), batch: pct(1) },
    count: { interactive: o.completed[0], batch: o.completed[1] },
    goodput: seconds > 0 ? good / seconds : 0,
    violation: { interactive: vi, batch: vb, overall: ended > 0 ? 1 - good / ended : 0 },
    fairness: jain([1 - vi, 1 - vb]),
  };
}

/** One row of the difference panel. */
export interface DiffRow {
  id: string;
  label: string;
  metric: CompareMetric;
  /** The sides' figures (null: nothing to measure yet). */
  a: number | null;
  b: number | null;
  /** B - A (ratio metrics: relative, b / a - 1); null when either side has no figure. */
  delta: number | null;
  /** B is better (true), worse (false) or the same (null). */
  better: boolean | null;
}

export function diffRows(a: SideFrame, b: SideFrame): DiffRow[] {
  const ma = frameMetrics(a);
  const mb = frameMetrics(b);
  return COMPARE_METRICS.map((metric) => {
    const va = metric.read(ma);
    const vb = metric.read(mb);
    let delta: number | null = null;
    if (va !== null && vb !== null) {
      delta = metric.kind === 'ratio' ? (va > 0 ? vb / va - 1 : null) : vb - va;
    }
    const better =
      delta === null || delta === 0 ? null : metric.better === 'lower' ? delta < 0 : delta > 0;
    return { id: metric.id, label: metric.label, metric, a: va, b: vb, delta, better };
  });
}
