// The seeds worker's job: bad requests are answered with problems naming the side and field, good
// ones with the paired figures of every seed.

import { describe, expect, it } from 'vitest';
import { runSeedsRequest } from './seeds-job.ts';
import { PROTOCOL_VERSION, type SeedsRequest } from './protocol.ts';
import type { ConfigInput } from '../engine/config.ts';

const config: ConfigInput = {
  seed: 1,
  jobs: 1000,
  arrivals: { process: 'poisson', rate_per_s: 80 },
  mix: { interactive_ratio: 0.3 },
  lanes: [{ kind: 'cpu', count: 1 }],
  service: { dist: 'exponential', mean_ms: 10 },
};

const request = (over: Partial<SeedsRequest>): SeedsRequest => ({
  v: PROTOCOL_VERSION,
  kind: 'seeds',
  id: 7,
  a: config,
  b: { ...config, scheduler: { name: 'priority_slo' } },
  seeds: [1, 2, 3],
  jobs: 2000,
  ...over,
});

describe('runSeedsRequest', () => {
  it('pairs A and B over the seeds, reporting progress per seed', () => {
    const progress: number[] = [];
    const reply = runSeedsRequest(request({}), (d) => progress.push(d));
    expect(progress).toEqual([1, 2, 3]);
    expect(reply.kind).toBe('seeds-result');
    if (reply.kind !== 'seeds-result') return;
    expect(reply.id).toBe(7);
    const p99 = reply.metrics.find((m) => m.id === 'interactive.p99')!;
    expect(p99.interval?.n).toBe(3);
    expect(p99.b).toBeLessThan(p99.a);
  });

  it('names the side and field of a bad config, and refuses too few seeds or too many jobs', () => {
    const reply = runSeedsRequest(
      request({ b: { ...config, lanes: [] }, seeds: [1], jobs: 10_000_000 }),
    );
    expect(reply.kind).toBe('seeds-error');
    if (reply.kind !== 'seeds-error') return;
    expect(reply.problems[0]).toMatch(/^B: lanes/);
    expect(reply.problems.some((p) => p.startsWith('jobs:'))).toBe(true);
    expect(reply.problems.some((p) => p.startsWith('seeds:'))).toBe(true);
  });
});
