// Designed batch shapes are exactly what they say, so that a cost model fitted on them fits the
// right quantities: each timed step decodes the given number of sequences at the given context
// (one padded run, or one run each) and runs the prefill chunk beside them after its past.
import * as ort from 'onnxruntime-web';
import { expect, it } from 'vitest';
import { DECODERS } from '../../models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../../models/decoders/decoder-models.ts';
import { DecoderRunner, decoderSessionOptions } from './decoder-runner.ts';
import { shapeRunner } from './decoder-shapes.ts';

it('runs a step of 3 decodes at context 10 beside a prefill chunk of 5 after 4 tokens, as designed', async () => {
  const config = DECODERS.decoder_tiny.config;
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(
    makeDecoderModel('decoder_tiny', 'gqa', 0),
    decoderSessionOptions('wasm', config),
  );
  const lane = new DecoderRunner({ Tensor: ort.Tensor, session, config, attention: 'gqa' });
  const shape = shapeRunner(
    lane,
    { decodeSeqs: 3, context: 10, prefillTokens: 5, prefillPast: 4 },
    config.vocab,
  );
  await shape.setUp();
  const first = await shape.step();
  expect(first.runs).toEqual([
    expect.objectContaining({ kind: 'decode', seqs: 3, newTokens: 3, kvTokens: 30, width: 10 }),
    expect.objectContaining({ kind: 'prefill', seqs: 1, newTokens: 5, kvTokens: 4 }),
  ]);
  expect(shape.context()).toBe(11);
  await shape.prepare();
  const alone = await shape.step('per-sequence');
  expect(alone.runs.map((r) => [r.kind, r.seqs, r.newTokens, r.kvTokens])).toEqual([
    ['decode', 1, 1, 11],
    ['decode', 1, 1, 11],
    ['decode', 1, 1, 11],
    ['prefill', 1, 5, 4],
  ]);
  await shape.close();
  expect(lane.usage().used).toBe(0);
  await session.release();
});
