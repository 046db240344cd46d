// A load tester like the ones operators run against a service (wrk2, Locust, the elastic-serving
// source design's client reading `workload.txt`), against the simulation: it decides when each
// request is sent and injects it into an engine in load-generator mode (`EngineOptions.external`),
// then reads each request's end from the engine's trace sink.
//
//   open loop:   requests are due at the config's arrival times (a rate, a per-second file, a
//                trace). With `connections` set, at most that many are outstanding, as a client with
//                a connection pool: a request due while all are busy is sent when one frees.
//   closed loop: `users` each send, wait for the answer, think (`think_ms`, fixed or exponential),
//                and send again.
//
// Latency is measured twice, as wrk2 corrects for coordinated omission: from the intended send
// time (when the request was due) and from the actual send time. A client that waits for a free
// connection stops sending while the service stalls, and latency from the actual send hides the
// stall; latency from the intended time does not. The intended latency is never below the actual.
//
// With no connection limit the tester sends exactly the arrivals the engine would have drawn
// itself, in the same order against its events, so its counts are the simulation's own ledger.

import { createArrivalSource, type ArrivalSource } from './arrivals.ts';
import type { Config } from './config.ts';
import { Engine } from './engine.ts';
import type { EngineOptions, Ledger } from './engine-types.ts';
import { expVariate, uniformStream, type Uniform } from './rng.ts';
import type { Outcome, TraceSink } from './trace-writer.ts';
import type { SimMs } from './units.ts';

export interface LoadSpec {
  mode: 'open' | 'closed';
  /** Open loop: most requests outstanding at once (Infinity: no limit, a pure open loop). */
  connections: number;
  /** Closed loop: users, each with at most one request outstanding. */
  users: number;
  /** Closed loop: think time between an answer and the next request (ms). */
  think_ms: number;
  think: 'fixed' | 'exponential';
  /** Stop sending after this long (s); default the config's `duration_s`. */
  duration_s?: number;
  /** Stop after this many requests; default the config's `jobs`. */
  requests?: number;
}

export const DEFAULT_LOAD_SPEC: LoadSpec = {
  mode: 'open',
  connections: Infinity,
  users: 10,
  think_ms: 0,
  think: 'fixed',
};

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

/** One second of the test, by the second requests were due in. */
export interface SecondRow {
  second: number;
  sent: number;
  succeeded: number;
  failed: number;
  p99_intended_ms: number;
  p99_actual_ms: number;
}

export interface LoadReport {
  mode: 'open' | 'closed';
  sent: number;
  succeeded: number;
  /** Rejected on arrival, dropped from the queue, or never answered (`unanswered`). */
  failed: number;
  /** Sent but never answered: the service stopped for good (every lane down) or hit a limit. */
  unanswered: number;
  /** Due but never sent: waiting for a connection when the service stopped answering. */
  unsent: number;
  success_rate: number;
  /** "450/500 successful requests (90.0 %)", as the source design's load tester prints it. */
  headline: string;
  /** Succeeded per second of the test (first due time to last answer). */
  throughput_per_s: number;
  /** Succeeded within their SLO, per second, latency measured from the intended send time. */
  goodput_per_s: number;
  /** Share of succeeded requests within their SLO (intended latency). */
  slo_attainment: number;
  duration_s: number;
  latency_ms: { intended: Percentiles; actual: Percentiles };
  /** Most requests outstanding at once (sent, not yet answered). */
  max_in_flight: number;
  /** Requests due but not yet sent at once, at most (open loop with `connections`). */
  max_backlog: number;
  ledger: Ledger;
  per_second: SecondRow[];
}

