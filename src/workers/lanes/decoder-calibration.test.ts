// Calibration on the tiny decoder (onnxruntime-web WASM in Node): each timed step's load is what the
// engine's StepBatch counts for the same rows, every designed shape is timed, and the fit gives
// non-negative coefficients with a point per step. (How good the fit is, is measured by
// `npm run validate -- --llm`, not asserted here: timings on a shared machine are not a test.)
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { StepBatch } from '../../engine/llm/step-batch.ts';
import { DECODERS } from '../../models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../../models/decoders/decoder-models.ts';
import { calibrateDecoder, CALIBRATION_SHAPES, loadOfStep } from './decoder-calibration.ts';
import { DecoderRunner, decoderSessionOptions } from './decoder-runner.ts';
import { shapeRunner } from './decoder-shapes.ts';

const ID = 'decoder_tiny';
const CONFIG = DECODERS[ID].config;
let runner: DecoderRunner;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(
    makeDecoderModel(ID, 'standard', 0),
    decoderSessionOptions('wasm', CONFIG),
  );
  runner = new DecoderRunner({
    Tensor: ort.Tensor,
    session,
    config: CONFIG,
    attention: 'standard',
  });
}, 60_000);

describe('decoder calibration', () => {
  it("counts a step's load as the engine's StepBatch counts the same rows", async () => {
    const shape = { decodeSeqs: 3, context: 10, prefillTokens: 5, prefillPast: 4 };
    const run = shapeRunner(runner, shape, CONFIG.vocab);
    await run.setUp();
    const res = await run.step();
    await run.close();
    const batch = new StepBatch(8);
    batch.reset(0);
    for (let i = 0; i < 3; i++) batch.add(i, i, 1, 10, true, true);
    batch.add(3, 3, 5, 4, true, false);
    expect(loadOfStep(res)).toEqual({
      prefillTokens: batch.prefillTokens,
      attentionWork: batch.attentionWork,
      decodeSeqs: batch.decodeSeqs,
      kvRead: batch.kvRead,
    });
  }, 60_000);

  it("times every designed shape and fits non-negative coefficients to each shape's median", async () => {
    const shapes = [
      ...CALIBRATION_SHAPES.filter((s) => s.context <= 64 && s.decodeSeqs <= 4),
      { decodeSeqs: 0, context: 1, prefillTokens: 8 },
    ];
    const fit = await calibrateDecoder(runner, CONFIG.vocab, {
      shapes,
      stepsPerShape: 2,
      rounds: 2,
    });
    expect(fit.samples).toHaveLength(shapes.length * 4);
    // One point per shape: the median of its four steps.
    expect(fit.points).toHaveLength(shapes.length);
    for (const v of Object.values(fit.coefficients)) expect(v).toBeGreaterThanOrEqual(0);
    expect(fit.unidentified).toEqual([]);
    expect(Number.isFinite(fit.r2)).toBe(true);
    expect(runner.usage().used).toBe(0);
  }, 120_000);
});
