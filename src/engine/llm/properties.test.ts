// Invariants over random LLM configs, checked after every event: the job ledger balances, no lane
// holds more blocks than it has (nor fewer than none), and at the end the token ledger balances
// (tokens sampled = outputs of completed requests + tokens of requests still in flight), over
// policies, preemption modes, prefix caching, routers, disaggregation and lane faults.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine.ts';
import { LLM_SCHEDULER_NAMES } from '../schedulers/registry.ts';
import { ROUTER_NAMES } from './config-sections.ts';
import { llmTestConfig } from './test-support.ts';

const arbitraryRun = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  scheduler: fc.constantFrom(...LLM_SCHEDULER_NAMES),
  preemption: fc.constantFrom('recompute' as const, 'swap' as const),
  router: fc.constantFrom(...ROUTER_NAMES),
  lanes: fc.integer({ min: 1, max: 3 }),
  blocks: fc.integer({ min: 40, max: 400 }),
  blockTokens: fc.constantFrom(1, 4, 16),
  maxSeqs: fc.integer({ min: 1, max: 16 }),
  maxTokens: fc.integer({ min: 64, max: 2048 }),
  rate: fc.double({ min: 1, max: 60, noNaN: true }),
  prefix: fc.boolean(),
  disaggregate: fc.boolean(),
  fault: fc.option(
    fc.record({
      at: fc.integer({ min: 0, max: 5000 }),
      duration: fc.integer({ min: 1, max: 3000 }),
    }),
  ),
});

describe('LLM invariants over random configs', () => {
  it('balances both ledgers and never over-fills a lane', () => {
    // What the runs exercised, so the property cannot pass by never reaching the hard cases.
    const seen = { recompute: 0, swap: 0, prefixHits: 0, transfers: 0, faults: 0, rejected: 0 };
    fc.assert(
      fc.property(arbitraryRun, (r) => {
        const lanes = r.disaggregate ? Math.max(2, r.lanes) : r.lanes;
        const config = llmTestConfig(
          {
            scheduler: { name: r.scheduler },
            preemption: r.preemption,
            router: r.router,
            blocks: r.blocks,
            block_tokens: r.blockTokens,
            max_num_seqs: r.maxSeqs,
            max_num_batched_tokens: r.maxTokens,
            prefix_caching: r.prefix,
            prompt: { dist: 'lognormal', mean: 60, cv: 1, max: 400 },
            output: { dist: 'lognormal', mean: 20, cv: 1, max: 200 },
            ...(r.prefix ? { shared_prefix: { tokens: 32, share: 0.7, groups: 2 } } : {}),
            ...(r.disaggregate ? { disaggregation: { prefill_lanes: 1 } } : {}),
          },
          {
            seed: r.seed,
            jobs: 150,
            arrivals: { process: 'poisson', rate_per_s: r.rate },
            mix: { interactive_ratio: 0.5 },
            lanes: [{ kind: 'gpu', count: lanes }],
            faults: r.fault ? [{ lane: 0, at_ms: r.fault.at, duration_ms: r.fault.duration }] : [],
          },
        );
        const engine = new Engine(config);
        const server = engine.llm!;
        let events = 0;
        while (engine.step()) {
          events++;
          const l = engine.ledger();
          if (l.arrived !== l.completed + l.rejected + l.dropped + l.queued + l.running) {
            throw new Error(`ledger unbalanced after event ${events}: ${JSON.stringify(l)}`);
          }
          for (const lane of server.lanes) {
            if (lane.pool.used > lane.pool.total || lane.pool.used < 0 || lane.pool.free < 0) {
              throw new Error(
                `lane ${lane.index} holds ${lane.pool.used} of ${lane.pool.total} blocks`,
              );
            }
          }
        }
        const s = engine.summary();
        expect(s.ledger.queued + s.ledger.running).toBe(0);
        expect(s.ledger.arrived).toBe(150);
        expect(s.llm!.token_ledger.balanced).toBe(true);
        expect(s.llm!.token_ledger.in_flight).toBe(0);
        for (const lane of server.lanes) expect(lane.pool.used).toBe(0);
        const p = s.llm!.preemption;
        seen.recompute += p.recompute;
        seen.swap += p.swap;
        seen.prefixHits += s.llm!.prefix_cache.hit_tokens;
        seen.transfers += s.llm!.disaggregation?.transfers ?? 0;
        seen.faults += r.fault ? 1 : 0;
        seen.rejected += s.ledger.rejected;
      }),
      { numRuns: process.env.SCHEDLAB_FUZZ === 'long' ? 2000 : 150, seed: 22 },
    );
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });
});
