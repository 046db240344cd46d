// `npm run validate`'s measurement: calibrate real lanes, then for each case serve its arrivals live
// (repeated, a drift probe before the case and after each repeat, timing the lanes alone and then
// together), replay the same arrivals in the simulator with the calibrated service model (and again
// with its service times scaled by the drift: the case's, and each repeat's own, by either probe),
// and compare. The lanes come from `spawn` (Node worker threads in the CLI, fakes
// in the tests), so the harness itself is tested without inference.

import type { Config, ServiceConfig } from '../../src/engine/config.ts';
import type { ModelId } from '../../src/models/manifest.ts';
import {
  calibrateLanes,
  DEFAULT_LANE_CALIBRATION,
  scaledService,
  servedCalibration,
  type CalibratedService,
  type CalibrationLane,
  type LaneCalibration,
  type ServedCalibration,
} from '../../src/profiler/lane-calibration.ts';
import type { LaneHandlers, LaneOptions } from '../../src/workers/lanes/lane-client.ts';
import type { JobLog } from '../../src/workers/job-log.ts';
import type { LaneHandle, LiveRunRecord } from '../../src/workers/live-executor.ts';
import {
  arrivalDifferences,
  replayArrivals,
  type LatencyFigures,
} from '../../src/workers/sim-check.ts';
import {
  calibratedCapacity,
  parsedCase,
  validateCases,
  type ValidateCase,
  type Workload,
} from './cases.ts';
import {
  caseRows,
  laneStats,
  pairFigures,
  type Correction,
  type CorrectionInput,
  type Row,
} from './figures.ts';
import { driftFactor, probedRepeats, repeatDrifts } from '../../src/profiler/drift.ts';
import { laneOptions, probeLanes, type LaneProbe } from './drift-probe.ts';

/** A lane validate can drive: served runs (live) and calibration requests, which it must take. */
export interface ValidateLane extends Required<LaneHandle> {
  ready(): Promise<unknown>;
}

export interface ValidateDeps {
  spawn(options: LaneOptions, handlers: LaneHandlers): ValidateLane;
  loadavg(): number[];
  log(line: string): void;
  /** Serve one live run (cli/validate/live-run.ts with `spawn`). */
  liveRun(
    c: ValidateCase,
    live: { threadsPerCpuLane: number; warmupRuns: number; pacing: 'event' | 'tick' },
  ): Promise<{ log: JobLog; runs: LiveRunRecord[]; servingMs: number; startupMs: number }>;
}

export interface ValidateOptions extends Workload {
  loads: number[];
  bursty: boolean;
  repeats: number;
  threads: number;
  warmupRuns: number;
  pacing: 'event' | 'tick';
  /** Simulation replays (other service draws) averaged into the prediction. */
  replays: number;
  /** Jobs of the serving probe (0: none): a live run of the mix at `probeLoad` of the capacity
   * timed alone, with its own seed, whose runs calibrate service times and overhead as served. */
  probeJobs: number;
  probeLoad: number;
  /** Calibration options over the defaults. */
  calibration: Partial<typeof DEFAULT_LANE_CALIBRATION>;
  /** Wall ms a drift probe spends per model and lane (drift-probe.ts). */
  probeMs: number;
}

/** The calibrations a prediction can use. `served` is what validate predicts a case with: service
 * times and overheads from the runs the lanes served in the serving probe and the other cases,
 * never the case's own. `probe` is the probe alone, `alone` the lanes timed alone, and `own` the
 * case's own runs, to tell the model's error from the calibration's (not a prediction). */
export interface Calibrations {
  alone: CalibratedService;
  probe: CalibratedService;
  served: CalibratedService;
  own: CalibratedService;
  /** `served` with its service times scaled by the case's drift against the drift of the runs it
   * came from (`CaseResult['drift']`). */
  corrected: CalibratedService;
}

/** The variant with the case's own served runs: the model's error when service times are known. */
export const OWN = "the case's own runs (not a prediction)";

const asService = (s: CalibratedService): ServiceConfig => ({ ...s, model_ms: {}, mean_ms: 1 });

