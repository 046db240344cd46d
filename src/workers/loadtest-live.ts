// The load tester against the live lanes: the same client as the simulated test (LoadGenerator,
// src/engine/loadtest.ts) drives the engine on the wall clock, and the engine's runs go to real lane
// workers through live mode's executor (LiveExecutor), as the page's live mode runs them. Used by
// `npm run loadtest -- --live` (lanes in Node worker threads) and the page's load-test panel (lane
// workers in the browser); both pass lanes from a LanePool so a sweep starts them once.
//
// The engine's clock reads wall ms since the lanes were all ready (or down). Each loop the engine is
// brought to the wall clock (its events up to now processed: runs dispatched to lanes, answers the
// lanes gave taken in), the client sends what is due by now (its actual send time is now, its
// intended time when it was due: a late timer or a busy thread shows as the difference), and the
// loop sleeps until the next due time or engine event, or until a lane answers. When nothing more
// is sent, the run waits for the requests outstanding, at most `drainMs`.
//
// A lane that cannot start (a GPU-class lane in Node, which has no WebGPU; a model that failed to
// load) is reported as not run, with its reason, and the test goes on with the others; with none
// able to run it fails, naming each lane's reason.

import { expandLanes, type Config } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import {
  LoadGenerator,
  type LoadReport,
  type LoadSpec,
  type RequestColumns,
} from '../engine/loadtest.ts';
import type { ReplayTrace } from '../engine/trace-input.ts';
import { simMs } from '../engine/units.ts';
import { LiveExecutor, type LaneSpawner } from './live-executor.ts';
import type { LiveOptions } from './lanes/lane-protocol.ts';

export interface LiveLoadOptions {
  /** How lanes are started (a LanePool's `spawn`, to keep them across the runs of a sweep). */
  spawn: LaneSpawner;
  live?: LiveOptions;
  /** A replayed trace parsed already from `config.arrivals`. */
  replay?: ReplayTrace;
  /** Wall ms the lanes may take to be ready (default 120 s: a Node lane takes ~7 s on 2 cores). */
  startTimeoutMs?: number;
  /** Wall ms to wait for answers once nothing more is sent (default 30 s). */
  drainMs?: number;
  /** Asked each loop: true stops the test (it rejects with LoadtestCancelled). */
  cancelled?: () => boolean;
  /** Sees each request's times at the end (the CLI's requests.csv). */
  onRequests?: (r: RequestColumns) => void;
  /** Wall clock, ms (tests may pass their own). */
  now?: () => number;
}

/** A lane of a live load test, as it served (or why it did not). */
export interface LiveLaneReport {
  name: string;
  /** The config's lane kind, and the ONNX Runtime Web backend it runs on. */
  kind: 'cpu' | 'gpu';
  backend: 'wasm' | 'webgpu';
  /** It was ready and took part; false: `reason` says why not. */
  ran: boolean;
  reason?: string;
  /** Runs (batches) and requests it answered, counted from its answers. */
  runs: number;
  jobs: number;
  /** Mean service time the lane measured around session.run, ms. */
  mean_service_ms: number;
  /** What its latest run produced (a class, a text, a probability). */
  last_output: string;
  /** onnxruntime-web's version and the WASM threads in effect, as the lane reported them. */
  ort?: string;
  threads?: number;
}

export interface LiveLoadReport extends LoadReport {
  target: 'live';
  lanes: LiveLaneReport[];
  /** Wall seconds the lanes took to be ready before the test's clock started. */
  startup_s: number;
}

export class LoadtestCancelled extends Error {
  constructor() {
    super('the load test was cancelled');
  }
}

/** What stops a config from being tested live, in words (empty: it can be). */
export function liveProblems(config: Config): string[] {
  return config.autoscale.enabled
    ? [
        'autoscale.enabled: a live load test serves the config’s fixed lanes; turn autoscaling off (live autoscaling starts real lanes in live mode)',
      ]
    : [];
}

