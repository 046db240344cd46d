// The load-test job, run by the background worker (seeds-worker.ts) and apart from it so that it
// runs in Node tests: check the request (each bad field named), then run the sweep of
// src/engine/loadtest-sweep.ts (the code `npm run loadtest -- --sweep` runs) and answer each level
// as it is done, then the report. Against the simulation the sweep runs at once; against the live
// lanes (`target: 'live'`) each run is served by real lane workers on the wall clock
// (loadtest-live.ts), started once for the sweep from a LanePool, with progress said in words.

import { checkConfig, type Config } from '../engine/config.ts';
import { DEFAULT_LOAD_SPEC, type LoadSpec } from '../engine/loadtest.ts';
import {
  runSweep,
  runSweepWith,
  type SweepReport,
  type SweepSpec,
} from '../engine/loadtest-sweep.ts';
import { LanePool } from './lane-pool.ts';
import { LaneClient } from './lanes/lane-client.ts';
import { liveProblems, runLiveLoadTest } from './loadtest-live.ts';
import { PROTOCOL_VERSION, type LoadtestMessage, type LoadtestRequest } from './protocol.ts';

/** Bounds on one request: the worker answers within a minute or so on a slow machine. */
export const LOADTEST_LIMITS = {
  levels: { min: 2, max: 20 },
  rate: { min: 1, max: 20_000 },
  repeats: { min: 1, max: 10 },
  duration_s: { min: 1, max: 120 },
  connections: { min: 1, max: 100_000 },
  /** Most requests the whole sweep may send (levels x repeats x rate x duration). */
  requests: 2_000_000,
  /** Live: most seconds of serving in the whole sweep (levels x repeats x duration). */
  live_s: 600,
} as const;

/** What is wrong with a request, each problem naming its field; empty when it can run. */
export function loadtestProblems(req: LoadtestRequest): string[] {
  const L = LOADTEST_LIMITS;
  const p: string[] = [];
  const levels = Array.isArray(req.levels) ? req.levels : [];
  if (levels.length < L.levels.min || levels.length > L.levels.max) {
    p.push(`levels: ${levels.length} given; a sweep needs ${L.levels.min} to ${L.levels.max}`);
  }
  levels.forEach((r, i) => {
    if (!Number.isFinite(r) || r < L.rate.min || r > L.rate.max) {
      p.push(`levels[${i}]: ${r} is not a rate from ${L.rate.min} to ${L.rate.max} req/s`);
    } else if (i > 0 && r <= levels[i - 1]!) {
      p.push(`levels[${i}]: ${r} does not rise above the level before it (${levels[i - 1]})`);
    }
  });
  const int = (name: 'repeats', v: number) => {
    if (!Number.isInteger(v) || v < L[name].min || v > L[name].max) {
      p.push(`${name}: ${v} is not a whole number from ${L[name].min} to ${L[name].max}`);
    }
  };
  int('repeats', req.repeats);
  const d = req.duration_s;
  if (!Number.isFinite(d) || d < L.duration_s.min || d > L.duration_s.max) {
    p.push(`duration_s: ${d} is not from ${L.duration_s.min} to ${L.duration_s.max} s`);
  }
  const c = req.connections;
  if (c !== null && (!Number.isInteger(c) || c < L.connections.min || c > L.connections.max)) {
    p.push(
      `connections: ${c} is not a whole number from ${L.connections.min} to ${L.connections.max}`,
    );
  }
  if (p.length === 0 && req.target === 'live') {
    const seconds = levels.length * req.repeats * d;
    if (seconds > L.live_s) {
      p.push(
        `levels x repeats x duration_s: ${seconds} s of real time; a live sweep serves for at most ${L.live_s} s (fewer levels, repeats or seconds)`,
      );
    }
  }
  if (req.target !== undefined && req.target !== 'simulation' && req.target !== 'live') {
    p.push(`target: ${String(req.target)} is neither simulation nor live`);
  }
  if (p.length === 0) {
    const sent = levels.reduce((a, r) => a + r, 0) * req.repeats * d;
    if (sent > L.requests) {
      p.push(
        `levels x repeats x duration_s: about ${Math.round(sent).toLocaleString('en-US')} requests; at most ${L.requests.toLocaleString('en-US')} (fewer levels, repeats or seconds)`,
      );
    }
  }
  return p;
}

