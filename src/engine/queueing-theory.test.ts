// The engine against closed-form queueing results. The tolerance of each check is derived from the
// run itself (a standard error by batch means), so a longer run tightens it rather than luck.

import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { batchMeans, testConfig } from './test-support.ts';
import type { TraceSink } from './trace-writer.ts';

/** Erlang C: probability an arrival waits in M/M/c with offered load a = lambda/mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

/** Wait of each job by arrival id, for a run whose ids are 0..jobs-1. */
class WaitSink implements TraceSink {
  readonly wait: Float64Array;
  constructor(jobs: number) {
    this.wait = new Float64Array(jobs);
  }
  job(id: number, _c: number, _m: number, _l: number, arrival: number, start: number): void {
    this.wait[id] = start - arrival;
  }
  flush(): void {}
}

function simulateWaits(
  c: number,
  rho: number,
  dist: 'exponential' | 'deterministic',
  jobs: number,
): Float64Array {
  const meanMs = 1;
  const config = testConfig({
    seed: 11 + c,
    jobs,
    arrivals: { process: 'poisson', rate_per_s: (rho * c * 1000) / meanMs },
    lanes: [{ kind: 'cpu', count: c }],
    service: { dist, mean_ms: meanMs },
    mix: { interactive_ratio: 1, models: { m: 1 } },
  });
  const sink = new WaitSink(jobs);
  new Engine(config, { trace: sink }).runToEnd();
  // Drop the first 2% as warm-up: the run starts from an empty system.
  return sink.wait.subarray(Math.floor(jobs * 0.02));
}

describe('M/M/c with FIFO', () => {
  const cases = [1, 2, 4].flatMap((c) => [0.5, 0.7, 0.9].map((rho) => ({ c, rho })));
  it.each(cases)('mean wait matches Erlang C for c=$c at utilisation $rho', ({ c, rho }) => {
    const jobs = rho >= 0.9 ? 600_000 : 200_000;
    const { mean, stderr } = batchMeans(simulateWaits(c, rho, 'exponential', jobs));
    const a = rho * c;
    const expected = erlangC(c, a) / (c - a); // in units of the 1 ms mean service time
    // Four standard errors, plus the sketch-free exactness of the mean (no extra slack needed).
    expect(Math.abs(mean - expected)).toBeLessThan(4 * stderr);
    // And the check is meaningful: the standard error is small against the mean.
    expect(stderr / expected).toBeLessThan(0.1);
  });
});

describe('M/D/1', () => {
  it.each([0.5, 0.7, 0.9])('mean wait matches Pollaczek-Khinchine at utilisation %s', (rho) => {
    const jobs = rho >= 0.9 ? 600_000 : 200_000;
    const { mean, stderr } = batchMeans(simulateWaits(1, rho, 'deterministic', jobs));
    // P-K for deterministic service S = 1 ms: Wq = rho S / (2 (1 - rho)).
    const expected = rho / (2 * (1 - rho));
    expect(Math.abs(mean - expected)).toBeLessThan(4 * stderr);
    expect(stderr / expected).toBeLessThan(0.1);
  });
});

describe('Erlang C helper', () => {
  it('reduces to utilisation for a single server', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });
  it('matches a published table value (c=2, a=1: 1/3)', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });
});
