// The LLM workload inside the engine: requests with tokens arrive through the engine's arrival
// stream and ledger, a router queues each on a replica (lane), and each replica runs one step at a
// time: the step scheduler forms the batch, the cost model (or a live executor) gives its end, and
// at the end tokens are sampled, requests finish and free their blocks, and the next step forms.
// Events go through the engine's heap (STEP_END, KV_DONE); lane faults re-route a lane's requests,
// their KV cache lost. The engine calls in at its seams: arrive, dispatch, event, laneDown/laneUp.

import type { Config, LlmConfig } from '../config.ts';
import type { Ledger, SpanSink } from '../engine-types.ts';
import { FREE, type JobTable } from '../job-table.ts';
import type { LaneSet } from '../lanes.ts';
import type { Metrics } from '../metrics.ts';
import { KV_DONE, STEP_END } from '../run-ledger.ts';
import { createLlmPolicy } from '../schedulers/registry.ts';
import type { LlmPolicy, LlmPolicyOptions } from '../schedulers/llm-policy.ts';
import type { LlmTrace } from './azure-trace.ts';
import { prefixHash } from './block-pool.ts';
import { MODEL_SHAPES, kvBytesPerToken, type ModelShape } from './cost-model.ts';
import { ROLE_PREFILL, createLanes, neverFits, type LlmLane } from './lane.ts';
import { LlmRequestSource } from './request-source.ts';
import { LlmMetrics } from './metrics.ts';
import { RequestOutcomes } from './outcomes.ts';
import { L_RUNNING, L_SWAPPED, L_TRANSFER, L_WAITING, LlmRequests } from './requests.ts';
import { ReplicaRouter } from './routers.ts';
import type { LlmExecutor, StepBatch } from './step-batch.ts';
import { StepScheduler } from './step-scheduler.ts';
import type { LlmTraceSink } from './trace-sink.ts';

/** What the server needs from the engine. */
export interface LlmHost {
  schedule(t: number, kind: number, a: number, b: number): void;
}

export type { LlmExecutor } from './step-batch.ts';

export interface LlmServerOptions {
  config: Config;
  llm: LlmConfig;
  lanes: LaneSet;
  jobs: JobTable;
  ledger: Ledger;
  metrics: Metrics;
  host: LlmHost;
  trace?: LlmTraceSink | undefined;
  /** Gantt spans: one per step (its first request's id and class, its size). */
  spans?: SpanSink | undefined;
  /** Requests with their own token counts (an azure_llm trace), in arrival order. */
  source?: LlmTrace | undefined;
  executor?: LlmExecutor | undefined;
  /** Builds a user policy instead of `llm.scheduler` (the policy API). */
  policy?: ((options: LlmPolicyOptions, seed: number) => LlmPolicy) | undefined;
}

export class LlmServer {
  readonly reqs = new LlmRequests();
  readonly m = new LlmMetrics();
  readonly lanes: LlmLane[];
  readonly shape: ModelShape;
  readonly blockBytes: number;
  readonly steps: StepScheduler;
  private readonly o: LlmServerOptions;
  private readonly cfg: LlmConfig;
  get config(): LlmConfig {
    return this.cfg;
  }
  private readonly source: LlmRequestSource;
  /** Lanes whose step may start now. */
  private readonly kicks: Int32Array;
  private readonly kicked: Uint8Array;
  private kickCount = 0;
  /** Routing across the lanes: the router's view, the requests waiting for a lane to come up. */
  readonly routing: ReplicaRouter;
  private readonly maxContextTokens: number;
  private readonly transferBytesPerMs: number;
  /** How requests end: sketches, SLO verdicts, token counters, ledger, trace rows. */
  private readonly outcomes: RequestOutcomes;
  /** Rejections by reason. */
  get rejectedBy(): Readonly<Record<string, number>> {
    return this.outcomes.rejectedBy;
  }

