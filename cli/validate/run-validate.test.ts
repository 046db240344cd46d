// validate's harness with stand-in lanes (answers after a fixed time per model) driven through the
// real engine host and live executor: the live runs and the simulation's replays see the same
// arrivals job by job, and validate.json has a row for every case, class and metric.

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

/** Stand-in service times, ms. */
const MS: Partial<Record<ModelId, number>> = { ppocr_cls: 2, silero_vad: 1 };

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
    Array.from({ length: n }, (_, i) => MS[model]! * (0.9 + 0.2 * ((i * 7) % 11) * 0.1));
  return {
    run(id, model, batch) {
      setTimeout(() => {
        if (alive) handlers.done?.(id, MS[model]! * batch, 'ok');
      }, MS[model]! * batch);
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
        const r = await liveRun(c.config, live, fakeLane, 60_000);
        return { log: r.record.log, runs: r.runs, servingMs: r.servingMs, startupMs: r.startupMs };
      },
    });
    expect(result.cases.map((c) => c.label)).toEqual(['30%', '50%', '70%', '85%', 'bursty']);
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
      writeReport(OutputFolder.check(dir), result, {
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
      };
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
        ] as const) {
          expect(Number.isFinite(r[field]), `${r.load} ${r.class} ${r.metric} ${field}`).toBe(true);
        }
      }
      const svg = readFileSync(join(dir, 'cdf-30pct.svg'), 'utf8');
      expect(svg).toContain('predicted (simulation)');
      expect(readFileSync(join(dir, 'validate.md'), 'utf8')).toContain(
        '| 30% | interactive | p50 |',
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