/** A growable column of numbers. */
class Column {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

const NOT_ENDED = 0;
const SUCCEEDED = 1;
const FAILED = 2;

/** Run one load test. `options` pass to the engine (a replayed trace, a scheduler...). */
export function runLoadTest(
  config: Config,
  spec: LoadSpec,
  options: Omit<EngineOptions, 'external' | 'trace'> = {},
): LoadReport {
  const intended = new Column();
  const actual = new Column();
  const end = new Column();
  const slo = new Column();
  const outcome = new Column();
  /** Requests answered since the driver last looked (their ids): connections and users to free. */
  const freed: number[] = [];
  const sink: TraceSink = {
    job(
      id: number,
      _c: number,
      _m: number,
      _l: number,
      _a: number,
      _s: number,
      t: number,
      s: number,
      o: Outcome,
    ) {
      end.data[id] = t;
      slo.data[id] = s;
      outcome.data[id] = o === 'completed' ? SUCCEEDED : FAILED;
      freed.push(id);
    },
    flush() {},
  };
  const engine = new Engine(config, { ...options, external: true, trace: sink });
  const stopAt = 1000 * (spec.duration_s ?? config.duration_s ?? Infinity);
  const limit = spec.requests ?? config.jobs ?? Infinity;
  if (spec.mode === 'closed' && stopAt === Infinity && limit === Infinity) {
    throw new Error('a closed loop needs an end: a duration (s) or a number of requests');
  }

  let inFlight = 0;
  let maxInFlight = 0;
  let maxBacklog = 0;
  let unsent = 0;
  const send = (due: number): void => {
    // The columns grow together, before the engine sees the request (it may refuse it at once);
    // `end`, `slo` and `outcome` are filled in when the answer comes.
    intended.push(due);
    actual.push(engine.now);
    end.push(NaN);
    slo.push(NaN);
    outcome.push(NOT_ENDED);
    const id = engine.inject();
    if (id !== intended.length - 1) throw new Error('load tester: job ids out of step');
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
  };

  if (spec.mode === 'open') {
    const source: ArrivalSource = createArrivalSource(
      config.arrivals,
      uniformStream(config.seed, 'arrivals'),
      options.replay,
    );
    const backlog: number[] = [];
    let head = 0;
    let nextDue = source.next();
    const cap = spec.connections;
    for (;;) {
      if (nextDue > stopAt || intended.length + backlog.length - head >= limit) nextDue = Infinity;
      while (freed.length > 0) {
        freed.pop();
        inFlight--;
      }
      // Requests due by now wait for a connection; the oldest goes first.
      const waiting = backlog.length - head;
      if (waiting > 0 && inFlight < cap) {
        send(backlog[head++]!);
        continue;
      }
      if (head > 4096 && head * 2 > backlog.length) {
        backlog.splice(0, head);
        head = 0;
      }
      if (nextDue === Infinity && waiting === 0) {
        engine.closeInput();
        break;
      }
      const tEvent = engine.nextEventTime;
      if (nextDue !== Infinity && nextDue < tEvent) {
        if (nextDue > engine.now) engine.advanceTo(nextDue as SimMs);
        if (inFlight < cap && waiting === 0) send(nextDue);
        else {
          backlog.push(nextDue);
          if (backlog.length - head > maxBacklog) maxBacklog = backlog.length - head;
        }
        nextDue = source.next();
      } else if (tEvent !== Infinity) engine.step();
      else {
        unsent = backlog.length - head;
        engine.closeInput();
        break;
      }
    }
  } else {
    closedLoop(engine, spec, config.seed, stopAt, limit, freed, send, () => inFlight--);
  }
  engine.runToEnd();
  return report(spec.mode, engine, {
    intended: intended.view(),
    actual: actual.view(),
    end: end.view(),
    slo: slo.view(),
    outcome: outcome.view(),
    maxInFlight,
    maxBacklog,
    unsent,
  });
}

/** Users send, wait for the answer, think, send again; a user's next send is a min-heap entry. */
function closedLoop(
  engine: Engine,
  spec: LoadSpec,
  seed: number,
  stopAt: number,
  limit: number,
  freed: number[],
  send: (due: number) => void,
  answered: () => void,
): void {
  const u: Uniform = uniformStream(seed, 'think');
  const think = () => (spec.think === 'fixed' ? spec.think_ms : spec.think_ms * expVariate(u));
  // Due times of the users between requests (the others have one outstanding), kept sorted: users
  // are few next to requests, and an insertion keeps ties in the order users became ready.
  const due: number[] = [];
  const ready = (t: number) => {
    let i = due.length;
    while (i > 0 && due[i - 1]! > t) i--;
    due.splice(i, 0, t);
  };
  for (let k = 0; k < spec.users; k++) ready(0);
  let sent = 0;
  for (;;) {
    while (freed.length > 0) {
      freed.pop();
      answered();
      ready(engine.now + think());
    }
    // Over when no user may send again: the requests are all sent, the time is up, or every user
    // waits past it.
    const over =
      sent >= limit ||
      engine.now > stopAt ||
      (due.length === spec.users && (due.length === 0 || due[0]! > stopAt));
    if (over) {
      engine.closeInput();
      return;
    }
    const next = due.length > 0 ? due[0]! : Infinity;
    const tEvent = engine.nextEventTime;
    // Ties go to the engine's events first, as its own arrivals do.
    if (next <= stopAt && next < tEvent) {
      if (next > engine.now) engine.advanceTo(next as SimMs);
      due.shift();
      send(next);
      sent++;
    } else if (tEvent !== Infinity) engine.step();
    else {
      // Users outstanding with nothing left to happen: the service stopped answering for good.
      engine.closeInput();
      return;
    }
  }
}

interface Columns {
  intended: Float64Array;
  actual: Float64Array;
  end: Float64Array;
  slo: Float64Array;
  outcome: Float64Array;
  maxInFlight: number;
  maxBacklog: number;
  unsent: number;
}

/** Exact percentiles of `xs` (sorted in place): the nearest-rank value. */
export function percentiles(xs: Float64Array): Percentiles {
  const n = xs.length;
  if (n === 0) return { p50: 0, p90: 0, p99: 0, mean: 0, max: 0 };
  xs.sort();
  const at = (q: number) => xs[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / n, max: xs[n - 1]! };
}

function report(mode: LoadSpec['mode'], engine: Engine, c: Columns): LoadReport {
  const n = c.intended.length;
  let ok = 0;
  let good = 0;
  let unanswered = 0;
  for (let i = 0; i < n; i++) {
    if (c.outcome[i] === NOT_ENDED) unanswered++;
    if (c.outcome[i] !== SUCCEEDED) continue;
    ok++;
    if (c.end[i]! - c.intended[i]! <= c.slo[i]!) good++;
  }
  const li = new Float64Array(ok);
  const la = new Float64Array(ok);
  let k = 0;
  let first = Infinity;
  let last = 0;
  for (let i = 0; i < n; i++) {
    first = Math.min(first, c.intended[i]!);
    if (c.outcome[i] !== NOT_ENDED) last = Math.max(last, c.end[i]!);
    if (c.outcome[i] !== SUCCEEDED) continue;
    li[k] = c.end[i]! - c.intended[i]!;
    la[k++] = c.end[i]! - c.actual[i]!;
  }
  const span = n > 0 ? (last - first) / 1000 : 0;
  const failed = n - ok;
  const rate = n > 0 ? ok / n : 0;
  return {
    mode,
    sent: n,
    succeeded: ok,
    failed,
    unanswered,
    unsent: c.unsent,
    success_rate: rate,
    headline: `${ok}/${n} successful requests (${(100 * rate).toFixed(1)} %)`,
    throughput_per_s: span > 0 ? ok / span : 0,
    goodput_per_s: span > 0 ? good / span : 0,
    slo_attainment: ok > 0 ? good / ok : 0,
    duration_s: span,
    per_second: perSecond(c),
    latency_ms: { intended: percentiles(li), actual: percentiles(la) },
    max_in_flight: c.maxInFlight,
    max_backlog: c.maxBacklog,
    ledger: engine.ledger(),
  };
}

/** Per second the requests were due in: counts, and p99 latency both ways. */
function perSecond(c: Columns): SecondRow[] {
  const n = c.intended.length;
  const seconds = n > 0 ? Math.floor(c.intended[n - 1]! / 1000) + 1 : 0;
  // Requests are due in time order: each second is one contiguous range of ids.
  const rows: SecondRow[] = [];
  let i = 0;
  for (let s = 0; s < seconds; s++) {
    const from = i;
    while (i < n && c.intended[i]! < (s + 1) * 1000) i++;
    const li: number[] = [];
    const la: number[] = [];
    let failed = 0;
    for (let j = from; j < i; j++) {
      if (c.outcome[j] !== SUCCEEDED) failed++;
      else {
        li.push(c.end[j]! - c.intended[j]!);
        la.push(c.end[j]! - c.actual[j]!);
      }
    }
    rows.push({
      second: s,
      sent: i - from,
      succeeded: li.length,
      failed,
      p99_intended_ms: percentiles(Float64Array.from(li)).p99,
      p99_actual_ms: percentiles(Float64Array.from(la)).p99,
    });
  }
  return rows;
}
