// The decoders are the networks they claim to be: GPT-2 small's exact parameter count
// (124,439,808 with tied embeddings) and its graph's inputs and outputs in the transformers.js
// layout, checked on a weightless (dry) build of the very graph; the tiny decoder's files are made
// byte for byte as recorded in decoder-files.json, which is what a lane in the page checks the
// files it makes against (e2e/decoders.spec.ts makes them there).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoderFile } from '../../src/models/decoders/decoder-files.ts';
import {
  ATTENTION_KINDS,
  DECODER_IDS,
  DECODERS,
  parametersOf,
} from '../../src/models/decoders/decoder-config.ts';
import { buildDecoderModel, makeDecoderModel } from '../../src/models/decoders/decoder-models.ts';

import { countParameters } from './count-parameters.ts';
import { MODELS_DIR } from './generate.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

type Dims = (number | string | undefined)[];
const dimsOf = (v: {
  type?: { tensorType?: { shape?: { dim?: { dimValue?: number; dimParam?: string }[] } } };
}): Dims => (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimValue ?? d.dimParam);

describe('GPT-2 small', () => {
  it.each(ATTENTION_KINDS)(
    'has 124,439,808 parameters in its %s graph, embeddings tied',
    (kind) => {
      const model = buildDecoderModel('gpt2_small', kind, { dry: true });
      expect(countParameters(model)).toBe(124_439_808);
      expect(parametersOf('gpt2_small')).toBe(124_439_808);
      // Tied: the one embedding matrix is both the input lookup and the output projection.
      const nodes = model.graph?.node ?? [];
      const uses = nodes
        .filter((n) => n.input?.includes('transformer.wte.weight'))
        .map((n) => n.opType);
      expect(uses.sort()).toEqual(['Gather', 'Gemm']);
    },
  );

  it.each(ATTENTION_KINDS)('takes and returns keys and values per layer (%s graph)', (kind) => {
    const g = buildDecoderModel('gpt2_small', kind, { dry: true }).graph!;
    const inputs = Object.fromEntries((g.input ?? []).map((v) => [v.name, dimsOf(v)]));
    const outputs = Object.fromEntries((g.output ?? []).map((v) => [v.name, dimsOf(v)]));
    expect(Object.keys(inputs)).toHaveLength(3 + 2 * 12);
    expect(inputs['input_ids']).toEqual(['batch', 'sequence']);
    expect(inputs['attention_mask']).toEqual(['batch', 'total_sequence']);
    expect(inputs['past_key_values.11.value']).toEqual(['batch', 12, 'past_sequence', 64]);
    expect(Object.keys(outputs)[0]).toBe('logits');
    expect(outputs['logits']).toEqual(['batch', 1, 50257]);
    expect(outputs['present.0.key']).toEqual(['batch', 12, 'present_sequence', 64]);
    const gqa = (g.node ?? []).filter((n) => n.opType === 'GroupQueryAttention');
    expect(gqa.length).toBe(kind === 'gqa' ? 12 : 0);
    expect(gqa.every((n) => n.domain === 'com.microsoft')).toBe(true);
  });
});

describe('the tiny decoder', () => {
  it('has the parameters its formula says (3,945,984, about 4 M)', () => {
    const model = buildDecoderModel('decoder_tiny', 'standard');
    expect(countParameters(model)).toBe(parametersOf('decoder_tiny'));
    expect(parametersOf('decoder_tiny')).toBe(3_945_984);
  });

  it.each(ATTENTION_KINDS)(
    'is made (%s graph) with the size and sha256 recorded for the lanes',
    (kind) => {
      const recorded = decoderFile('decoder_tiny', kind);
      const bytes = makeDecoderModel('decoder_tiny', kind, recorded.bytes);
      expect(bytes.byteLength).toBe(recorded.bytes);
      expect(sha256(bytes)).toBe(recorded.sha256);
      // `npm run models` wrote the same file (build and dev run it; tests may run before it).
      const onDisk = join(MODELS_DIR, recorded.file);
      if (existsSync(onDisk)) expect(sha256(readFileSync(onDisk))).toBe(recorded.sha256);
    },
  );
});

it('records a file for every decoder and attention kind', () => {
  for (const id of DECODER_IDS) {
    for (const kind of ATTENTION_KINDS)
      expect(decoderFile(id, kind).bytes).toBeGreaterThan(4 * parametersOf(id));
    expect(DECODERS[id].config.dModel % DECODERS[id].config.heads).toBe(0);
  }
});
