// validate's harness with stand-in lanes (answers after a fixed time per model) driven through the
// real engine host and live executor: the live runs and the simulation's replays see the same
// arrivals job by job, and validate.json has a row for every case, class and metric. The stand-ins
// run 50 % slower during one case: the drift probes around it see it, and its drift-corrected
// prediction is slower than the prediction.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFolder } from '../io/output-folder.ts';
import type { LaneHandlers, LaneOptions } from '../../src/workers/lanes/lane-client.ts';
import type { ModelId } from '../../src/models/manifest.ts';
import { JobLog } from '../../src/workers/job-log.ts';
import { arrivalDifferences } from '../../src/workers/sim-check.ts';
import { liveRun } from './live-run.ts';
import { CLASSES, METRICS, type Row } from './figures.ts';
import { runValidate, type ValidateLane, type ValidateOptions } from './run-validate.ts';
import { writeReport } from './report.ts';

/** Stand-in service times, ms, times `speed.factor` (the lanes' drift). */
const MS: Partial<Record<ModelId, number>> = { ppocr_cls: 2, silero_vad: 1 };
const speed = { factor: 1 };

function fakeLane(_options: LaneOptions, handlers: LaneHandlers): ValidateLane {
  let alive = true;
  setTimeout(() =>
    handlers.status?.({
      type: 'status',
      health: 'ready',
      progress: 1,
      detail: 'ready',
      info: { provider: 'wasm', ort: 'fake', isolated: true, threadsRequested: 1, threads: 1 },
    }),
  );
  const times = (model: ModelId, n: number): number[] =>
    Array.from(
      { length: n },
      (_, i) => MS[model]! * speed.factor * (0.9 + 0.2 * ((i * 7) % 11) * 0.1),
    );
  return {
    run(id, model, batch) {
      const ms = MS[model]! * batch * speed.factor;
      setTimeout(() => {
        if (alive) handlers.done?.(id, ms, 'ok');
      }, ms);
    },
    inject() {},
    terminate() {
      alive = false;
    },
    ready: () => Promise.resolve(),
    profileRuns: async (model, batches, runs) => {
      const out = { ms: {} as Record<string, number>, times: {} as Record<string, number[]> };
      for (const b of batches) {
        out.times[String(b)] = times(model, runs).map((t) => t * b);
        out.ms[String(b)] = MS[model]! * b;
      }
      return out;
    },
    timedRun: async (model) => ({ laneMs: MS[model]!, roundtripMs: MS[model]! + 0.3 }),
  };
}

const OPTIONS: ValidateOptions = {
  seed: 5,
  jobs: 60,
  lanes: 2,
  models: { ppocr_cls: 1, silero_vad: 1 },
  interactiveRatio: 0.5,
  loads: [0.3, 0.5, 0.7, 0.85],
  bursty: true,
  repeats: 3,
  threads: 1,
  warmupRuns: 0,
  pacing: 'event',
  replays: 2,
  probeJobs: 40,
  probeLoad: 0.5,
  probeMs: 20,
  calibration: { spreadBudgetMs: 10, minSpreadRuns: 20, pings: 5, sharingRuns: 5 },
};