/** Run a request: the answer at once against the simulation, later against the live lanes. */
export function runLoadtestRequest(
  req: LoadtestRequest,
  post: (m: LoadtestMessage) => void,
  makeLane: ConstructorParameters<typeof LanePool>[0] = (o, h) => new LaneClient(o, h),
): LoadtestMessage | Promise<LoadtestMessage> {
  const fail = (problems: string[]): LoadtestMessage => ({
    v: PROTOCOL_VERSION,
    kind: 'loadtest-error',
    id: req.id,
    problems,
  });
  const checked = checkConfig(req.config);
  const live = req.target === 'live';
  const problems = [
    ...(checked.ok ? [] : checked.problems.map((x) => `config: ${x}`)),
    ...(checked.ok && live ? liveProblems(checked.config).map((x) => `config: ${x}`) : []),
    ...loadtestProblems(req),
  ];
  if (!checked.ok || problems.length > 0) return fail(problems);
  const spec = { ...DEFAULT_LOAD_SPEC, connections: req.connections ?? Infinity };
  const sweep: SweepSpec = {
    kind: 'rate',
    levels: req.levels,
    repeats: req.repeats,
    duration_s: req.duration_s,
  };
  const onPoint = (point: SweepReport['points'][number], done: number, total: number) =>
    post({ v: PROTOCOL_VERSION, kind: 'loadtest-point', id: req.id, point, done, total });
  if (live) {
    return liveSweep(checked.config, spec, sweep, req.id, post, makeLane).then(
      (report) => ({ v: PROTOCOL_VERSION, kind: 'loadtest-result', id: req.id, report }),
      (e: unknown) => fail([e instanceof Error ? e.message : String(e)]),
    );
  }
  try {
    const report = runSweep(checked.config, spec, sweep, onPoint);
    return { v: PROTOCOL_VERSION, kind: 'loadtest-result', id: req.id, report };
  } catch (e) {
    return fail([e instanceof Error ? e.message : String(e)]);
  }
}

/** The sweep on real lanes, one run at a time; the lanes start once and serve every run. */
async function liveSweep(
  config: Config,
  spec: LoadSpec,
  sweep: SweepSpec,
  id: number,
  post: (m: LoadtestMessage) => void,
  makeLane: ConstructorParameters<typeof LanePool>[0],
): Promise<SweepReport> {
  const pool = new LanePool(makeLane);
  const say = (detail: string) =>
    post({ v: PROTOCOL_VERSION, kind: 'loadtest-progress', id, detail });
  const runs = sweep.levels.length * sweep.repeats;
  let done = 0;
  /** Lanes that could not start, said with every later step. */
  let notRun = '';
  try {
    return await runSweepWith(
      config,
      spec,
      sweep,
      (c, s) => {
        say(
          done === 0
            ? 'starting the lanes (loading models, warming up)'
            : `run ${done + 1} of ${runs}: serving for ${sweep.duration_s} s${notRun}`,
        );
        return runLiveLoadTest(c, s, { spawn: pool.spawn });
      },
      (point, k, total) =>
        post({ v: PROTOCOL_VERSION, kind: 'loadtest-point', id, point, done: k, total }),
      (report) => {
        done++;
        const down = report.lanes.filter((l) => !l.ran);
        if (done === 1 && down.length > 0) {
          notRun = ` (not run: ${down.map((l) => `${l.name}, ${l.reason ?? 'down'}`).join('; ')})`;
        }
      },
    );
  } finally {
    pool.close();
  }
}
