// validate --llm's model and lane: the choice is parsed and checked by name before anything runs,
// each model and lane has its own run size, and a short real run on the tiny decoder goes through
// the whole path (the lane opened from the options, calibration with the plan's size, a drift
// probe, a live repeat, the twin) and writes a report whose every figure names the model, lane and
// device. GPT-2 small's own run is too slow for a unit test (its graph takes seconds to make and a
// mean request about 0.75 s to serve): its wiring is checked here by the file the lane makes and the
// plan it gets; its figures come from `npm run validate -- --llm --model gpt2_small --quick`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OptionError } from '../io/options.ts';
import { OutputFolder } from '../io/output-folder.ts';
import { decoderFile } from '../../src/models/decoders/decoder-files.ts';
import { parametersOf } from '../../src/models/decoders/decoder-config.ts';
import { CALIBRATION_SHAPES, PROBE_SHAPES } from '../../src/workers/lanes/decoder-calibration.ts';
import { llmPlan } from './llm-lane.ts';
import { parseLlmValidateArgs, runLlmValidate } from './llm-validate.ts';
import { writeLlmReport } from './llm-report.ts';
import { LLM_METRICS } from './llm-cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'validate-llm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate --llm: model and lane', () => {
  it('defaults to the tiny decoder on WASM, with the sizes the README gives', () => {
    const o = parseLlmValidateArgs(['--llm', '--quick']);
    expect(o).toMatchObject({ model: 'decoder_tiny', lane: 'wasm', requests: 80, repeats: 2 });
    expect(o.calibration).toMatchObject({ rounds: 3, stepsPerShape: 3 });
  });

  it('gives GPT-2 small a smaller run, on the same shapes, and the WebGPU lane the shortest', () => {
    const g = parseLlmValidateArgs(['--llm', '--quick', '--model', 'gpt2_small']);
    expect(g).toMatchObject({ model: 'gpt2_small', lane: 'wasm', requests: 30, repeats: 2 });
    expect(g.loads).toEqual([0.3, 0.5, 0.7]);
    expect(g.calibration.shapes).toBe(CALIBRATION_SHAPES);
    expect(g.calibration.rounds).toBe(2);
    const full = parseLlmValidateArgs(['--llm', '--model', 'gpt2_small']);
    expect(full).toMatchObject({ requests: 100, repeats: 3, loads: [0.3, 0.5, 0.7, 0.85] });
    // What the command line says wins over the plan.
    expect(
      parseLlmValidateArgs([
        '--llm',
        '--model',
        'gpt2_small',
        '--requests',
        '12',
        '--loads',
        '0.4',
      ]),
    ).toMatchObject({ requests: 12, loads: [0.4] });
    const w = parseLlmValidateArgs(['--llm', '--quick', '--lane', 'webgpu']);
    expect(w).toMatchObject({ lane: 'webgpu', requests: 10, loads: [0.5], repeats: 1 });
    // SwiftShader sets up no 160-token contexts: every shape stays within 64.
    expect(w.calibration.shapes.every((s) => s.context <= 64)).toBe(true);
    expect(w.calibration.shapes.length).toBeGreaterThanOrEqual(10);
    expect(w.probe.shapes.every((s) => s.context <= 32 && (s.prefillTokens ?? 0) <= 32)).toBe(true);
    expect(g.probe.shapes).toBe(PROBE_SHAPES);
  });

  it('makes GPT-2 small from the file npm run models recorded (124,439,808 parameters)', () => {
    expect(parametersOf('gpt2_small')).toBe(124_439_808);
    expect(decoderFile('gpt2_small', 'standard').bytes).toBeGreaterThan(4 * 124_439_808);
    expect(llmPlan('gpt2_small', 'wasm', true).requests).toBeLessThan(
      llmPlan('decoder_tiny', 'wasm', true).requests,
    );
  });

  it.each([
    [['--model', 'gpt3'], /--model: "gpt3" is not one of decoder_tiny, gpt2_small/],
    [['--model', 'GPT2_small'], /--model: "GPT2_small" is not one of/],
    [['--lane', 'cuda'], /--lane: "cuda" is not one of wasm, webgpu/],
    [['--model', 'gpt2_small', '--model', 'decoder_tiny'], /--model: given more than once/],
  ])('refuses %j, naming the option and what it may be', (argv, message) => {
    expect(() => parseLlmValidateArgs(['--llm', ...argv])).toThrow(OptionError);
    expect(() => parseLlmValidateArgs(['--llm', ...argv])).toThrow(message);
  });
});

describe('validate --llm: a short real run', () => {
  it('calibrates, probes, serves live and writes rows that name model, lane and device', async () => {
    const o = {
      ...parseLlmValidateArgs(['--llm', '--requests', '10', '--loads', '0.5', '--repeats', '1']),
      out: join(dir, 'out'),
      // A few shapes that still vary every term apart, one round, one step each.
      calibration: {
        rounds: 1,
        stepsPerShape: 2,
        shapes: CALIBRATION_SHAPES.filter((s) => s.context <= 64 && (s.prefillTokens ?? 0) <= 32),
      },
      probe: { shapes: PROBE_SHAPES, steps: 1 },
    };
    const lines: string[] = [];
    const r = await runLlmValidate(o, (l) => lines.push(l));
    expect(r.model).toBe('decoder_tiny');
    expect(r.lane).toBe('wasm');
    expect(r.backend).toMatch(/^cpu lane: decoder_tiny \(standard operators\) on onnxruntime-web/);
    expect(r.device).toMatch(/cores; load average/);
    expect(lines[0]).toMatch(/decoder_tiny: made from its seed/);
    // Every shape timed twice (the fit's quality depends on the machine's load: not asserted).
    expect(r.calibration.samples).toHaveLength(2 * o.calibration.shapes.length);
    for (const v of Object.values(r.calibration.coefficients)) expect(v).toBeGreaterThanOrEqual(0);
    const [c] = r.cases;
    expect(c!.live).toHaveLength(1);
    expect(c!.live[0]!.summary.ledger.completed).toBe(10);
    expect(c!.twin.ledger.completed).toBe(10);
    expect(c!.probes).toHaveLength(2);
    const metrics = new Set(c!.rows.filter((x) => x.class === 'all').map((x) => x.metric));
    expect([...metrics].sort()).toEqual([...LLM_METRICS].sort());

    const out = OutputFolder.check(o.out);
    writeLlmReport(out, r, { command: 'test', date: '2026-12-06', wall_s: 1, options: o });
    const json = JSON.parse(readFileSync(join(o.out, 'validate.json'), 'utf8')) as {
      model: string;
      lane: string;
      rows: { model: string; lane: string; device: string; metric: string }[];
    };
    expect(json.model).toBe('decoder_tiny');
    expect(json.rows.length).toBe(c!.rows.length);
    for (const row of json.rows) {
      expect(row).toMatchObject({ model: 'decoder_tiny', lane: 'wasm', device: r.device });
    }
    expect(readFileSync(join(o.out, 'validate.md'), 'utf8')).toContain(
      'Model: decoder_tiny. Lane: wasm, cpu lane:',
    );
  }, 90_000);
});