/** A service model with parts of the calibration left out, to show what each part is worth. */
export const VARIANTS = {
  calibrated: (c: Calibrations): ServiceConfig => asService(c.served),
  'drift-corrected': (c: Calibrations): ServiceConfig => asService(c.corrected),
  'timed alone (no serving probe)': (c: Calibrations): ServiceConfig => asService(c.alone),
  'serving probe only': (c: Calibrations): ServiceConfig => asService(c.probe),
  [OWN]: (c: Calibrations): ServiceConfig => asService(c.own),
  'no overhead': (c: Calibrations): ServiceConfig =>
    asService({ ...c.served, overhead_ms: 0, wake_ms: 0 }),
  'no wake-up': (c: Calibrations): ServiceConfig => asService({ ...c.served, wake_ms: 0 }),
  'no spread (means only)': (c: Calibrations): ServiceConfig => {
    const { spread: _spread, ...rest } = c.served;
    return { ...rest, model_ms: {}, mean_ms: 1 };
  },
  'with tight-loop sharing': (c: Calibrations): ServiceConfig =>
    asService({ ...c.served, sharing: c.alone.sharing }),
  'profile means only': (c: Calibrations): ServiceConfig => ({
    dist: 'profile',
    gpu_speedup: 1,
    cv: 0,
    profile: c.served.profile,
    model_ms: {},
    mean_ms: 1,
  }),
} as const;
export type Variant = keyof typeof VARIANTS;

export interface CaseResult {
  label: string;
  load: number;
  bursty: boolean;
  validated: boolean;
  ratePerS: number;
  jobs: number;
  /** Per repeat: live figures per class, wall ms serving, load average before and after. */
  repeats: {
    figures: LatencyFigures[];
    servingMs: number;
    startupMs: number;
    loadavg: [number, number];
    /** The simulation's replay saw exactly the live run's arrivals (count, times, classes, models). */
    arrivalsIdentical: boolean;
    arrivals: number;
    /** Mean of (engine-measured service - lane session.run) over the run's runs, ms. */
    residualOverheadMs: number;
    /** Per model: mean session.run in the lane, ms, and its first 10 runs' mean over the rest. */
    laneMs: Partial<Record<string, { mean: number; runs: number; firstTenRatio: number }>>;
  }[];
  /** The drift probes around the case (before it, after each repeat), each against the
   * calibration; `pct` their mean. `basisPct`: the drift of the runs its prediction was calibrated
   * from (the serving probe's and the other cases', weighted by their runs); `factor`: what the
   * drift-corrected prediction multiplies service times by (driftFactor(pct, basisPct)). */
  drift: {
    pct: number;
    basisPct: number;
    factor: number;
    probes: LaneProbe[];
    /** The together probes' mean, and the drift of the runs behind the prediction by them. */
    togetherPct: number;
    togetherBasisPct: number;
    /** Per repeat: the mean of the probes around it, alone and together, and the drift of the
     * runs behind the prediction (each source repeat's drift weighted by its runs). */
    repeatPct: number[];
    repeatTogetherPct: number[];
    repeatBasisPct: number;
    repeatTogetherBasisPct: number;
  };
  /** Per variant: the simulation's figures per replay and class. */
  predicted: Record<Variant, LatencyFigures[][]>;
  rows: Row[];
  /** The same rows predicted with the case's own runs (OWN): the model's own error. */
  ownRows: Row[];
  /** The first repeat's live log and the first replay's (for the CDF plot and the traces). */
  liveLog: JobLog;
  simLog: JobLog;
  /** The service model of its prediction: the probe's and the other cases' runs. */
  service: CalibratedService;
}

type Repeat = CaseResult['repeats'][number];

export interface ValidateResult {
  calibration: LaneCalibration;
  /** The serving probe's calibration (absent with `probeJobs` 0). */
  served?: ServedCalibration & {
    ratePerS: number;
    capacityAlonePerS: number;
    probeRuns: LiveRunRecord[];
    /** Drift probes before and after the serving probe, and their mean. */
    driftPct: number;
    driftProbes: LaneProbe[];
  };
  /** The service model of the probe (what the cases' rates come from). */
  service: CalibratedService;
  capacityPerS: number;
  cases: CaseResult[];
  rows: Row[];
  ownRows: Row[];
}

