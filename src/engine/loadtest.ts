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
//
// `LoadGenerator` is the client: what is due when, and the columns it measures. `runLoadTest`
// drives it against the simulation, event by event; src/workers/loadtest-live.ts drives the same
// generator on the wall clock against real lanes.

import { createArrivalSource, type ArrivalSource } from './arrivals.ts';
import type { Config } from './config.ts';
import { Engine } from './engine.ts';
import type { EngineOptions } from './engine-types.ts';
import {
  buildReport,
  Column,
  FAILED,
  NOT_ENDED,
  SUCCEEDED,
  type LoadReport,
  type RequestColumns,
} from './loadtest-stats.ts';
import { expVariate, uniformStream, type Uniform } from './rng.ts';
import type { ReplayTrace } from './trace-input.ts';
import type { Outcome, TraceSink } from './trace-writer.ts';
import type { SimMs } from './units.ts';

export type { LoadReport, Percentiles, RequestColumns, SecondRow } from './loadtest-stats.ts';
export { FAILED, NOT_ENDED, percentiles, SUCCEEDED } from './loadtest-stats.ts';

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

/**
 * The load tester's client: decides when each request is due, sends it into the engine
 * (`Engine.inject`) when its driver says the clock has come to it, and records the intended and
 * actual send time and the end of each. A driver loops: `poll()` (take in answers, send what may go
 * now), stop when `finished`, else bring the engine's clock to `nextDue()` and `sendNext()`, or
 * process engine events until then. Give the engine `sink` as its trace, then `attach` it.
 */
export class LoadGenerator {
  readonly sink: TraceSink;
  private engine!: Engine;
  private readonly intended = new Column();
  private readonly actual = new Column();
  private readonly end = new Column();
  private readonly slo = new Column();
  private readonly outcome = new Column();
  /** Requests answered since the generator last looked (their ids): connections, users to free. */
  private readonly freed: number[] = [];
  private readonly stopAt: number;
  private readonly limit: number;
  private inFlightCount = 0;
  private maxInFlight = 0;
  private maxBacklog = 0;
  private unsent = 0;
  // Open loop: the arrivals, and requests due but waiting for a connection (oldest first).
  private readonly source: ArrivalSource | undefined;
  private readonly backlog: number[] = [];
  private head = 0;
  private due = Infinity;
  // Closed loop: due times of the users between requests (the others have one outstanding), kept
  // sorted: users are few next to requests, and an insertion keeps ties in the order users became
  // ready.
  private readonly userDue: number[] = [];
  private readonly think: Uniform;
  private sent = 0;

