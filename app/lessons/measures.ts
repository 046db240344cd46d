// Figures read from a run, the same way in the page (from the worker's frames) and in the claim
// tests (from the same frame data of a headless run): a metric of one side and class, or a product
// or ratio of figures recorded before. Then the claims a step makes, checked against them, and the
// reveal text with `{{name}}` filled in. Pure: no DOM, no stores.

import type { SideFrame } from '../../src/workers/protocol.ts';
import {
  PLACEHOLDER,
  type Condition,
  type MeasureSpec,
  type Metric,
  type Prediction,
} from './schema.ts';
import type { LlmMetric } from './llm-schema.ts';

/** The frames of the sides at one instant (B only in compare mode), and each side's load (arrival
 * rate over its lanes' capacity for its mix: the settings know it, the frames do not). */
export interface Sides {
  a: SideFrame;
  b?: SideFrame;
  load?: { a: number; b?: number };
}

/** Jobs in the system (queued + running) averaged over a step's wait, per side: the page adds a
 * sample per frame, the headless run one per frame's worth of simulated time. */
export class InSystemAverage {
  private sum = [0, 0];
  private n = [0, 0];

  add(sides: Sides): void {
    const each: [SideFrame | undefined, number][] = [
      [sides.a, 0],
      [sides.b, 1],
    ];
    for (const [f, i] of each) {
      if (!f) continue;
      this.sum[i]! += f.ledger.queued + f.ledger.running;
      this.n[i]!++;
    }
  }

  value(side: 'a' | 'b'): number {
    const i = side === 'a' ? 0 : 1;
    return this.n[i]! > 0 ? this.sum[i]! / this.n[i]! : NaN;
  }
}

const PERCENTILE_METRICS: readonly Metric[] = ['p50', 'p95', 'p99', 'recent_p99'];

/** Whether a metric is read per class (then `class: all` is not allowed for percentiles). */
export function needsClass(metric: Metric): boolean {
  return PERCENTILE_METRICS.includes(metric);
}

function clsIndex(c: 'interactive' | 'batch' | 'all'): number {
  return c === 'interactive' ? 0 : c === 'batch' ? 1 : -1;
}

/** One metric of one side's frame. NaN where the run has no such figure yet. */
export function readMetric(
  f: SideFrame,
  metric: Metric,
  cls: 'interactive' | 'batch' | 'all',
  avg: InSystemAverage,
  side: 'a' | 'b',
  load?: number,
): number {
  const c = clsIndex(cls);
  const seconds = f.time / 1000;
  const l = f.ledger;
  const sumOf = (pair: [number, number]): number => (c >= 0 ? pair[c]! : pair[0] + pair[1]);
  switch (metric) {
    case 'p50':
    case 'p95':
    case 'p99':
      return c >= 0 ? f.percentiles[c]![metric] : NaN;
    case 'recent_p99':
      return c >= 0 ? f.recent[c]!.p99 : NaN;
    case 'mean': {
      const m = f.meanLatency;
      if (!m) return NaN;
      if (c >= 0) return m[c]!;
      const n = f.outcomes.completed;
      const total = n[0] + n[1];
      return total > 0 ? (m[0] * n[0] + m[1] * n[1]) / total : NaN;
    }
    case 'slo_attainment': {
      const ended = sumOf(f.outcomes.ended);
      return ended > 0 ? (100 * sumOf(f.outcomes.good)) / ended : NaN;
    }
    case 'throughput':
      return seconds > 0 ? sumOf(f.outcomes.completed) / seconds : NaN;
    case 'arrival_rate':
      return seconds > 0 ? l.arrived / seconds : NaN;
    case 'in_system':
      return l.queued + l.running;
    case 'in_system_avg':
      return avg.value(side);
    case 'arrived':
    case 'completed':
    case 'rejected':
    case 'dropped':
    case 'queued':
      return l[metric];
    case 'lost':
      return l.arrived - (l.completed + l.rejected + l.dropped + l.queued + l.running);
    case 'lanes_serving':
      return f.lanes.filter((lane) => lane.up && lane.pool === undefined && lane.role !== 'backup')
        .length;
    case 'rate':
      return f.rate;
    case 'load':
      return load !== undefined ? load * 100 : NaN;
  }
}

/** Record a step's figures in order (later ones may use earlier ones). An LLM lesson's figures are
 * read by `llm` (llm-measures.ts) from its run's frame; a request lesson's from `sides`. */
export function recordFigures(
  specs: Record<string, MeasureSpec>,
  sides: Sides | null,
  avg: InSystemAverage,
  known: Record<string, number>,
  llm?: (metric: LlmMetric) => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  const lookup = (n: string): number => out[n] ?? known[n] ?? NaN;
  for (const [name, m] of Object.entries(specs)) {
    if ('llm' in m) {
      out[name] = llm ? llm(m.llm) : NaN;
    } else if ('metric' in m) {
      if (!sides) {
        out[name] = NaN;
        continue;
      }
      const f = m.side === 'b' ? sides.b : sides.a;
      const load = m.side === 'b' ? sides.load?.b : sides.load?.a;
      out[name] = f ? readMetric(f, m.metric, m.class, avg, m.side, load) : NaN;
    } else if ('product' in m) {
      out[name] = m.product.reduce((p, n) => p * lookup(n), m.factor);
    } else {
      out[name] = lookup(m.ratio[0]) / lookup(m.ratio[1]);
    }
  }
  return out;
}