  constructor(o: LlmServerOptions) {
    this.o = o;
    const llm = (this.cfg = o.llm);
    const seed = o.config.seed;
    this.shape = MODEL_SHAPES[llm.model];
    this.blockBytes = kvBytesPerToken(this.shape) * llm.block_tokens;
    this.source = new LlmRequestSource(seed, llm, o.source);
    this.outcomes = new RequestOutcomes(llm, this.reqs, this.m, o);
    const n = o.lanes.count;
    this.lanes = createLanes(o.config.service.gpu_speedup, llm, o.lanes, this.shape);
    this.transferBytesPerMs = (llm.disaggregation?.kv_gb_per_s ?? 1) * 1e6;
    this.maxContextTokens = this.shape.maxContext;
    this.routing = new ReplicaRouter(
      llm.router,
      Uint8Array.from(this.lanes, (l) => l.role),
      Int32Array.from(this.lanes, (l) => l.pool.total),
      llm.disaggregation !== undefined,
    );
    this.kicks = new Int32Array(n);
    this.kicked = new Uint8Array(n);
    const limits = {
      maxNumBatchedTokens: llm.max_num_batched_tokens,
      maxNumSeqs: llm.max_num_seqs,
    };
    const policy = o.policy ? o.policy(limits, seed) : createLlmPolicy(llm.scheduler, limits);
    this.steps = new StepScheduler(
      o.jobs,
      this.reqs,
      policy,
      {
        blockTokens: llm.block_tokens,
        maxNumSeqs: llm.max_num_seqs,
        swap: llm.preemption === 'swap',
        blockBytes: this.blockBytes,
        prefixCaching: llm.prefix_caching,
      },
      o.ledger,
      this.m,
    );
  }

  get policyName(): string {
    return this.steps.policy.name;
  }

  /** Swap the policy (a live switch); requests keep their places, re-keyed from now on. */
  setPolicy(policy: LlmPolicy): void {
    this.steps.policy = policy;
  }

  // ---- Arrivals --------------------------------------------------------------------------

  /**
   * A request arrived in `slot` (the engine set its id, class and arrival). Returns false when it
   * is rejected (`refused`: the engine's reason, such as a full queue; or it can never be served);
   * true when it was queued (ledger.queued counted).
   */
  arrive(slot: number, now: number, refused = ''): boolean {
    const reqs = this.reqs;
    const jobs = this.o.jobs;
    reqs.ensure(jobs.capacity);
    this.source.next(slot, reqs);
    const prompt = reqs.prompt[slot]!;
    const output = reqs.output[slot]!;
    reqs.blockSince[slot] = now;
    reqs.key[slot] = this.steps.policy.key(slot, { jobs, reqs, now });
    const reason =
      refused !== ''
        ? refused
        : neverFits(this.lanes, prompt, output, this.cfg, this.maxContextTokens);
    if (reason !== '') {
      this.outcomes.rejected(slot, now, reason);
      return false;
    }
    this.o.ledger.queued++;
    this.m.population(now, 1);
    this.route(slot, false);
    return true;
  }

  /** Queue a request on a lane the router picks (decode lanes when `decode`); none up: pending. */
  private route(slot: number, decode: boolean): void {
    const lane = this.routing.choose(
      slot,
      this.reqs.group[slot]!,
      decode,
      this.o.lanes,
      this.o.jobs,
    );
    if (lane >= 0) this.enqueue(slot, lane);
  }

  private enqueue(slot: number, lane: number): void {
    const reqs = this.reqs;
    reqs.lane[slot] = lane;
    this.lanes[lane]!.waiting.push(slot, reqs.key[slot]!, this.o.jobs.id[slot]!);
    this.routing.outstanding[lane]!++;
    this.kick(lane);
  }

  private kick(lane: number): void {
    if (this.kicked[lane] === 1) return;
    this.kicked[lane] = 1;
    this.kicks[this.kickCount++] = lane;
  }

  // ---- Steps -----------------------------------------------------------------------------

  /** Start a step on every kicked lane that is idle and has work. */
  dispatch(now: number): void {
    while (this.kickCount > 0) {
      const l = this.kicks[--this.kickCount]!;
      this.kicked[l] = 0;
      const lane = this.lanes[l]!;
      if (!lane.busy && this.o.lanes.up[l] === 1 && lane.load > 0) this.startStep(lane, now);
    }
  }

  private startStep(lane: LlmLane, now: number): void {
    this.steps.form(lane, now);
    const b = lane.batch;
    this.setUsed(lane);
    if (b.size === 0) return;
    lane.busy = true;
    lane.stepStart = now;
    const seq = ++lane.seq;
    const executor = this.o.executor;
    if (executor !== undefined) executor.runStep(b, seq);
    else this.o.host.schedule(now + lane.cost.duration(b), STEP_END, lane.index, seq);
  }

