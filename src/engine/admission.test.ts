// Admission control: under overload, turning away work that the predictor says cannot meet its SLO
// lowers the share of jobs that miss it, for any scheduler, and every turned-away job is in the
// ledger.

import { describe, expect, it } from 'vitest';
import type { ConfigInput } from './config.ts';
import { Engine } from './engine.ts';
import { testConfig } from './test-support.ts';
import type { SchedulerName } from './schedulers/registry.ts';

/** Two CPU lanes at 150% load, mixed classes and models. */
function overload(
  name: SchedulerName,
  mode: 'off' | 'reject' | 'drop' | 'both',
  over: Partial<ConfigInput> = {},
) {
  const config = testConfig({
    seed: 5,
    jobs: 6000,
    arrivals: { process: 'poisson', rate_per_s: 150 },
    mix: { interactive_ratio: 0.5, models: { a: 1, b: 1 } },
    classes: { interactive: { slo_ms: 60 }, batch: { slo_ms: 400 } },
    lanes: [{ kind: 'cpu', count: 2 }],
    service: { dist: 'lognormal', mean_ms: 20, cv: 0.3, model_ms: { a: 10, b: 30 } },
    scheduler: { name },
    admission: { mode },
    ...over,
  });
  const engine = new Engine(config);
  engine.runToEnd();
  return engine.summary();
}

describe('admission control', () => {
  for (const name of ['fifo', 'priority_slo', 'dynamic'] as const) {
    it(`lowers SLO violations under overload with ${name}`, () => {
      const off = overload(name, 'off');
      const both = overload(name, 'both');
      expect(off.overall.slo_violation_rate).toBeGreaterThan(0.3);
      expect(both.overall.slo_violation_rate).toBeLessThan(off.overall.slo_violation_rate * 0.8);
      expect(both.overall.goodput_per_s).toBeGreaterThan(off.overall.goodput_per_s);
    });
  }

  it('counts every job it turns away in the ledger, and reports how many in summary.json', () => {
    for (const mode of ['reject', 'drop', 'both'] as const) {
      const s = overload('fifo', mode);
      const l = s.ledger;
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
      expect(l.queued + l.running).toBe(0);
      expect(s.admission?.mode).toBe(mode);
      expect(s.admission!.rejected).toBe(l.rejected);
      expect(s.admission!.dropped).toBe(l.dropped);
      if (mode !== 'drop') expect(l.rejected).toBeGreaterThan(0);
      if (mode === 'drop') expect(l.dropped).toBeGreaterThan(0);
    }
  });

  it('turns almost nothing away at light load', () => {
    // At 20% load only a job caught behind a rare queue could be predicted late.
    const s = overload('fifo', 'both', { arrivals: { process: 'poisson', rate_per_s: 20 } });
    expect(s.ledger.rejected + s.ledger.dropped).toBeLessThanOrEqual(6);
  });

  it('leaves a class alone when told to', () => {
    const s = overload('fifo', 'both', { admission: { mode: 'both', classes: ['batch'] } });
    expect(s.classes.interactive.rejected + s.classes.interactive.dropped).toBe(0);
    expect(s.classes.batch.rejected + s.classes.batch.dropped).toBeGreaterThan(0);
  });
});
