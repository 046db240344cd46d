// The page's "Check the simulation" measures drift like `npm run validate`: the live executor times
// the mix on its lanes (alone, then all together) once they are first ready and before the run's
// clock starts; the check times them again, and reports the run's drift beside each error with a
// prediction whose service times are scaled by it. Here the "live" run is the simulation itself run
// 20 % slow, so the drift-corrected prediction must land on it where the plain one does not.

import { describe, expect, it } from 'vitest';
import { checkConfig, expandLanes, type Config } from '../engine/config.ts';
import type { ModelId } from '../models/manifest.ts';
import type { ProbePoint, ProbeTimes } from '../profiler/drift-probe.ts';
import {
  scaledService,
  type CalibratedService,
  type LaneCalibration,
} from '../profiler/lane-calibration.ts';
import { checkLiveRun, runDrift } from './live-check.ts';
import { LiveExecutor, type LaneHandle, type LaneSpawner } from './live-executor.ts';
import type { LiveExecutor as Executor } from './live-executor.ts';
import { Engine } from '../engine/engine.ts';
import { JobLog } from './job-log.ts';

/** The "live" run: the config's arrivals served with service times x`factor`. */
function served(c: Config, factor: number): JobLog {
  const log = new JobLog(1000);
  const s = { ...scaledService(service, factor), model_ms: {}, mean_ms: 1 };
  new Engine({ ...c, service: s }, { trace: log }).runToEnd();
  return log;
}

const REF: Partial<Record<ModelId, number>> = { ppocr_cls: 4, silero_vad: 2 };
const MIX = { ppocr_cls: 1, silero_vad: 1 };

const service: CalibratedService = {
  dist: 'profile',
  gpu_speedup: 1,
  cv: 0,
  profile: { ppocr_cls: { cpu: { '1': 4 } }, silero_vad: { cpu: { '1': 2 } } },
  overhead_ms: 0,
  spread: {},
  sharing: {},
};
const calibration = {
  service,
  batch1: (['ppocr_cls', 'silero_vad'] as const).map((model) => ({
    model,
    kind: 'cpu',
    meanMs: REF[model]!,
    medianMs: REF[model]!,
    cv: 0,
    runs: 10,
  })),
  overhead: [],
  sharing: [],
} as unknown as LaneCalibration;

/** A probe point on two CPU lanes whose alone runs take `alone` x the calibration's times and
 * together runs `together` x. */
function point(alone: number, together: number): ProbePoint {
  const times = (mode: 'alone' | 'together', f: number): ProbeTimes => ({
    mode,
    wallMs: 1,
    times: [0, 1].flatMap((lane) =>
      (['ppocr_cls', 'silero_vad'] as const).map((model) => ({
        lane,
        model,
        ms: [REF[model]! * f, REF[model]! * f],
      })),
    ),
  });
  return {
    lanes: [
      { name: 'cpu0', kind: 'cpu' },
      { name: 'cpu1', kind: 'cpu' },
    ],
    alone: times('alone', alone),
    together: times('together', together),
  };
}

function config(): Config {
  const checked = checkConfig({
    seed: 11,
    jobs: 400,
    arrivals: { process: 'poisson', rate_per_s: 250 },
    mix: { interactive_ratio: 0.5, models: MIX },
    lanes: [{ kind: 'cpu', count: 2 }],
    service: { dist: 'deterministic', mean_ms: 1 },
    scheduler: { name: 'fifo' },
  });
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  return checked.config;
}

