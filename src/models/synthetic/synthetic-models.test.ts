// The generator the lane workers run in the browser makes, byte for byte, the files that
// `npm run models` writes and the manifest describes (the browser tests check the same in
// Chromium: e2e/hosted.spec.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelEntry, parseManifest } from '../manifest.ts';
import { makeSyntheticModel, SYNTHETIC_MODELS, type SyntheticModelId } from './synthetic-models.ts';

const MODELS_DIR = join(import.meta.dirname, '../../../public/models');
const manifest = parseManifest(JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.each(Object.keys(SYNTHETIC_MODELS) as SyntheticModelId[])('%s', (id) => {
  it('is made with the sha256 and size the manifest records, reporting progress up to 1', () => {
    const entry = modelEntry(manifest, id);
    const fractions: number[] = [];
    const bytes = makeSyntheticModel(id, entry.bytes, (p) => fractions.push(p.fraction));
    expect(bytes.byteLength).toBe(entry.bytes);
    expect(sha256(bytes)).toBe(entry.sha256);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.some((f) => f > 0.2 && f < 0.5)).toBe(true);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
  });
});
