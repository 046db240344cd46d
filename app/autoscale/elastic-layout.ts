// Geometry of the elastic-serving panels' two charts, as plain data the components draw as SVG:
// replicas (asked for, serving) and the load over the run; and a load-test sweep's p99 latency
// (from the intended and from the actual send time) against the offered rate, with the knee. Pure,
// so the tests check what a reader would see: the knee where the sweep put it, lines inside the box.

import type { SweepReport } from '../../src/engine/loadtest-sweep.ts';
import type { ReplicaSample } from './replica-history.ts';

export interface Box {
  width: number;
  height: number;
  /** Left, right, top and bottom margins for axes and labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_BOX: Box = { width: 640, height: 180, left: 40, right: 48, top: 10, bottom: 26 };

/** A nice round top for an axis that must hold `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const path = (pts: readonly [number, number][]): string =>
  pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

/** A step line: each value holds until the next sample. */
const stepPath = (pts: readonly [number, number][]): string => {
  const out: [number, number][] = [];
  pts.forEach(([x, y], i) => {
    if (i > 0) out.push([x, out[out.length - 1]![1]]);
    out.push([x, y]);
  });
  return path(out);
};

export interface ReplicaScene {
  box: Box;
  /** Axis tops: replicas (left), req/s (right), seconds (x). */
  replicasMax: number;
  loadMax: number;
  tMax: number;
  asked: string;
  serving: string;
  load: string;
}

export function replicaScene(
  samples: readonly ReplicaSample[],
  box: Box = CHART_BOX,
  fixed?: { replicasMax?: number; loadMax?: number; tMax?: number },
): ReplicaScene {
  const last = samples[samples.length - 1];
  const tMax = fixed?.tMax ?? niceMax(Math.max(last?.t ?? 0, 10));
  const replicasMax =
    fixed?.replicasMax ?? niceMax(Math.max(2, ...samples.map((s) => s.serving + s.warming)));
  const loadMax = fixed?.loadMax ?? niceMax(Math.max(1, ...samples.map((s) => s.load)));
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  const x = (t: number) => box.left + (w * t) / tMax;
  const y = (v: number, top: number) => box.top + h - (h * Math.min(v, top)) / top;
  return {
    box,
    replicasMax,
    loadMax,
    tMax,
    asked: stepPath(samples.map((s) => [x(s.t), y(s.serving + s.warming, replicasMax)])),
    serving: stepPath(samples.map((s) => [x(s.t), y(s.serving, replicasMax)])),
    load: path(samples.map((s) => [x(s.t), y(s.load, loadMax)])),
  };
}

export interface KneeScene {
  box: Box;
  rateMax: number;
  latencyMax: number;
  intended: string;
  actual: string;
  /** Each level's point on the intended line, for markers. */
  points: { x: number; y: number; level: number }[];
  knee: { x: number; y: number; level: number };
}

/** p99 latency (ms, a log axis from 1 ms) against the offered rate, the knee marked. */
export function kneeScene(report: SweepReport, box: Box = CHART_BOX): KneeScene {
  const pts = report.points;
  const rateMax = niceMax(Math.max(...pts.map((p) => p.level)));
  const hi = Math.max(10, ...pts.map((p) => p.p99_intended_ms.mean).filter(Number.isFinite));
  const latencyMax = 10 ** Math.ceil(Math.log10(hi));
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  const x = (r: number) => box.left + (w * r) / rateMax;
  const y = (ms: number) => {
    const v = Math.log10(Math.max(1, Math.min(ms, latencyMax)));
    return box.top + h - (h * v) / Math.log10(latencyMax);
  };
  const line = (pick: (i: number) => number) =>
    path(pts.map((p, i) => [x(p.level), y(pick(i))] as [number, number]));
  const knee = pts.find((p) => p.level === report.knee.level) ?? pts[0]!;
  return {
    box,
    rateMax,
    latencyMax,
    intended: line((i) => pts[i]!.p99_intended_ms.mean),
    actual: line((i) => pts[i]!.p99_actual_ms.mean),
    points: pts.map((p) => ({ x: x(p.level), y: y(p.p99_intended_ms.mean), level: p.level })),
    knee: { x: x(knee.level), y: y(knee.p99_intended_ms.mean), level: knee.level },
  };
}
