// The load-test job, run by the background worker (seeds-worker.ts) and apart from it so that it
// runs in Node tests: check the request (each bad field named), then run the sweep of
// src/engine/loadtest-sweep.ts (the code `npm run loadtest -- --sweep` runs) and answer each level
// as it is done, then the report.

import { checkConfig } from '../engine/config.ts';
import { DEFAULT_LOAD_SPEC } from '../engine/loadtest.ts';
import { runSweep } from '../engine/loadtest-sweep.ts';
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

export function runLoadtestRequest(
  req: LoadtestRequest,
  post: (m: LoadtestMessage) => void,
): LoadtestMessage {
  const fail = (problems: string[]): LoadtestMessage => ({
    v: PROTOCOL_VERSION,
    kind: 'loadtest-error',
    id: req.id,
    problems,
  });
  const checked = checkConfig(req.config);
  const problems = [
    ...(checked.ok ? [] : checked.problems.map((x) => `config: ${x}`)),
    ...loadtestProblems(req),
  ];
  if (!checked.ok || problems.length > 0) return fail(problems);
  try {
    const spec = {
      ...DEFAULT_LOAD_SPEC,
      connections: req.connections ?? Infinity,
    };
    const report = runSweep(
      checked.config,
      spec,
      { kind: 'rate', levels: req.levels, repeats: req.repeats, duration_s: req.duration_s },
      (point, done, total) =>
        post({ v: PROTOCOL_VERSION, kind: 'loadtest-point', id: req.id, point, done, total }),
    );
    return { v: PROTOCOL_VERSION, kind: 'loadtest-result', id: req.id, report };
  } catch (e) {
    return fail([e instanceof Error ? e.message : String(e)]);
  }
}