  /** A STEP_END event: step `seq` of lane `l` ended now (stale after a lane failure). */
  stepEnd(l: number, seq: number, now: number): void {
    const lane = this.lanes[l]!;
    if (!lane.busy || seq !== lane.seq) return;
    lane.busy = false;
    lane.busyMs += now - lane.stepStart;
    lane.steps++;
    const b = lane.batch;
    const reqs = this.reqs;
    const jobs = this.o.jobs;
    const m = this.m;
    const cfg = this.cfg;
    const bt = cfg.block_tokens;
    let finished = 0;
    lane.pool.advance(now);
    this.steps.now = now;
    const prefixCaching = cfg.prefix_caching;
    const computed = reqs.computed;
    const generated = reqs.generated;
    const output = reqs.output;
    for (let j = 0; j < b.size; j++) {
      const r = b.req[j]!;
      const c = (computed[r]! += b.tokens[j]!);
      if (prefixCaching && reqs.group[r]! >= 0) this.registerPrefix(lane, r, c, bt);
      if (b.samples[j] === 0) continue;
      const g = ++generated[r]!;
      m.tokensSampled++;
      const cls = jobs.cls[r]!;
      if (g === 1) reqs.firstToken[r] = now;
      else m.itl(cls, now - reqs.lastToken[r]!);
      reqs.lastToken[r] = now;
      if (g >= output[r]!) {
        reqs.phase[r] = L_WAITING; // leaves the running list below
        finished++;
      } else if (lane.role === ROLE_PREFILL) {
        reqs.phase[r] = L_TRANSFER;
        finished++;
      }
    }
    // A step counts once it has ended (a step cut short by a lane failure computed nothing).
    m.step(b.size, b.batchedTokens);
    m.prefillComputed += b.prefillTokens;
    if (finished > 0) {
      // Take finished and transferring requests out of the running list, keeping its order.
      let w = 0;
      for (let i = 0; i < lane.runningCount; i++) {
        const r = lane.running[i]!;
        const phase = reqs.phase[r];
        if (phase === L_RUNNING) lane.running[w++] = r;
        else if (phase === L_TRANSFER) this.startTransfer(lane, r, now);
        else this.finish(lane, r, now);
      }
      lane.runningCount = w;
    }
    this.setUsed(lane);
    this.o.trace?.step(lane.index, lane.stepStart, now, b, lane.pool.used);
    this.o.spans?.span(lane.index, lane.stepStart, now, jobsIdOf(b), 0, 0, b.size, false);
    this.kick(lane.index);
  }

  /** Name the full prefix blocks `r` has computed as cached blocks others may reuse. */
  private registerPrefix(lane: LlmLane, r: number, computed: number, bt: number): void {
    const reqs = this.reqs;
    const full = Math.floor(reqs.prefixTokens[r]! / bt);
    const group = reqs.group[r]!;
    // Only while this request's blocks are the cached ones from the first on (consecutive).
    while (
      reqs.prefixBlocks[r]! < full &&
      (reqs.prefixBlocks[r]! + 1) * bt <= computed &&
      reqs.blocks[r]! > 0
    ) {
      if (lane.pool.register(prefixHash(group, reqs.prefixBlocks[r]!)) < 0) break;
      reqs.blocks[r]!--;
      reqs.prefixBlocks[r]!++;
    }
  }

  private finish(lane: LlmLane, r: number, now: number): void {
    this.steps.releaseBlocks(lane, r);
    this.routing.outstanding[lane.index]!--;
    this.outcomes.completed(r, lane.index, now);
  }

  // ---- Disaggregation --------------------------------------------------------------------

  private startTransfer(lane: LlmLane, r: number, now: number): void {
    const reqs = this.reqs;
    const bytes = reqs.computed[r]! * kvBytesPerToken(this.shape);
    this.m.transfers++;
    this.routing.transfersFrom[lane.index]!++;
    this.m.transferBytes += bytes;
    const gen = ++this.o.jobs.gen[r]!;
    this.o.host.schedule(now + bytes / this.transferBytesPerMs, KV_DONE, r, gen);
  }

