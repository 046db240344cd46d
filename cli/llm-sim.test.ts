// `npm run sim` on LLM configs, in-process through the same main() a person's command runs: the
// files it writes (summary.json fields as named, trace.csv per request, steps.csv per step, plots),
// determinism, a user's LLM policy reproducing a built-in byte for byte, and clear refusals.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { main, type SimIo } from './run-sim.ts';

function run(...args: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: SimIo = { out: (l) => (out += l + '\n'), err: (l) => (err += l + '\n') };
  const status = main(args, io);
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'schedlab-llm-sim-'));
const config = join(dir, 'llm.json');
writeFileSync(
  config,
  JSON.stringify({
    seed: 4,
    jobs: 1500,
    arrivals: { process: 'poisson', rate_per_s: 40 },
    mix: { interactive_ratio: 0.6 },
    lanes: [{ kind: 'gpu', count: 2 }],
    faults: [{ lane: 1, at_ms: 5000, duration_ms: 4000 }],
    llm: {
      blocks: 900,
      max_num_seqs: 64,
      prompt: { dist: 'lognormal', mean: 600, cv: 1.2, max: 8000 },
      output: { dist: 'lognormal', mean: 120, cv: 1 },
      prefix_caching: true,
      shared_prefix: { tokens: 256, share: 0.5, groups: 3 },
    },
  }),
);

describe('npm run sim with an llm section', () => {
  it('writes summary.json with the LLM fields, trace.csv per request and steps.csv per step', () => {
    const out = join(dir, 'a');
    const r = run('--config', config, '--out', out, '--quiet');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/TTFT p50 [\d.]+ ms, p99 [\d.]+ ms; TPOT p50/);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.ledger).toMatchObject({ arrived: 1500, completed: 1500, queued: 0, running: 0 });
    for (const field of ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2e_ms']) {
      for (const q of ['p50', 'p90', 'p95', 'p99', 'mean']) expect(s[field][q]).toBeGreaterThan(0);
    }
    expect(s.tokens.generated).toBe(s.llm.token_ledger.sampled);
    expect(s.tokens.prompt_per_s).toBeGreaterThan(0);
    expect(s.goodput_per_s).toBeGreaterThan(0);
    expect(s.preemptions).toBeGreaterThan(0);
    expect(s.llm.prefix_cache.hit_rate).toBeGreaterThan(0.5);
    expect(s.llm.classes.interactive.count + s.llm.classes.batch.count).toBe(1500);
    const trace = csvParse(readFileSync(join(out, 'trace.csv'), 'utf8'));
    expect(trace).toHaveLength(1500);
    expect(trace.columns).toEqual(
      expect.arrayContaining([
        'prompt_tokens',
        'output_tokens',
        'ttft_ms',
        'tpot_ms',
        'preemptions',
        'lane',
      ]),
    );
    const outputs = trace.reduce((n, row) => n + Number(row.output_tokens), 0);
    expect(outputs).toBe(s.tokens.generated);
    const steps = csvParse(readFileSync(join(out, 'steps.csv'), 'utf8'));
    expect(steps).toHaveLength(s.llm.steps.count);
    expect(steps.every((st) => Number(st.blocks_in_use) <= 900)).toBe(true);
    for (const plot of [
      'ttft-cdf.svg',
      'tpot-cdf.svg',
      'itl-cdf.svg',
      'kv-timeline.svg',
      'latency-cdf.svg',
    ]) {
      expect(readFileSync(join(out, plot), 'utf8')).toMatch(/^<svg/);
    }
  });

  it('is deterministic: the same config and seed give the same bytes', () => {
    run('--config', config, '--out', join(dir, 'b'), '--quiet');
    run('--config', config, '--out', join(dir, 'c'), '--quiet');
    for (const f of ['trace.csv', 'steps.csv', 'summary.json']) {
      expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'c', f), 'utf8'));
    }
  });

  it('--policy examples/policies/shortest-prompt-first.js gives the built-in\u2019s files byte for byte', () => {
    const a = run(
      '--config',
      config,
      '--out',
      join(dir, 'spf'),
      '--quiet',
      '--scheduler',
      'shortest_prompt_first',
    );
    const b = run(
      '--config',
      config,
      '--out',
      join(dir, 'spf-js'),
      '--quiet',
      '--policy',
      'examples/policies/shortest-prompt-first.js',
    );
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    for (const f of ['trace.csv', 'steps.csv']) {
      expect(readFileSync(join(dir, 'spf-js', f), 'utf8')).toBe(
        readFileSync(join(dir, 'spf', f), 'utf8'),
      );
    }
    // And it is not what arrival order gives.
    run('--config', config, '--out', join(dir, 'fcfs'), '--quiet');
    expect(readFileSync(join(dir, 'fcfs', 'trace.csv'), 'utf8')).not.toBe(
      readFileSync(join(dir, 'spf', 'trace.csv'), 'utf8'),
    );
  });

  it('reports a user LLM policy\u2019s bad answers by line and falls back, the ledgers balanced', () => {
    const policy = join(dir, 'bad.js');
    writeFileSync(
      policy,
      [
        'export default {',
        '  llm: {',
        '    rank(r) {',
        "      if (r.id % 2) return 'soon';",
        '      return r.prompt;',
        '    },',
        '  },',
        '};',
      ].join('\n'),
    );
    const r = run('--config', config, '--out', join(dir, 'bad'), '--quiet', '--policy', policy);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(
      /bad\.js:4: invalid decision: rank returned a string; return a finite number/,
    );
    const s = JSON.parse(readFileSync(join(dir, 'bad', 'summary.json'), 'utf8'));
    expect(s.ledger.completed).toBe(1500);
    expect(s.policy.fallbacks).toBeGreaterThan(0);
  });

  it('refuses a policy of the other kind and a bad llm field, writing nothing', () => {
    const a = run('--config', config, '--out', join(dir, 'x'), '--scheduler', 'edf');
    expect(a.status).toBe(2);
    expect(a.err).toMatch(/"edf" schedules fixed-cost requests; this config serves an LLM/);
    const b = run(
      '--config',
      'examples/contract.json',
      '--out',
      join(dir, 'y'),
      '--scheduler',
      'chunked_prefill',
    );
    expect(b.status).toBe(2);
    expect(b.err).toMatch(
      /"chunked_prefill" is an LLM step scheduler; this config has no "llm" section/,
    );
    const badConfig = join(dir, 'bad.json');
    writeFileSync(
      badConfig,
      JSON.stringify({
        jobs: 5,
        arrivals: { process: 'poisson', rate_per_s: 1 },
        lanes: [{ kind: 'gpu' }],
        llm: { output: { dist: 'fixed', value: 0 }, block_tokens: -16 },
      }),
    );
    const c = run('--config', badConfig, '--out', join(dir, 'z'));
    expect(c.status).toBe(2);
    expect(c.err).toMatch(/llm\.output\.value/);
    expect(c.err).toMatch(/llm\.block_tokens/);
  });
});