/** Run one load test against real lanes on the wall clock. */
export async function runLiveLoadTest(
  input: Config,
  spec: LoadSpec,
  o: LiveLoadOptions,
): Promise<LiveLoadReport> {
  // Lanes load every model of the mix; one with no weight is never asked for (the page's mix keeps
  // its first three models at weight 0), and ResNet-50 or ViT would cost a lane many seconds.
  const models = Object.entries(input.mix.models).filter(([, w]) => w > 0);
  const config: Config = { ...input, mix: { ...input.mix, models: Object.fromEntries(models) } };
  const problems = liveProblems(config);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const now = o.now ?? (() => performance.now());
  const cancelled = o.cancelled ?? (() => false);
  const gen = new LoadGenerator(config, spec, o.replay);
  let t0 = NaN;
  const clock = () => (Number.isNaN(t0) ? 0 : now() - t0);
  // The loop's sleep; a lane's answer ends it early.
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const lanes = expandLanes(config);
  // The engine takes the executor, and the executor's hooks the engine: made just below.
  const made: { engine?: Engine } = {};
  const executor = new LiveExecutor(
    lanes,
    Object.keys(config.mix.models),
    o.live ?? {},
    {
      complete: (head, g) => {
        const e = made.engine!;
        const end = Math.max(e.now, clock());
        const start = e.jobs.start[head]!;
        const waited = start - e.jobs.arrival[head]!;
        e.completeRun(head, g, simMs(end));
        poke();
        return { serviceMs: end - start, waitedMs: waited };
      },
      laneDown: (lane) => {
        made.engine!.failLane(lane);
        poke();
      },
    },
    o.spawn,
  );
  const engine = new Engine(config, { external: true, trace: gen.sink, executor });
  made.engine = engine;
  gen.attach(engine);
  const sleep = (until: number) =>
    new Promise<void>((resolve) => {
      // At most 50 ms: a cancel is heard within that.
      const ms = Math.min(50, Math.max(0, until - clock()));
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  try {
    const startWall = now();
    const limit = o.startTimeoutMs ?? 120_000;
    while (!executor.settled) {
      if (cancelled()) throw new LoadtestCancelled();
      if (now() - startWall > limit) {
        throw new Error(
          `the lanes were not ready in ${Math.round(limit / 1000)} s: ${laneWords(executor)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const status = executor.status().lanes;
    if (status.every((l) => l.health === 'down')) {
      throw new Error(`no lane can run: ${laneWords(executor)}`);
    }
    t0 = now();
    const startup_s = (t0 - startWall) / 1000;
    const e = engine;
    for (;;) {
      if (cancelled()) throw new LoadtestCancelled();
      e.advanceTo(simMs(clock()));
      gen.poll();
      while (!gen.finished && gen.nextDue() <= e.now) {
        gen.sendNext();
        gen.poll();
      }
      if (gen.finished) break;
      const next = Math.min(gen.nextDue(), e.nextEventTime);
      // Nothing due, no event, nothing on a lane: the service stopped answering for good.
      if (next === Infinity && e.ledger().running === 0) {
        gen.stall();
        break;
      }
      await sleep(next);
    }
    e.closeInput();
    const drainUntil = clock() + (o.drainMs ?? 30_000);
    for (;;) {
      if (cancelled()) throw new LoadtestCancelled();
      e.advanceTo(simMs(clock()));
      if (e.done || clock() > drainUntil) break;
      if (e.nextEventTime === Infinity && e.ledger().running === 0) break;
      await sleep(e.nextEventTime);
    }
    gen.poll();
    e.finish();
    o.onRequests?.(gen.requests());
    return { ...gen.report(), target: 'live', lanes: laneReports(executor, lanes), startup_s };
  } finally {
    executor.dispose();
  }
}

function laneReports(
  executor: LiveExecutor,
  specs: readonly { kind: 'cpu' | 'gpu' }[],
): LiveLaneReport[] {
  return executor.status().lanes.map((l, i) => {
    const ran = l.health !== 'down' || l.runs > 0;
    return {
      name: l.name,
      kind: specs[i]!.kind,
      backend: l.provider,
      ran,
      ...(l.reason !== undefined ? { reason: l.reason } : {}),
      runs: l.runs,
      jobs: l.jobs,
      mean_service_ms: l.meanServiceMs,
      last_output: l.lastOutput,
      ...(l.info ? { ort: l.info.ort, threads: l.info.threads } : {}),
    };
  });
}

function laneWords(executor: LiveExecutor): string {
  return executor
    .status()
    .lanes.map((l) => `${l.name} (${l.provider}): ${l.reason ?? l.detail}`)
    .join('; ');
}