/** The serving probe's seed is the run's seed plus this. */
export const PROBE_SEED_OFFSET = 7919;

/** Calibrate lanes made like the live run's lanes (same options), then let them go. */
export async function calibrate(o: ValidateOptions, deps: ValidateDeps): Promise<LaneCalibration> {
  const models = Object.keys(o.models) as ModelId[];
  const lanes = Array.from({ length: o.lanes }, (_, i) => deps.spawn(laneOptions(o, i), {}));
  try {
    await Promise.all(lanes.map((l) => l.ready()));
    const calibrationLanes: CalibrationLane[] = lanes.map((l, i) => ({
      name: `cpu${i}`,
      kind: 'cpu',
      profileRuns: (...a) => l.profileRuns(...a),
      timedRun: (...a) => l.timedRun(...a),
    }));
    return await calibrateLanes(
      calibrationLanes,
      { ...DEFAULT_LANE_CALIBRATION, ...o.calibration, models, weights: o.models },
      (d) => deps.log(`  calibrate: ${d}`),
    );
  } finally {
    for (const l of lanes) l.terminate();
  }
}

export async function runValidate(o: ValidateOptions, deps: ValidateDeps): Promise<ValidateResult> {
  deps.log(`calibrating ${o.lanes} CPU lane(s), ${o.threads} thread(s) each`);
  const calibration = await calibrate(o, deps);
  const live = { threadsPerCpuLane: o.threads, warmupRuns: o.warmupRuns, pacing: o.pacing };
  const models = Object.keys(o.models) as ModelId[];
  const laneKinds = Array.from({ length: o.lanes }, () => 'cpu' as const);
  const capacityAlone = calibratedCapacity(o, calibration.service as ServiceConfig);
  deps.log(
    `calibrated capacity ${capacityAlone.toFixed(1)} jobs/s (${Math.round(calibration.wallMs)} ms)`,
  );
  const probes: LaneProbe[] = [];
  const probe = async (): Promise<number> => {
    const p = await probeLanes(o, calibration, deps.spawn);
    probes.push(p);
    deps.log(
      `  drift probe: ${p.driftPct >= 0 ? '+' : ''}${p.driftPct.toFixed(1)} % (${Object.entries(
        p.models,
      )
        .map(([m, x]) => `${m} ${x!.ms.toFixed(2)} ms`)
        .join(', ')}; ${Math.round(p.wallMs)} ms)`,
    );
    return p.driftPct;
  };
  /** The probes taken since the n-th (a case's own). */
  const probesSince = (n: number): LaneProbe[] => probes.slice(n);
  let served: ValidateResult['served'];
  if (o.probeJobs > 0) {
    // The probe has its own seed: the cases' arrivals are not the ones calibration saw.
    const servingProbe = validateCases(
      { ...o, seed: o.seed + PROBE_SEED_OFFSET, jobs: o.probeJobs },
      capacityAlone,
      [o.probeLoad],
      false,
    )[0]!;
    const ratePerS = o.probeLoad * capacityAlone;
    deps.log(`serving probe: ${o.probeJobs} jobs at ${ratePerS.toFixed(1)} jobs/s`);
    const from = probes.length;
    const probed = await probedRepeats(1, probe, () => deps.liveRun(servingProbe, live));
    const run = probed.results[0]!;
    served = {
      ...servedCalibration(calibration.service, run.runs, models, laneKinds),
      probeRuns: run.runs,
      ratePerS,
      capacityAlonePerS: capacityAlone,
      driftPct: probed.driftPct,
      driftProbes: probesSince(from),
    };
  }
  const service = served?.service ?? calibration.service;
  const capacity = calibratedCapacity(o, service as ServiceConfig);
  if (served) {
    deps.log(
      `served: overhead ${served.overheadMs.toFixed(2)} ms a run, wake-up ${served.wakeMs.toFixed(2)} ms; capacity ${capacity.toFixed(1)} jobs/s`,
    );
  }
  const cases = validateCases(o, capacity, o.loads, o.bursty);
  // Every case's live runs first: each case's prediction is calibrated with the others' runs.
  const caseRuns = cases.map(() => [] as LiveRunRecord[][]);
  const lived: {
    config: Config;
    repeats: CaseResult['repeats'];
    liveLog: JobLog;
    driftPct: number;
    probes: LaneProbe[];
    repeatPct: number[];
  }[] = [];
  for (const [i, c] of cases.entries()) {
    const config = parsedCase(c);
    let liveLog: JobLog | undefined;
    const from = probes.length;
    const probed = await probedRepeats(o.repeats, probe, async (r): Promise<Repeat> => {
      const before = deps.loadavg()[0]!;
      deps.log(`${c.label}: live run ${r + 1}/${o.repeats} (load average ${before.toFixed(2)})`);
      const run = await deps.liveRun(c, live);
      const after = deps.loadavg()[0]!;
      liveLog ??= run.log;
      // The simulation's replay with the run's own seed: the same arrivals, job by job.
      const check = replayArrivals(config, [], run.log.count, asService(service));
      const differences = arrivalDifferences(run.log, check);
      if (differences.length > 0) deps.log(`  arrivals differ: ${differences.join('; ')}`);
      const residual = run.runs
        .filter((x) => Number.isFinite(x.engineMs))
        .map((x) => x.engineMs - x.laneMs);
      caseRuns[i]!.push(run.runs);
      return {
        figures: pairFigures(run.log, check).live,
        servingMs: run.servingMs,
        startupMs: run.startupMs,
        loadavg: [before, after],
        arrivalsIdentical: differences.length === 0,
        arrivals: run.log.count,
        residualOverheadMs:
          residual.length > 0 ? residual.reduce((a, b) => a + b, 0) / residual.length : NaN,
        laneMs: laneStats(run.runs, models),
      };
    });
    lived.push({
      config,
      repeats: probed.results,
      liveLog: liveLog!,
      driftPct: probed.driftPct,
      probes: probesSince(from),
      repeatPct: probed.repeatPct,
    });
  }
  /** Drift of the runs behind a prediction: each source's drift weighted by its runs, leaving out
   * case `skip`'s own. Sources per case (the serving probe and each case as one figure) or per
   * repeat (each live repeat with the probes around it); by the alone or the together probes. */
  const together = (ps: readonly LaneProbe[]): number[] => ps.map((p) => p.together.driftPct);
  const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  type Source = { of: number; runs: number; alone: number; together: number };
  const servedSource = (): Source[] =>
    served
      ? [
          {
            of: -1,
            runs: served.probeRuns.length,
            alone: served.driftPct,
            together: meanOf(together(served.driftProbes)),
          },
        ]
      : [];
  const caseSources: Source[] = [
    ...servedSource(),
    ...lived.map((l, i) => ({
      of: i,
      runs: caseRuns[i]!.flat().length,
      alone: l.driftPct,
      together: meanOf(together(l.probes)),
    })),
  ];
  const repeatSources: Source[] = [
    ...servedSource(),
    ...lived.flatMap((l, i) => {
      const t = repeatDrifts(together(l.probes));
      return l.repeatPct.map((alone, r) => ({
        of: i,
        runs: caseRuns[i]![r]!.length,
        alone,
        together: t[r]!,
      }));
    }),
  ];
  const basis = (sources: Source[], skip: number, by: 'alone' | 'together'): number => {
    const use = sources.filter((x) => x.of !== skip);
    const runs = use.reduce((a, x) => a + x.runs, 0);
    return runs > 0 ? use.reduce((a, x) => a + x.runs * x[by], 0) / runs : 0;
  };
  const basisDrift = (skip: number): number => basis(caseSources, skip, 'alone');

  const results: CaseResult[] = [];
  const rows: Row[] = [];
  const ownRowsAll: Row[] = [];
  for (const [i, c] of cases.entries()) {
    const { config, repeats, liveLog, driftPct, probes: caseProbes, repeatPct } = lived[i]!;
    const fromRuns = (runs: LiveRunRecord[]): CalibratedService =>
      servedCalibration(calibration.service, runs, models, laneKinds).service;
    const others = caseRuns.filter((_, k) => k !== i).flat(2);
    // The lanes' speed wanders by +-10 % over seconds on a shared machine (resnet18: 142-179 ms
    // a run between cases): runs spread over the session calibrate better than one probe, and the
    // drift probes say how far this case's lanes were from those runs' average speed.
    const servedService = fromRuns([...(served?.probeRuns ?? []), ...others]);
    const basisPct = basisDrift(i);
    const factor = driftFactor(driftPct, basisPct);
    const calibrations: Calibrations = {
      alone: calibration.service,
      probe: service,
      served: servedService,
      own: fromRuns(caseRuns[i]!.flat()),
      corrected: scaledService(servedService, factor),
    };
    const predicted = {} as Record<Variant, LatencyFigures[][]>;
    let simLog: JobLog | undefined;
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const variantService = VARIANTS[variant](calibrations);
      predicted[variant] = [];
      for (let k = 0; k < o.replays; k++) {
        const sim = replayArrivals(config, [], liveLog.count, variantService, {
          serviceSeed: o.seed + 1000 * (k + 1),
        });
        if (variant === 'calibrated' && k === 0) simLog = sim;
        predicted[variant].push(pairFigures(liveLog, sim).sim);
      }
    }
    // The corrections: the prediction's service times scaled by the drift, per case or per
    // repeat, by the probes timing the lanes alone or together.
    const togetherPct = meanOf(together(caseProbes));
    const repeatTogetherPct = repeatDrifts(together(caseProbes));
    const bases = {
      caseTogether: basis(caseSources, i, 'together'),
      repeatAlone: basis(repeatSources, i, 'alone'),
      repeatTogether: basis(repeatSources, i, 'together'),
    };
    const replaysWith = (f: number): LatencyFigures[][] =>
      Array.from({ length: o.replays }, (_, k) => {
        const sim = replayArrivals(
          config,
          [],
          liveLog.count,
          asService(scaledService(servedService, f)),
          { serviceSeed: o.seed + 1000 * (k + 1) },
        );
        return pairFigures(liveLog, sim).sim;
      });
    const perCase = (pct: number, predictedFigures: LatencyFigures[][]): CorrectionInput => ({
      drift: repeats.map(() => pct),
      predicted: repeats.map(() => predictedFigures),
    });
    const perRepeat = (pcts: number[], basisPct: number): CorrectionInput => ({
      drift: pcts,
      predicted: pcts.map((d) => replaysWith(driftFactor(d, basisPct))),
    });
    const corrections: Record<Correction, CorrectionInput> = {
      case_alone: perCase(driftPct, predicted['drift-corrected']),
      case_together: perCase(
        togetherPct,
        replaysWith(driftFactor(togetherPct, bases.caseTogether)),
      ),
      repeat_alone: perRepeat(repeatPct, bases.repeatAlone),
      repeat_together: perRepeat(repeatTogetherPct, bases.repeatTogether),
    };
    const caseRowsOut = caseRows(
      c.label,
      c.load,
      c.validated,
      repeats.map((x) => x.figures),
      predicted.calibrated,
      { driftPct, corrected: predicted['drift-corrected'], corrections },
    );
    rows.push(...caseRowsOut);
    const ownRows = caseRows(
      c.label,
      c.load,
      c.validated,
      repeats.map((x) => x.figures),
      predicted[OWN],
    );
    ownRowsAll.push(...ownRows);
    results.push({
      label: c.label,
      load: c.load,
      bursty: c.bursty,
      validated: c.validated,
      ratePerS: c.load * capacity,
      jobs: o.jobs,
      repeats,
      drift: {
        pct: driftPct,
        basisPct,
        factor,
        probes: caseProbes,
        togetherPct,
        togetherBasisPct: bases.caseTogether,
        repeatPct,
        repeatTogetherPct,
        repeatBasisPct: bases.repeatAlone,
        repeatTogetherBasisPct: bases.repeatTogether,
      },
      predicted,
      rows: caseRowsOut,
      ownRows,
      liveLog,
      simLog: simLog!,
      service: calibrations.served,
    });
  }
  return {
    calibration,
    ...(served ? { served } : {}),
    service,
    capacityPerS: capacity,
    cases: results,
    rows,
    ownRows: ownRowsAll,
  };
}