  /** A prefill's KV cache reached the decode side: free it on the prefill lane, queue for decode. */
  transferDone(r: number, gen: number, now: number): void {
    const reqs = this.reqs;
    if (reqs.phase[r] !== L_TRANSFER || this.o.jobs.gen[r] !== gen) return;
    const from = this.lanes[reqs.lane[r]!]!;
    this.steps.now = now;
    this.steps.releaseBlocks(from, r);
    this.setUsed(from);
    this.routing.outstanding[from.index]!--;
    this.routing.transfersFrom[from.index]!--;
    this.kick(from.index);
    reqs.phase[r] = L_SWAPPED;
    reqs.swapped[r] = 0;
    const ledger = this.o.ledger;
    ledger.running--;
    ledger.queued++;
    this.route(r, true);
  }

  // ---- Faults ----------------------------------------------------------------------------

  /** A lane failed: its KV cache is lost; its running and waiting requests go elsewhere. */
  laneDown(l: number, now: number): void {
    const lane = this.lanes[l]!;
    const reqs = this.reqs;
    const ledger = this.o.ledger;
    this.steps.now = now;
    if (lane.busy) {
      lane.busyMs += now - lane.stepStart;
      lane.busy = false;
      this.o.spans?.span(l, lane.stepStart, now, jobsIdOf(lane.batch), 0, 0, lane.batch.size, true);
    }
    lane.seq++;
    const moved: number[] = [];
    for (let i = 0; i < lane.runningCount; i++) {
      const r = lane.running[i]!;
      this.steps.releaseBlocks(lane, r);
      this.m.recomputedTokens += reqs.computed[r]!;
      reqs.computed[r] = 0;
      reqs.swapped[r] = 0;
      reqs.phase[r] = L_WAITING;
      ledger.running--;
      ledger.queued++;
      moved.push(r);
    }
    lane.runningCount = 0;
    while (lane.waiting.size > 0) {
      const r = lane.waiting.pop();
      // A swapped copy or a transferred cache was for this lane: start again.
      if (reqs.phase[r] === L_SWAPPED) {
        this.m.recomputedTokens += reqs.computed[r]!;
        reqs.computed[r] = 0;
        reqs.swapped[r] = 0;
        reqs.phase[r] = L_WAITING;
      }
      moved.push(r);
    }
    this.routing.outstanding[l] = this.routing.transfersFrom[l]!;
    this.setUsed(lane);
    const ids = this.o.jobs.id;
    moved.sort((a, b) => ids[a]! - ids[b]!);
    for (const r of moved)
      this.route(r, reqs.generated[r]! > 0 && this.cfg.disaggregation !== undefined);
  }

  /** A lane may take work again (recovered): pending requests are routed. */
  laneUp(): void {
    const pending = this.routing.pending;
    const n = pending.size;
    for (let i = 0; i < n; i++) {
      const r = pending.shift();
      this.route(r, this.reqs.generated[r]! > 0 && this.cfg.disaggregation !== undefined);
    }
  }

  // ---- Views -----------------------------------------------------------------------------

  /** Requests queued or running now (job slots), in no order. Cold path (summaries, tests). */
  inFlight(): number[] {
    const out: number[] = [];
    for (const lane of this.lanes) {
      for (let i = 0; i < lane.runningCount; i++) out.push(lane.running[i]!);
      const drained: number[] = [];
      lane.waiting.drainInto(drained);
      for (const r of drained) {
        out.push(r);
        lane.waiting.push(r, this.reqs.key[r]!, this.o.jobs.id[r]!);
      }
    }
    const reqs = this.reqs;
    for (let r = 0; r < reqs.capacity && r < this.o.jobs.capacity; r++) {
      if (this.o.jobs.state[r] !== FREE && reqs.phase[r] === L_TRANSFER) out.push(r);
    }
    const pending = this.routing.pending;
    for (let i = 0; i < pending.size; i++) out.push(pending.at(i));
    return out;
  }

  /** Keep the router's view and the KV series current after a lane's blocks changed. */
  private setUsed(lane: LlmLane): void {
    const used = lane.pool.used;
    this.routing.setUsed(lane.index, used);
    this.m.kvSample(this.steps.now, this.routing.kvTotal);
  }

  /** End of the run: flush the trace and steps files. */
  flush(): void {
    this.o.trace?.flush();
  }

  /** KV blocks in use now, over every lane. */
  get blocksInUse(): number {
    let n = 0;
    for (const l of this.lanes) n += l.pool.used;
    return n;
  }
}

/** The id of a step's first request (what a Gantt span is labelled with). */
function jobsIdOf(b: StepBatch): number {
  return b.size > 0 ? b.id[0]! : -1;
}