describe('npm run validate', () => {
  it('serves each case live and replays the very same arrivals in the simulation; validate.json has every row', async () => {
    const result = await runValidate(OPTIONS, {
      spawn: fakeLane,
      loadavg: () => [0.5, 0.5, 0.5],
      log: () => {},
      liveRun: async (c, live) => {
        // The lanes slow down when the 50 % case starts (not the serving probe, also at 50 %, with
        // its own seed) and recover when the next one starts.
        speed.factor = c.label === '50%' && c.config.seed === OPTIONS.seed ? 1.5 : 1;
        const r = await liveRun(c.config, live, fakeLane, 60_000);
        return { log: r.record.log, runs: r.runs, servingMs: r.servingMs, startupMs: r.startupMs };
      },
    });
    expect(result.cases.map((c) => c.label)).toEqual(['30%', '50%', '70%', '85%', 'bursty']);
    // A probe before each case and after each repeat; the serving probe is bracketed too.
    expect(result.served?.driftProbes).toHaveLength(2);
    for (const c of result.cases) expect(c.drift.probes).toHaveLength(4);
    const drifts = Object.fromEntries(
      result.cases.map((c) => [c.label, c.drift.probes.map((p) => Math.round(p.driftPct))]),
    );
    // The probe before the 50 % case ran before its lanes slowed; the three after saw +50 %; the
    // 70 % case's first probe still did.
    expect(drifts).toEqual({
      '30%': [0, 0, 0, 0],
      '50%': [0, 50, 50, 50],
      '70%': [50, 0, 0, 0],
      '85%': [0, 0, 0, 0],
      bursty: [0, 0, 0, 0],
    });
    const slow = result.cases[1]!;
    expect(slow.drift.pct).toBeCloseTo(37.5, 0);
    // Its prediction came from the serving probe's 40 runs at 0 % and the other cases' 180 runs
    // each, the 70 % case's at +12.5 %: a basis of about +3 %, so its times run x1.375 / 1.03.
    expect(slow.drift.basisPct).toBeCloseTo((12.5 * 180) / (40 + 4 * 180), 0);
    expect(slow.drift.factor).toBeCloseTo(
      (1 + slow.drift.pct / 100) / (1 + slow.drift.basisPct / 100),
      9,
    );
    expect(slow.drift.factor).toBeGreaterThan(1.3);
    for (const r of slow.rows) {
      expect(r.drift_pct).toBeCloseTo(37.5, 0);
      if (r.metric === 'mean') {
        expect(r.drift_corrected_predicted_ms!).toBeGreaterThan(r.predicted_ms);
      }
    }
    // Each repeat's drift is the mean of the probes around it (the first repeat sits between the
    // probe before the slowdown and one after it); these stand-ins do not slow each other down, so
    // the together probes read what the alone ones do.
    expect(slow.drift.repeatPct.map(Math.round)).toEqual([25, 50, 50]);
    expect(slow.drift.repeatTogetherPct.map(Math.round)).toEqual([25, 50, 50]);
    expect(slow.drift.togetherPct).toBeCloseTo(slow.drift.pct, 6);
    for (const r of slow.rows) {
      const c = r.corrections!;
      expect(Object.keys(c).sort()).toEqual([
        'case_alone',
        'case_together',
        'repeat_alone',
        'repeat_together',
      ]);
      // The per-case correction by the alone probes is the row's drift_corrected_*.
      expect(c.case_alone!.predicted_ms).toBeCloseTo(r.drift_corrected_predicted_ms!, 3);
      expect(c.case_alone!.drift_pct.map(Math.round)).toEqual([38, 38, 38]);
      expect(c.repeat_alone!.drift_pct.map(Math.round)).toEqual([25, 50, 50]);
      expect(c.repeat_alone!.repeat_error_pct).toHaveLength(3);
      if (r.metric === 'mean') {
        // Later repeats are predicted slower than the first, so their mean is above the
        // uncorrected prediction's.
        expect(c.repeat_alone!.predicted_ms).toBeGreaterThan(r.predicted_ms);
      }
    }
    // The serving probe ran its own jobs, and the model's own error is reported beside the
    // prediction's, row for row.
    expect(result.served?.runs).toBe(OPTIONS.probeJobs);
    expect(result.served?.followed ?? 0).toBeGreaterThan(0);
    expect(result.ownRows.map((r) => `${r.load}/${r.class}/${r.metric}`)).toEqual(
      result.rows.map((r) => `${r.load}/${r.class}/${r.metric}`),
    );
    for (const c of result.cases) {
      expect(c.repeats).toHaveLength(3);
      for (const r of c.repeats) {
        expect(r.arrivals).toBe(OPTIONS.jobs);
        expect(r.arrivalsIdentical).toBe(true);
      }
      // Independently: every job of the live run and of the simulation's replay, by id.
      const { liveLog, simLog } = c;
      expect(liveLog.count).toBe(OPTIONS.jobs);
      expect(simLog.count).toBe(OPTIONS.jobs);
      const byId = (log: JobLog) =>
        Array.from({ length: log.count }, (_, i) => log.row(i))
          .sort((a, b) => a.id - b.id)
          .map((j) => [j.id, j.arrival, j.cls, j.model]);
      expect(byId(simLog)).toEqual(byId(liveLog));
    }

    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    try {
      const written = writeReport(OutputFolder.check(dir), result, {
        command: 'test',
        date: '',
        machine: 'test',
        node: process.version,
        ort: 'fake',
        lanes: 2,
        threads: 1,
        models: { ppocr_cls: 1, silero_vad: 1 },
        interactive_ratio: 0.5,
        jobs: OPTIONS.jobs,
        repeats: 3,
        replays: 2,
        pacing: 'event',
        seed: 5,
        wall_s: 1,
        loadavg: { first: 0.5, last: 0.5, max: 0.5 },
      });
      const json = JSON.parse(readFileSync(join(dir, 'validate.json'), 'utf8')) as {
        rows: Row[];
        targets_drift_corrected: unknown[];
        targets_by_correction: Record<string, unknown[]>;
        corrections: { correction: string; met: number; of: number }[];
        cases: { drift: { pct: number; probes: unknown[] } }[];
      };
      expect(json.targets_drift_corrected).toHaveLength(written.checks.length);
      // Each correction is checked against the same targets, and summarised beside no correction.
      for (const k of ['case_alone', 'case_together', 'repeat_alone', 'repeat_together']) {
        expect(json.targets_by_correction[k]).toHaveLength(written.checks.length);
      }
      expect(json.corrections.map((c) => c.correction)).toEqual([
        'none',
        'case_alone',
        'case_together',
        'repeat_alone',
        'repeat_together',
      ]);
      expect(json.corrections[1]!.met).toBe(written.corrected.filter((t) => t.met).length);
      expect(json.cases[1]!.drift.probes).toHaveLength(4);
      const keys = json.rows.map((r) => `${r.load}/${r.class}/${r.metric}`);
      const want = ['30%', '50%', '70%', '85%', 'bursty'].flatMap((load) =>
        CLASSES.flatMap((cls) => METRICS.map((m) => `${load}/${cls}/${m}`)),
      );
      expect(keys).toEqual(want);
      for (const r of json.rows) {
        for (const field of [
          'predicted_ms',
          'measured_ms',
          'error_pct',
          'live_spread_pct',
          'drift_pct',
          'drift_corrected_predicted_ms',
          'drift_corrected_error_pct',
        ] as const) {
          expect(Number.isFinite(r[field]), `${r.load} ${r.class} ${r.metric} ${field}`).toBe(true);
        }
      }
      const svg = readFileSync(join(dir, 'cdf-30pct.svg'), 'utf8');
      expect(svg).toContain('predicted (simulation)');
      const md = readFileSync(join(dir, 'validate.md'), 'utf8');
      expect(md).toContain('| 30% | interactive | p50 |');
      // The case tables carry the drift columns; the 50 % case's rows its +37.5 % drift.
      expect(md).toContain('| drift % | drift-corrected error % |');
      expect(md).toMatch(/\| all \| p50 \| [^\n]* \| \+3[78]\.\d \| [+-]\d/);
      expect(md).toMatch(/Targets met: \d+ of \d+; drift-corrected \d+ of \d+/);
      expect(md).toMatch(/\| per repeat, probes together \| \d+ of \d+ \| [\d.]+ % \|/);
      expect(md).toMatch(
        /Per repeat \(the probes around it\), alone \+2[45]\.\d %, \+(49|50)\.\d %/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('tells arrivals apart when one job differs', () => {
    const a = new JobLog(4);
    const b = new JobLog(4);
    for (const log of [a, b]) {
      log.job(0, 0, 0, 0, 1, 1, 2, 100, 'completed', 1, 0, 1);
      log.job(1, 1, 1, 0, 3, 3, 4, 1000, 'completed', 1, 1, 1);
    }
    expect(arrivalDifferences(a, b)).toEqual([]);
    const c = new JobLog(4);
    c.job(0, 0, 0, 0, 1, 1, 2, 100, 'completed', 1, 0, 1);
    c.job(1, 1, 1, 0, 3.5, 3.5, 4, 1000, 'completed', 1, 1, 1);
    expect(arrivalDifferences(a, c)).toEqual([
      'job 1: arrival 3 / 3.5 ms, class 1 / 1, model 1 / 1',
    ]);
  });
});
