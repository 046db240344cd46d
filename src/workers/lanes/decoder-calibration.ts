// Calibrating the LLM step cost model on a decoder lane: time each designed batch shape
// (decoder-shapes.ts) step by step, read each step's load from what its runs computed, and fit the
// five coefficients (src/profiler/step-cost-fit.ts). The result drops into a config's
// `llm.cost.<kind>` as the simulation's service model. Probes, a few of the same shapes timed
// again later, say how far the lane's speed has drifted from the calibration (npm run validate
// -- --llm interleaves them with its cases).

import type { CostCoefficients, StepLoad } from '../../engine/llm/cost-model.ts';
import {
  fitStepCost,
  predictStep,
  type StepCostFit,
  type StepSample,
} from '../../profiler/step-cost-fit.ts';
import { driftPct } from '../../profiler/drift.ts';
import type { DecoderStepper } from './decoder-scenarios.ts';
import { shapeRunner, type BatchShape } from './decoder-shapes.ts';
import type { StepResult } from './decoder-step.ts';

/** A step's load as the engine's StepBatch counts it, from the runs the lane made: a decode run's
 * rows each read their cache plus the new token; a prefill run is one chunk after its past. */
export function loadOfStep(res: StepResult): Omit<StepLoad, 'swapBytes'> {
  const load = { prefillTokens: 0, attentionWork: 0, decodeSeqs: 0, kvRead: 0 };
  for (const r of res.runs) {
    if (r.kind === 'decode') {
      load.decodeSeqs += r.seqs;
      load.kvRead += r.kvTokens + r.seqs;
    } else {
      load.prefillTokens += r.newTokens;
      load.attentionWork += r.newTokens * (r.kvTokens + (r.newTokens + 1) / 2);
    }
  }
  return load;
}

/** Shapes that vary every term apart (decodes by batch and context, prefills by length and past,
 * and both in one step), within the small contexts a demo serves. */
export const CALIBRATION_SHAPES: readonly BatchShape[] = [
  ...[1, 2, 4, 8].flatMap((decodeSeqs) =>
    [16, 64, 160].map((context) => ({ decodeSeqs, context })),
  ),
  ...[8, 32, 96].flatMap((prefillTokens) =>
    [0, 48].map((prefillPast) => ({ decodeSeqs: 0, context: 1, prefillTokens, prefillPast })),
  ),
  { decodeSeqs: 4, context: 64, prefillTokens: 32 },
  { decodeSeqs: 2, context: 32, prefillTokens: 64, prefillPast: 32 },
];

/** The shapes a drift probe times again: one decode-bound, one batched, one prefill. */
export const PROBE_SHAPES: readonly BatchShape[] = [
  { decodeSeqs: 1, context: 32 },
  { decodeSeqs: 4, context: 64 },
  { decodeSeqs: 0, context: 1, prefillTokens: 32 },
];

/** A measured step of designed shape `shape` (its index in the design). */
export interface ShapeSample extends StepSample {
  shape: number;
}

/**
 * Times `stepsPerShape` steps of each shape on `lane` (set-up untimed), `rounds` times over: each
 * round goes through every shape, so a busy spell on a shared machine lands on all shapes alike
 * instead of on the few it happens to meet.
 */
export async function measureShapes(
  lane: DecoderStepper,
  shapes: readonly BatchShape[],
  vocab: number,
  o: {
    stepsPerShape?: number;
    rounds?: number;
    onShape?: (done: number, total: number) => void;
  } = {},
): Promise<ShapeSample[]> {
  const samples: ShapeSample[] = [];
  const rounds = o.rounds ?? 1;
  for (let round = 0; round < rounds; round++) {
    for (const [i, shape] of shapes.entries()) {
      const run = shapeRunner(lane, shape, vocab);
      await run.setUp();
      for (let k = 0; k < (o.stepsPerShape ?? 3); k++) {
        await run.prepare();
        const res = await run.step();
        samples.push({ shape: i, load: loadOfStep(res), ms: res.ms });
      }
      await run.close();
      o.onShape?.(round * shapes.length + i + 1, rounds * shapes.length);
    }
  }
  return samples;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One point per shape: the median of its steps' times at their mean load (a step the machine
 * held up for tens of ms moves a median little, a least-squares fit a lot). */
export function shapeMedians(samples: readonly ShapeSample[]): StepSample[] {
  const by = new Map<number, ShapeSample[]>();
  for (const s of samples) by.set(s.shape, [...(by.get(s.shape) ?? []), s]);
  return [...by.values()].map((xs) => {
    const mean = (f: (l: StepSample['load']) => number) =>
      xs.reduce((a, x) => a + f(x.load), 0) / xs.length;
    return {
      load: {
        prefillTokens: mean((l) => l.prefillTokens),
        attentionWork: mean((l) => l.attentionWork),
        decodeSeqs: mean((l) => l.decodeSeqs),
        kvRead: mean((l) => l.kvRead),
      },
      ms: median(xs.map((x) => x.ms)),
    };
  });
}

export interface DecoderCalibration extends StepCostFit {
  /** Every timed step. The fit is over each shape's median (shapeMedians). */
  samples: ShapeSample[];
}

/** Calibrates the step cost model on `lane`. */
export async function calibrateDecoder(
  lane: DecoderStepper,
  vocab: number,
  o: {
    shapes?: readonly BatchShape[];
    stepsPerShape?: number;
    rounds?: number;
    onShape?: (d: number, t: number) => void;
  } = {},
): Promise<DecoderCalibration> {
  const samples = await measureShapes(lane, o.shapes ?? CALIBRATION_SHAPES, vocab, {
    stepsPerShape: o.stepsPerShape ?? 3,
    rounds: o.rounds ?? 3,
    ...(o.onShape ? { onShape: o.onShape } : {}),
  });
  return { ...fitStepCost(shapeMedians(samples)), samples };
}

export interface DriftProbe {
  /** Sum of measured over sum of predicted step time, minus 1, percent: + when the lane runs
   * slower than when it was calibrated. */
  driftPct: number;
  measuredMs: number;
  predictedMs: number;
}

/** Times the probe shapes (`shapes`, PROBE_SHAPES by default) and compares their medians with what `c` predicts. */
export async function probeDrift(
  lane: DecoderStepper,
  vocab: number,
  c: CostCoefficients,
  stepsPerShape = 5,
  shapes: readonly BatchShape[] = PROBE_SHAPES,
): Promise<DriftProbe> {
  const samples = shapeMedians(await measureShapes(lane, shapes, vocab, { stepsPerShape }));
  const measuredMs = samples.reduce((a, s) => a + s.ms, 0);
  const predictedMs = samples.reduce((a, s) => a + predictStep(c, s.load), 0);
  return { driftPct: driftPct(measuredMs, predictedMs), measuredMs, predictedMs };
}
