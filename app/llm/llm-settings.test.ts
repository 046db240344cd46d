// The LLM presets make configs the engine accepts, the Azure excerpts are the traces' first rows
// (times to the ms, lengths exact), the settings reach the config, and the block map's layout fits.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/engine/config.ts';
import { parseAzureLlmTrace } from '../../src/engine/llm/azure-trace.ts';
import { AZURE_EXCERPTS } from './azure-excerpts.ts';
import { layoutBlocks, rasterBlocks, requestColour, FIXED_COLOURS } from './block-raster.ts';
import { LLM_PRESETS, azureCsv, excerptRate, llmConfig, presetSettings } from './llm-settings.ts';
import { CELL_FREE, CELL_PREEMPTED } from '../../src/workers/llm-protocol.ts';

describe('LLM presets', () => {
  it.each(LLM_PRESETS.map((p) => [p.id]))('%s makes a valid LLM config', (id) => {
    const checked = checkConfig(llmConfig(presetSettings(id)));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    if (checked.ok) expect(checked.config.llm).toBeDefined();
  });

  it('carries the controls into the config', () => {
    const s = { ...presetSettings('chat'), blocks: 512, maxNumSeqs: 8, tokenBudget: 1024 };
    const c = llmConfig({ ...s, preemption: 'swap', rate: 12, lanes: 3, scheduler: 'static' });
    expect(c.llm).toMatchObject({
      blocks: 512,
      max_num_seqs: 8,
      max_num_batched_tokens: 1024,
      preemption: 'swap',
      scheduler: { name: 'static' },
    });
    expect(c.arrivals).toMatchObject({ process: 'poisson', rate_per_s: 12 });
    expect(c.lanes).toEqual([{ kind: 'gpu', count: 3 }]);
  });

  it('carries the workload controls (lengths, prefix share, router) into the config', () => {
    const s = {
      ...presetSettings('chat'),
      promptMean: 700,
      promptCv: 0.3,
      outputMean: 90,
      outputCv: 2,
      prefixShare: 0.25,
      prefixTokens: 256,
      router: 'least_kv' as const,
    };
    const c = llmConfig(s);
    expect(c.llm).toMatchObject({
      prompt: { dist: 'lognormal', mean: 700, cv: 0.3 },
      output: { dist: 'lognormal', mean: 90, cv: 2 },
      shared_prefix: { tokens: 256, share: 0.25, groups: 4 },
      prefix_caching: true,
      router: 'least_kv',
    });
    expect(checkConfig(c).ok).toBe(true);
    // No share: neither a shared prefix nor prefix caching.
    const off = llmConfig({ ...s, prefixShare: 0 });
    expect(off.llm?.shared_prefix).toBeUndefined();
    expect(off.llm?.prefix_caching).toBeUndefined();
    // A mean above the preset's cap raises the cap (the mean asked for is what is drawn around).
    const long = llmConfig({ ...s, promptMean: 30000 });
    expect(long.llm?.prompt).toMatchObject({ mean: 30000, max: 120000 });
    expect(checkConfig(long).ok).toBe(true);
    // A trace brings its own lengths.
    const trace = llmConfig({ ...presetSettings('azure_code'), promptMean: 5 });
    expect(trace.llm?.prompt).toBeUndefined();
  });

  it('scales a trace to the rate asked for', () => {
    const s = presetSettings('azure_conv');
    expect(s.rate).toBeGreaterThan(3);
    const c = llmConfig({ ...s, rate: s.rate * 2 });
    expect(c.arrivals).toMatchObject({ process: 'trace', format: 'azure_llm', loop: true });
    expect((c.arrivals as { rate_scale: number }).rate_scale).toBeCloseTo(2, 5);
  });
});

describe('the Azure excerpts', () => {
  it.each([
    ['conv', 2000],
    ['code', 1500],
  ] as const)('%s: the first %i requests of the published trace', (name, rows) => {
    const full = parseAzureLlmTrace(
      readFileSync(
        new URL(`../../examples/llm/AzureLLMInferenceTrace_${name}.csv`, import.meta.url),
        'utf8',
      ),
    );
    const ours = parseAzureLlmTrace(azureCsv(AZURE_EXCERPTS[name]));
    expect(ours.count).toBe(rows);
    for (let i = 0; i < rows; i++) {
      expect(ours.prompt[i]).toBe(full.prompt[i]);
      expect(ours.output[i]).toBe(full.output[i]);
      expect(Math.abs(ours.times[i]! - full.times[i]!)).toBeLessThanOrEqual(1);
    }
    expect(excerptRate(AZURE_EXCERPTS[name])).toBeCloseTo(
      ((rows - 1) * 1000) / full.times[rows - 1]!,
      1,
    );
  });
});

describe('the block map raster', () => {
  it('fits 4 lanes x 8,192 blocks in the space given, cells at least 2 px', () => {
    const l = layoutBlocks([8192, 8192, 8192, 8192], 900, 420, 16);
    expect(l.cell).toBeGreaterThanOrEqual(2);
    expect(l.height).toBeLessThanOrEqual(420 + 4 * 16);
    expect(l.lanes.every((g) => g.cols * g.rows >= g.blocks)).toBe(true);
  });

  it('uses big cells for a small cache, within the maximum', () => {
    const l = layoutBlocks([256], 900, 300, 16, 14);
    expect(l.cell).toBe(14);
  });

  it('paints each cell in its owner’s colour', () => {
    const l = layoutBlocks([6], 30, 40, 0, 10);
    const px = new Uint32Array(l.width * l.height);
    const cells = Int32Array.of(5, CELL_FREE, CELL_PREEMPTED, 5, 9, CELL_FREE);
    rasterBlocks(l, cells, px, 0);
    const at = (i: number): number =>
      px[
        (l.lanes[0]!.top + Math.floor(i / l.lanes[0]!.cols) * l.cell) * l.width +
          (i % l.lanes[0]!.cols) * l.cell
      ]!;
    expect(at(0)).toBe(requestColour(5));
    expect(at(3)).toBe(requestColour(5));
    expect(at(1)).toBe(FIXED_COLOURS[CELL_FREE]);
    expect(at(2)).toBe(FIXED_COLOURS[CELL_PREEMPTED]);
    expect(at(4)).not.toBe(requestColour(5));
  });
});
