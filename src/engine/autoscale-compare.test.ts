// The claim about forecasting, as a test: on a daily cycle (a compressed day, three times
// over), the predictive autoscaler meets more SLOs than the Kubernetes HPA on no more
// replica-seconds, both sides replaying identical arrivals, and the comparison says by how much with
// an interval over seeds.

import { describe, expect, it } from 'vitest';
import {
  compareAutoscalers,
  runSide,
  scenarioArrivals,
  scenarioByName,
  scenarioConfig,
} from './autoscale-compare.ts';

const daily = scenarioByName('daily_cycle')!;

describe('HPA against predictive on the daily cycle', () => {
  const c = compareAutoscalers(daily, 'hpa', 'predictive', [1, 2, 3, 4, 5]);
  const fig = (id: string) => c.figures.find((f) => f.id === id)!;

  it('replays identical arrivals on both sides and accounts for every request', () => {
    c.a.runs.forEach((a, k) => {
      const b = c.b.runs[k]!;
      expect(b.arrived).toBe(a.arrived);
      expect(a.completed).toBe(a.arrived);
      expect(b.completed).toBe(b.arrived);
    });
    // A different seed draws a different day (the interval is over real variation).
    expect(new Set(c.a.runs.map((r) => r.arrived)).size).toBe(5);
  });

  it('predictive meets more SLOs on fewer replica-seconds, and the interval says so', () => {
    const att = fig('slo_attainment');
    const rs = fig('replica_s');
    expect(att.interval!.lo).toBeGreaterThan(0);
    expect(rs.interval!.hi).toBeLessThanOrEqual(0);
    // Every seed, not only on average.
    c.a.runs.forEach((a, k) => {
      expect(c.b.runs[k]!.slo_attainment).toBeGreaterThan(a.slo_attainment);
      expect(c.b.runs[k]!.replica_s).toBeLessThanOrEqual(a.replica_s);
    });
    expect(c.verdict).toMatch(
      /^predictive against hpa on daily_cycle over 5 seeds meets more SLOs on fewer replica-seconds: SLO attainment \+\d+\.\d points \(95 % CI \+\d+\.\d to \+\d+\.\d points\), replica-seconds -\d+\.\d % /,
    );
  });

  it('has its replicas in place before the second morning ramp, where the HPA is late', () => {
    // Second day: the ramp starts at 600 s; by 800 s the load asks for 2.5 replicas at full use.
    const a = c.a.runs[0]!.replicas;
    const b = c.b.runs[0]!.replicas;
    const at = (xs: number[], s: number) => xs[Math.min(s, xs.length - 1)]!;
    expect(at(b, 800)).toBeGreaterThan(at(a, 800));
    // ...and fewer requests wait for a cold start.
    expect(fig('cold_start_requests').b).toBeLessThan(fig('cold_start_requests').a);
  });
});

describe('an autoscaler against itself', () => {
  it('shows no difference at all: the pairing is exact', () => {
    const step = scenarioByName('step_load')!;
    const c = compareAutoscalers(step, 'hpa', 'hpa', [1, 2]);
    for (const f of c.figures) {
      expect(f.estimate).toBe(0);
      expect(f.interval).toEqual({ lo: 0, hi: 0, level: 0.95 });
    }
    expect(c.verdict).toContain('meets SLOs no differently');
  });

  it('is deterministic: the same seed gives the same run', () => {
    const step = scenarioByName('step_load')!;
    expect(scenarioArrivals(step, 3)).toBe(scenarioArrivals(step, 3));
    const one = runSide(scenarioConfig(step, 'ray_serve', 3));
    expect(runSide(scenarioConfig(step, 'ray_serve', 3))).toEqual(one);
  });
});
