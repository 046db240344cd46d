// How a request's end is recorded: a completed request's TTFT, TPOT, E2E and queueing delay go into
// its class's sketches, its SLO verdict (both TTFT and TPOT met) into goodput, its tokens into the
// token counters, its row into trace.csv; a rejected one counts under its reason. Both leave the
// engine's ledger and per-second metrics balanced and free the job slot. The server decides when a
// request ends; this records it, the same way for every policy, router and lane role.

import type { Ledger } from '../engine-types.ts';
import type { JobTable } from '../job-table.ts';
import type { Metrics } from '../metrics.ts';
import type { LlmSections } from './config-sections.ts';
import type { LlmMetrics } from './metrics.ts';
import type { LlmRequests } from './requests.ts';
import type { LlmRequestRow, LlmTraceSink } from './trace-sink.ts';

/** What recording an end touches besides the request's own columns. */
export interface OutcomeSinks {
  jobs: JobTable;
  ledger: Ledger;
  /** The engine's per-second metrics and latency sketches (the request kind's view). */
  metrics: Metrics;
  trace?: LlmTraceSink | undefined;
}

export class RequestOutcomes {
  /** Rejections by reason. */
  readonly rejectedBy: Record<string, number> = {};
  private readonly ttftSlo: Float64Array;
  private readonly tpotSlo: Float64Array;
  /** The one row handed to the trace sink, refilled per request (no allocation per request). */
  private readonly row: LlmRequestRow = {
    id: 0,
    cls: 0,
    lane: -1,
    arrival: 0,
    firstScheduled: NaN,
    firstToken: NaN,
    end: 0,
    prompt: 0,
    output: 0,
    preemptions: 0,
    cachedTokens: 0,
    ttftSlo: 0,
    tpotSlo: 0,
    outcome: 'completed',
    reason: '',
  };

  constructor(
    llm: LlmSections,
    private readonly reqs: LlmRequests,
    private readonly m: LlmMetrics,
    private readonly o: OutcomeSinks,
  ) {
    this.ttftSlo = Float64Array.of(llm.classes.interactive.ttft_ms, llm.classes.batch.ttft_ms);
    this.tpotSlo = Float64Array.of(llm.classes.interactive.tpot_ms, llm.classes.batch.tpot_ms);
  }

  /** Request `r` produced its last token on `lane` now (its blocks already released). */
  completed(r: number, lane: number, now: number): void {
    const reqs = this.reqs;
    const jobs = this.o.jobs;
    this.m.requestBlockMs += reqs.blockMs[r]!;
    const cls = jobs.cls[r]!;
    const arrival = jobs.arrival[r]!;
    const out = reqs.output[r]!;
    const ttft = reqs.firstToken[r]! - arrival;
    const tpot = out > 1 ? (now - reqs.firstToken[r]!) / (out - 1) : 0;
    const good = ttft <= this.ttftSlo[cls]! && tpot <= this.tpotSlo[cls]!;
    const s = this.m.classes[cls]!;
    s.ttft.add(ttft);
    if (out > 1) s.tpot.add(tpot);
    s.e2e.add(now - arrival);
    s.queue.add(reqs.firstScheduled[r]! - arrival);
    s.completed++;
    if (good) s.good++;
    s.promptTokens += reqs.prompt[r]!;
    s.generatedTokens += reqs.generated[r]!;
    this.o.metrics.completed(
      cls,
      arrival,
      reqs.firstScheduled[r]!,
      now,
      good ? Infinity : -Infinity,
    );
    const ledger = this.o.ledger;
    ledger.running--;
    ledger.completed++;
    this.m.population(now, -1);
    this.report(r, lane, now, 'completed', '');
    jobs.release(r);
  }

  /** The request in `slot` is rejected on arrival for `reason` (it never queued). */
  rejected(slot: number, now: number, reason: string): void {
    const cls = this.o.jobs.cls[slot]!;
    this.o.ledger.rejected++;
    this.o.metrics.rejected(cls, now);
    this.m.rejected++;
    this.rejectedBy[reason] = (this.rejectedBy[reason] ?? 0) + 1;
    this.report(slot, -1, now, 'rejected', reason);
    this.o.jobs.release(slot);
  }

  private report(
    r: number,
    lane: number,
    now: number,
    outcome: 'completed' | 'rejected',
    reason: string,
  ): void {
    const sink = this.o.trace;
    if (sink === undefined) return;
    const reqs = this.reqs;
    const jobs = this.o.jobs;
    const row = this.row;
    const cls = jobs.cls[r]!;
    row.id = jobs.id[r]!;
    row.cls = cls;
    row.lane = lane;
    row.arrival = jobs.arrival[r]!;
    row.firstScheduled = reqs.firstScheduled[r]!;
    row.firstToken = reqs.firstToken[r]!;
    row.end = now;
    row.prompt = reqs.prompt[r]!;
    row.output = reqs.output[r]!;
    row.preemptions = reqs.preemptions[r]!;
    row.cachedTokens = reqs.cachedTokens[r]!;
    row.ttftSlo = this.ttftSlo[cls]!;
    row.tpotSlo = this.tpotSlo[cls]!;
    row.outcome = outcome;
    row.reason = reason;
    sink.request(row);
  }
}