  constructor(
    config: Config,
    readonly spec: LoadSpec,
    replay?: ReplayTrace,
  ) {
    this.stopAt = 1000 * (spec.duration_s ?? config.duration_s ?? Infinity);
    this.limit = spec.requests ?? config.jobs ?? Infinity;
    if (spec.mode === 'closed' && this.stopAt === Infinity && this.limit === Infinity) {
      throw new Error('a closed loop needs an end: a duration (s) or a number of requests');
    }
    const { end, slo, outcome, freed } = this;
    this.sink = {
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
    this.think = uniformStream(config.seed, 'think');
    if (spec.mode === 'open') {
      this.source = createArrivalSource(
        config.arrivals,
        uniformStream(config.seed, 'arrivals'),
        replay,
      );
      this.due = this.source.next();
    } else {
      for (let k = 0; k < spec.users; k++) this.userDue.push(0);
    }
  }

  /** The engine the requests go to (made with `sink` as its trace and `external: true`). */
  attach(engine: Engine): void {
    this.engine = engine;
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Take in the answers since the last look and send what may go at the engine's clock now. */
  poll(): void {
    if (this.spec.mode === 'closed') {
      while (this.freed.length > 0) {
        this.freed.pop();
        this.inFlightCount--;
        this.ready(this.engine.now + this.thinkMs());
      }
      return;
    }
    for (;;) {
      const waiting = this.backlog.length - this.head;
      if (this.due > this.stopAt || this.intended.length + waiting >= this.limit) {
        this.due = Infinity;
      }
      while (this.freed.length > 0) {
        this.freed.pop();
        this.inFlightCount--;
      }
      // Requests due by now wait for a connection; the oldest goes first.
      if (waiting > 0 && this.inFlightCount < this.spec.connections) {
        this.send(this.backlog[this.head++]!);
        continue;
      }
      if (this.head > 4096 && this.head * 2 > this.backlog.length) {
        this.backlog.splice(0, this.head);
        this.head = 0;
      }
      return;
    }
  }

  /** Nothing more will be sent (after `poll`). */
  get finished(): boolean {
    if (this.spec.mode === 'open')
      return this.due === Infinity && this.backlog.length === this.head;
    // Over when no user may send again: the requests are all sent, the time is up, or every user
    // waits past it.
    const users = this.spec.users;
    const due = this.userDue;
    return (
      this.sent >= this.limit ||
      this.engine.now > this.stopAt ||
      (due.length === users && (due.length === 0 || due[0]! > this.stopAt))
    );
  }

  /** When the next request is due (ms on the engine's clock; Infinity: none is). */
  nextDue(): number {
    if (this.spec.mode === 'open') return this.due;
    const next = this.userDue[0];
    return next !== undefined && next <= this.stopAt ? next : Infinity;
  }

  /** The request due at `nextDue()` goes (or waits for a connection): the clock is at or past it. */
  sendNext(): void {
    if (this.spec.mode === 'closed') {
      this.send(this.userDue.shift()!);
      this.sent++;
      return;
    }
    if (this.inFlightCount < this.spec.connections && this.backlog.length === this.head) {
      this.send(this.due);
    } else {
      this.backlog.push(this.due);
      this.maxBacklog = Math.max(this.maxBacklog, this.backlog.length - this.head);
    }
    this.due = this.source!.next();
  }

  /** The service stopped answering for good: requests still waiting for a connection go unsent. */
  stall(): void {
    this.unsent = this.backlog.length - this.head;
  }

  /** Each request sent so far (views of the columns: read them before the next send). */
  requests(): RequestColumns {
    return {
      intended: this.intended.view(),
      actual: this.actual.view(),
      end: this.end.view(),
      outcome: this.outcome.view(),
    };
  }

  /** The report, once the engine's run is over. */
  report(): LoadReport {
    return buildReport(this.spec.mode, this.engine.ledger(), {
      intended: this.intended.view(),
      actual: this.actual.view(),
      end: this.end.view(),
      slo: this.slo.view(),
      outcome: this.outcome.view(),
      maxInFlight: this.maxInFlight,
      maxBacklog: this.maxBacklog,
      unsent: this.unsent,
    });
  }

  private send(due: number): void {
    // The columns grow together, before the engine sees the request (it may refuse it at once);
    // `end`, `slo` and `outcome` are filled in when the answer comes.
    this.intended.push(due);
    this.actual.push(this.engine.now);
    this.end.push(NaN);
    this.slo.push(NaN);
    this.outcome.push(NOT_ENDED);
    const id = this.engine.inject();
    if (id !== this.intended.length - 1) throw new Error('load tester: job ids out of step');
    this.inFlightCount++;
    if (this.inFlightCount > this.maxInFlight) this.maxInFlight = this.inFlightCount;
  }

  private thinkMs(): number {
    const s = this.spec;
    return s.think === 'fixed' ? s.think_ms : s.think_ms * expVariate(this.think);
  }

  private ready(t: number): void {
    const due = this.userDue;
    let i = due.length;
    while (i > 0 && due[i - 1]! > t) i--;
    due.splice(i, 0, t);
  }
}

/** Run one load test against the simulation. `options` pass to the engine (a replayed trace...);
 * `onRequests` sees each request's times at the end (the CLI's requests.csv). */
export function runLoadTest(
  config: Config,
  spec: LoadSpec,
  options: Omit<EngineOptions, 'external' | 'trace'> = {},
  onRequests?: (r: RequestColumns) => void,
): LoadReport {
  const gen = new LoadGenerator(config, spec, options.replay);
  const engine = new Engine(config, { ...options, external: true, trace: gen.sink });
  gen.attach(engine);
  for (;;) {
    gen.poll();
    if (gen.finished) break;
    const due = gen.nextDue();
    const tEvent = engine.nextEventTime;
    // Ties go to the engine's events first, as its own arrivals do.
    if (due < tEvent) {
      if (due > engine.now) engine.advanceTo(due as SimMs);
      gen.sendNext();
    } else if (tEvent !== Infinity) engine.step();
    else {
      // Requests outstanding with nothing left to happen: the service stopped answering for good.
      gen.stall();
      break;
    }
  }
  engine.closeInput();
  engine.runToEnd();
  onRequests?.(gen.requests());
  return gen.report();
}