describe("the page's check measures drift", () => {
  it('takes the run drift from its start and check probes, against the probe after calibration', () => {
    // Start: alone +40 %, together +80 %; at the check (right after calibrating): 0 and +20 %.
    const d = runDrift(calibration, MIX, point(1.4, 1.8), point(1, 1.2), point(1, 1.2));
    expect(d.alone.startPct).toBeCloseTo(40, 9);
    expect(d.alone.endPct).toBeCloseTo(0, 9);
    expect(d.alone.runPct).toBeCloseTo(20, 9);
    expect(d.alone.factor).toBeCloseTo(1.2, 9);
    expect(d.together.runPct).toBeCloseTo(50, 9);
    expect(d.together.basisPct).toBeCloseTo(20, 9);
    expect(d.together.factor).toBeCloseTo(1.5 / 1.2, 9);
  });

  it('the executor probes the mix when its lanes are first ready, and the clock waits for it', async () => {
    const calls: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handlers: Parameters<LaneSpawner>[1][] = [];
    const spawn: LaneSpawner = (options, h) => {
      handlers.push(h);
      const lane: LaneHandle = {
        run: () => {},
        inject: () => {},
        terminate: () => {},
        profileRuns: async (model, _b, runs) => {
          calls.push(`${options.name} ${model}`);
          await gate;
          return { ms: {}, times: { '1': Array.from({ length: runs }, () => REF[model]!) } };
        },
        timedRun: async (model) => ({ laneMs: REF[model]!, roundtripMs: REF[model]! }),
      };
      return lane;
    };
    const exec = new LiveExecutor(
      expandLanes(config()),
      ['ppocr_cls', 'silero_vad', 'resnet18'],
      {},
      { complete: () => undefined, laneDown: () => {}, laneUp: () => {} },
      spawn,
    );
    exec.probeAtStart({ ...MIX, resnet18: 0 });
    const info = { provider: 'wasm', ort: 't', isolated: false, threadsRequested: 1, threads: 1 };
    for (const h of handlers) {
      h.status?.({ type: 'status', health: 'ready', progress: 1, detail: 'ready', info } as never);
    }
    // Every lane ready, the probe running: the clock does not run yet.
    expect(exec.settled).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(exec.settled).toBe(true);
    // Alone (one lane and model a step), then together; resnet18 is not in the mix.
    expect(calls).toEqual([
      'cpu0 ppocr_cls',
      'cpu0 silero_vad',
      'cpu1 ppocr_cls',
      'cpu1 silero_vad',
      'cpu0 ppocr_cls',
      'cpu1 silero_vad',
      'cpu0 silero_vad',
      'cpu1 ppocr_cls',
    ]);
    const p = exec.startProbe as ProbePoint;
    expect(p.lanes.map((l) => l.name)).toEqual(['cpu0', 'cpu1']);
    expect(p.alone.times).toHaveLength(4);
    expect(p.together.times).toHaveLength(4);
    exec.dispose();
  });

  it("reports the run's drift beside each error, and its corrected prediction lands on a run that was that much slower", async () => {
    const c = config();
    // The "live" run: the same arrivals served 20 % slower than the calibration says.
    const live = served(c, 1.2);
    // The lanes read +40 % at the run's start and 0 at the check: +20 % over the run.
    const lanes = [0, 1].map((i) => ({
      name: `cpu${i}`,
      kind: 'cpu' as const,
      profileRuns: async (model: ModelId, _b: number[], runs: number) => ({
        times: { '1': Array.from({ length: runs }, () => REF[model]!) },
      }),
      timedRun: async () => ({ laneMs: 1, roundtripMs: 1 }),
    }));
    const executor = {
      startProbe: point(1.4, 1.4),
      calibrationLanes: () => lanes,
    } as unknown as Executor;
    const run = {
      config: c,
      controls: [],
      log: live,
      live: executor,
      arrived: 400,
      at: 0,
      calibration,
    };
    const progress: string[] = [];
    const r = await checkLiveRun(run, (d) => progress.push(d));
    if (!r.ok) throw new Error(r.problem);
    expect(progress).toContain('timing the lanes alone and together (drift probe)');
    expect(r.drift?.by).toBe('together');
    expect(r.drift?.together.runPct).toBeCloseTo(20, 9);
    expect(r.drift?.together.factor).toBeCloseTo(1.2, 9);
    const all = r.classes.find((x) => x.cls === 'all')!;
    const mean = all.rows.find((x) => x.metric === 'mean')!;
    const p99 = all.rows.find((x) => x.metric === 'p99')!;
    // The plain prediction is too fast; the corrected one is the live run's own model.
    expect(mean.errorPct).toBeLessThan(-10);
    expect(Math.abs(mean.correctedErrorPct!)).toBeLessThan(1e-6);
    expect(Math.abs(p99.correctedErrorPct!)).toBeLessThan(1e-6);
    // The probe after the calibration is kept as the basis of later checks.
    expect(run).toHaveProperty('calibrationProbe');
  });

  it('says why a run has no drift and still compares it', async () => {
    const c = config();
    const live = served(c, 1);
    const executor = {
      startProbe: { problem: 'no lane was ready when the run started' },
      calibrationLanes: () => [],
    } as unknown as Executor;
    const r = await checkLiveRun(
      { config: c, controls: [], log: live, live: executor, arrived: 400, at: 0, calibration },
      () => {},
    );
    if (!r.ok) throw new Error(r.problem);
    expect(r.drift).toBeUndefined();
    expect(r.driftProblem).toBe('no lane was ready when the run started');
    expect(r.classes[2]!.rows[0]!.correctedPredicted).toBeUndefined();
    expect(Math.abs(r.classes[2]!.rows[0]!.errorPct)).toBeLessThan(1e-6);
  });
});
