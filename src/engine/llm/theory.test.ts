// The LLM engine against queueing theory. With one-token outputs, one sequence a step and a fixed
// prompt, each request is one prefill step of fixed duration D: the lane is an M/D/1 queue and the
// mean wait is Pollaczek-Khinchine's rho D / (2 (1 - rho)). Little's law holds for requests (mean in
// the system = arrival rate x mean time in it) and for KV blocks (mean blocks in use = block-ms /
// time), each side counted by its own books: the pools' integral against the requests' own.

import { describe, expect, it } from 'vitest';
import { Engine } from '../engine.ts';
import { batchMeans } from '../test-support.ts';
import { llmTestConfig, roundStep } from './test-support.ts';
import type { LlmRequestRow, LlmTraceSink } from './trace-sink.ts';

class WaitSink implements LlmTraceSink {
  readonly wait: Float64Array;
  constructor(n: number) {
    this.wait = new Float64Array(n);
  }
  request(r: LlmRequestRow): void {
    this.wait[r.id] = r.firstScheduled - r.arrival;
  }
  step(): void {}
  flush(): void {}
}

describe('M/D/1: one-token answers, one sequence a step, a fixed prompt', () => {
  it.each([0.5, 0.8])(
    'mean wait matches Pollaczek-Khinchine within 3 %% at utilisation %s',
    (rho) => {
      const prompt = 256;
      const d = roundStep([{ tokens: prompt, cached: 0 }], []);
      const jobs = rho >= 0.8 ? 800_000 : 200_000;
      const config = llmTestConfig(
        {
          max_num_seqs: 1,
          prompt: { dist: 'fixed', value: prompt },
          output: { dist: 'fixed', value: 1 },
        },
        { seed: 5, jobs, arrivals: { process: 'poisson', rate_per_s: (rho * 1000) / d } },
      );
      const sink = new WaitSink(jobs);
      const engine = new Engine(config, { llmSink: sink });
      engine.runToEnd();
      const { mean, stderr } = batchMeans(sink.wait.subarray(jobs / 50));
      const expected = (rho * d) / (2 * (1 - rho));
      // 3 % is the bound; the run's own standard error must be well inside it to mean much.
      expect(stderr / expected).toBeLessThan(0.012);
      expect(Math.abs(mean - expected) / expected).toBeLessThan(0.03);
      const s = engine.summary();
      expect(s.ttft_ms!.mean).toBeCloseTo(s.queue_ms!.mean + d, 6);
    },
  );
});

describe("Little's law", () => {
  const config = llmTestConfig(
    {
      max_num_seqs: 32,
      blocks: 4000,
      prompt: { dist: 'lognormal', mean: 300, cv: 1 },
      output: { dist: 'lognormal', mean: 60, cv: 1 },
    },
    { seed: 9, jobs: 5000, arrivals: { process: 'poisson', rate_per_s: 20 } },
  );
  const engine = new Engine(config);
  engine.runToEnd();
  const s = engine.summary();
  const seconds = s.sim_time_s;

  it('holds for requests: time-average in the system = arrival rate x mean E2E', () => {
    const lambda = s.ledger.arrived / seconds;
    expect(s.ledger.completed).toBe(5000);
    expect(s.llm!.mean_in_system).toBeCloseTo(lambda * (s.e2e_ms!.mean / 1000), 6);
    expect(s.llm!.mean_in_system).toBeGreaterThan(1);
  });

  it('holds for KV blocks: the pools\u2019 mean blocks in use = the requests\u2019 block-ms / time', () => {
    const blockMs = engine.llm!.m.requestBlockMs;
    expect(s.llm!.kv_blocks.mean).toBeCloseTo(blockMs / (seconds * 1000), 6);
    expect(s.llm!.kv_blocks.mean).toBeGreaterThan(10);
  });
});