/** Whether a claim (or an answer's condition) holds for these figures (false when a figure is
 * missing). */
export function claimHolds(claim: Condition, figures: Record<string, number>): boolean {
  const left = figures[claim.left];
  const r = typeof claim.right === 'number' ? claim.right : figures[claim.right];
  if (left === undefined || r === undefined || !Number.isFinite(left) || !Number.isFinite(r)) {
    return false;
  }
  const right = claim.factor * r;
  switch (claim.op) {
    case 'gt':
      return left > right;
    case 'lt':
      return left < right;
    case 'eq':
      return left === right;
    case 'approx':
      return Math.abs(left - right) <= claim.tolerance * Math.abs(right);
  }
}

/** A figure as the reveal prints it: about three significant digits, with its unit. */
export function formatFigure(v: number | undefined, unit = ''): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  let digits = abs >= 100 || Number.isInteger(v) ? 0 : abs >= 10 ? 1 : 2;
  // A share just short of all of it never prints as all of it ("99.98 %", not "100 %").
  if (unit === '%' && v < 100 && Number(v.toFixed(digits)) >= 100) digits = 2;
  const text = v.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  if (unit === '' || unit === 'jobs' || unit === 'lanes') {
    return unit === '' ? text : `${text} ${unit}`;
  }
  if (unit === 'x') return `${text}×`;
  if (unit === '%' || unit === '/s') return `${text}${unit === '%' ? ' %' : '/s'}`;
  return `${text} ${unit}`;
}

/** Units of every figure a lesson records, by name. */
export function unitsOf(steps: { record: Record<string, MeasureSpec> }[]): Record<string, string> {
  const units: Record<string, string> = {};
  for (const s of steps) {
    for (const [n, m] of Object.entries(s.record)) units[n] = m.unit ?? '';
  }
  return units;
}

/** Reveal text with each `{{name}}` replaced by the recorded figure (plain text: the Markdown
 * renderer escapes it like any other text). */
export function fillFigures(
  text: string,
  figures: Record<string, number>,
  units: Record<string, string>,
): string {
  return text.replace(PLACEHOLDER, (_, name: string) => formatFigure(figures[name], units[name]));
}

/** The option of a choice prediction this run makes right: the first answer whose conditions all
 * hold (undefined when none does, or the prediction has no answers). */
export function rightOption(
  p: Extract<Prediction, { kind: 'choice' }>,
  figures: Record<string, number>,
): string | undefined {
  return p.answer?.find((a) => a.when.every((c) => claimHolds(c, figures)))?.option;
}

/** How a prediction fared against the run: right (true), wrong (false), or no verdict (null). */
export interface PredictionVerdict {
  right: boolean | null;
  text: string;
}

/**
 * Judge the learner's prediction (`given`: the option chosen, or the number typed) against the
 * figures the step recorded: a choice against the first answer whose conditions hold, a number
 * against its figure (within `close`, relatively).
 */
export function judgePrediction(
  p: Prediction,
  given: string | number | undefined,
  figures: Record<string, number>,
  units: Record<string, string>,
): PredictionVerdict | undefined {
  if (given === undefined || !p.answer) return undefined;
  if (p.kind === 'choice') {
    const right = rightOption(p, figures);
    if (right === undefined)
      return { right: null, text: 'This run does not settle it either way.' };
    return right === given
      ? { right: true, text: `Right: this run says “${right}”.` }
      : { right: false, text: `This run says “${right}”, not “${given}”.` };
  }
  const actual = figures[p.answer.figure];
  const guess = typeof given === 'number' ? given : Number(given);
  if (actual === undefined || !Number.isFinite(actual) || !Number.isFinite(guess)) {
    return { right: null, text: 'This run has no figure to judge it by.' };
  }
  const shown = formatFigure(actual, units[p.answer.figure]);
  if (Math.abs(guess - actual) <= p.answer.close * Math.abs(actual)) {
    return {
      right: true,
      text: `Close: the run gave ${shown}, within ${Math.round(p.answer.close * 100)} % of your guess.`,
    };
  }
  const ratio = guess > 0 && actual > 0 ? Math.max(guess / actual, actual / guess) : NaN;
  const by =
    Number.isFinite(ratio) && ratio >= 2
      ? `${ratio.toFixed(ratio < 10 ? 1 : 0)}×`
      : `${Math.round(Math.abs(guess / actual - 1) * 100)} %`;
  return {
    right: false,
    text: `The run gave ${shown}: your guess was ${guess < actual ? 'too low' : 'too high'} by ${by}.`,
  };
}
