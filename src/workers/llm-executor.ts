// Live LLM mode's executor: the engine's step scheduler decides each step (a StepBatch: which
// requests extend by how many tokens, who was preempted and how), and this runs it on a real decoder
// lane, then tells the engine when it ended (Engine.completeStep, on the engine's clock). It is the
// LLM kind's counterpart of live-executor.ts.
//
// The engine knows token counts, not tokens; the executor keeps each request's tokens: a prompt made
// from its id (deterministic, labelled synthetic like the weights) and every token the decoder
// sampled, so a row that computes tokens [cached, cached + n) feeds exactly those (a prompt chunk,
// a decode's last sampled token, or a recompute of prompt and answer after a preemption). A request
// preempted by recompute has its KV dropped; by swap, moved to host memory and back before its next
// row. A request that ended (the trace sink says so) is forgotten. Every step is measured: its load
// as the engine counts it and the lane's wall time.

import type { LlmExecutor, StepBatch } from '../engine/llm/step-batch.ts';
import { PREEMPT_SWAP } from '../engine/llm/step-batch.ts';
import type { LlmRequestRow, LlmTraceSink } from '../engine/llm/trace-sink.ts';
import type { StepLoad } from '../engine/llm/cost-model.ts';
import { scriptPrompt, type DecoderStepper } from './lanes/decoder-scenarios.ts';
import type { StepRequest, StepResult } from './lanes/decoder-step.ts';
import type { SeqId } from './lanes/kv-blocks.ts';

/** A decoder lane as the executor drives it (DecoderRunner, DecoderLane, or its comlink proxy). */
export interface DecoderLaneHandle extends DecoderStepper {
  swapOut?(seq: SeqId): Promise<unknown>;
  swapIn?(seq: SeqId): unknown;
}

/** One step as it ran: what the engine asked for and how long the lane took. */
export interface LiveStep {
  lane: number;
  /** Engine clock (ms) when the step was handed over and when it ended. */
  start: number;
  end: number;
  load: Omit<StepLoad, 'swapBytes'>;
  /** The lane's own time for the step (StepResult.ms), and its time packing KV. */
  laneMs: number;
  packMs: number;
  seqs: number;
}

export interface DecoderExecutorOptions {
  /** One decoder lane per engine lane index. */
  lanes: readonly DecoderLaneHandle[];
  vocab: number;
  /** The engine's clock now (ms). */
  clock: () => number;
  /** Engine.completeStep. */
  complete: (lane: number, seq: number, end: number) => void;
  /** Prompt tokens of the request in job slot `req` (engine.llm.reqs.prompt). */
  promptOf: (req: number) => number;
  /** A token was generated for request `id` (its `index`th). */
  onToken?: ((id: number, token: number, index: number) => void) | undefined;
  onStep?: (step: LiveStep) => void;
}

interface Row {
  id: number;
  tokens: number;
  cached: number;
  samples: boolean;
  /** The request's start this row belongs to. */
  start: number;
}

export class DecoderExecutor implements LlmExecutor {
  /** Each request's known tokens: its prompt, then what the decoder sampled. */
  private readonly known = new Map<number, number[]>();
  /** Request id by job slot, as last seen in a row (a preempted request was running). */
  private readonly slotId = new Map<number, number>();
  private readonly swapped = new Set<number>();
  /** The lane holding each request's KV (a request moved off a failed lane starts again). */
  private readonly heldOn = new Map<number, number>();
  /** Bumped each time a request starts again from nothing: a step of an earlier start (on a lane
   * that failed meanwhile, its answer ignored by the engine) adds no tokens. */
  private readonly starts = new Map<number, number>();
  private readonly promptLength = new Map<number, number>();
  private pending = 0;
  private waiters: (() => void)[] = [];
  /** The first error a step met: the live run stops on it. */
  error: unknown;
  steps = 0;

  constructor(private readonly o: DecoderExecutorOptions) {}

  /** Steps handed over and not yet answered. */
  get inFlight(): number {
    return this.pending;
  }

  /** Resolves when a step in flight ends (at once when none is). */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The request's tokens so far (prompt, then generated). */
  tokensOf(id: number): readonly number[] | undefined {
    return this.known.get(id);
  }

  promptLengthOf(id: number): number | undefined {
    return this.promptLength.get(id);
  }

  runStep(batch: StepBatch, seq: number): void {
    // The batch is reused once the step is answered: copy what the step needs now.
    const lane = batch.lane;
    const start = this.o.clock();
    const preempted: { id: number; swap: boolean }[] = [];
    for (let i = 0; i < batch.preemptedCount; i++) {
      const id = this.slotId.get(batch.preempted[i]!);
      if (id !== undefined) preempted.push({ id, swap: batch.preemptedMode[i] === PREEMPT_SWAP });
    }
    const rows: Row[] = [];
    for (let i = 0; i < batch.size; i++) {
      const id = batch.id[i]!;
      this.slotId.set(batch.req[i]!, id);
      if (!this.known.has(id)) {
        const n = this.o.promptOf(batch.req[i]!);
        this.promptLength.set(id, n);
        this.known.set(id, scriptPrompt(n, id, this.o.vocab));
      }
      const cached = batch.cached[i]!;
      if (cached === 0) this.starts.set(id, (this.starts.get(id) ?? 0) + 1);
      rows.push({
        id,
        tokens: batch.tokens[i]!,
        cached,
        samples: batch.samples[i] === 1,
        start: this.starts.get(id) ?? 0,
      });
    }
    const load = {
      prefillTokens: batch.prefillTokens,
      attentionWork: batch.attentionWork,
      decodeSeqs: batch.decodeSeqs,
      kvRead: batch.kvRead,
    };
    this.pending++;
    this.run(lane, rows, preempted)
      .then((res) => {
        const end = this.o.clock();
        this.steps++;
        this.o.onStep?.({
          lane,
          start,
          end,
          load,
          laneMs: res.ms,
          packMs: res.packMs,
          seqs: rows.length,
        });
        this.o.complete(lane, seq, end);
      })
      .catch((e: unknown) => {
        this.error ??= e;
      })
      .finally(() => {
        this.pending--;
        const w = this.waiters;
        this.waiters = [];
        for (const resolve of w) resolve();
      });
  }

  /** A request ended (completed or rejected): its KV and tokens are forgotten. */
  async ended(id: number): Promise<void> {
    this.known.delete(id);
    this.promptLength.delete(id);
    this.swapped.delete(id);
    this.starts.delete(id);
    const lane = this.heldOn.get(id);
    this.heldOn.delete(id);
    if (lane !== undefined) await this.o.lanes[lane]?.drop(id);
  }

  /** A trace sink that forgets ended requests, passing rows on to `next`. */
  sink(next?: LlmTraceSink): LlmTraceSink {
    return {
      request: (row: LlmRequestRow) => {
        next?.request(row);
        void this.ended(row.id).catch((e: unknown) => (this.error ??= e));
      },
      step: (lane, start, end, batch, used) => next?.step(lane, start, end, batch, used),
      flush: () => next?.flush(),
    };
  }

  private async run(
    laneIndex: number,
    rows: readonly Row[],
    preempted: readonly { id: number; swap: boolean }[],
  ): Promise<StepResult> {
    const lane = this.o.lanes[laneIndex];
    if (!lane) throw new Error(`live LLM mode: engine lane ${laneIndex} has no decoder lane`);
    for (const p of preempted) {
      if (!p.swap) {
        await lane.drop(p.id);
        this.heldOn.delete(p.id);
      } else if (lane.swapOut) {
        await lane.swapOut(p.id);
        this.swapped.add(p.id);
      } else throw new Error(`lane ${laneIndex} cannot swap: preempt by recompute instead`);
    }
    const req: StepRequest = { seqs: [] };
    for (const r of rows) {
      // A request the engine starts again from nothing (re-routed after a lane failure) may still
      // hold KV where it ran before.
      const was = this.heldOn.get(r.id);
      if (r.cached === 0 && was !== undefined) {
        await this.o.lanes[was]?.drop(r.id);
        this.swapped.delete(r.id);
      }
      this.heldOn.set(r.id, laneIndex);
      if (this.swapped.has(r.id)) {
        await lane.swapIn!(r.id);
        this.swapped.delete(r.id);
      }
      const known = this.known.get(r.id)!;
      // The engine samples once its known tokens are computed: tokens past those came from a step
      // the engine ignored (a failed lane's).
      if (r.samples) known.length = Math.min(known.length, r.cached + r.tokens);
      if (r.cached + r.tokens > known.length) {
        throw new Error(
          `request ${r.id}: the step computes tokens ${r.cached}..${r.cached + r.tokens}, ${known.length} are known`,
        );
      }
      req.seqs.push({
        seq: r.id,
        tokens: known.slice(r.cached, r.cached + r.tokens),
        position: r.cached,
        emit: r.samples,
      });
    }
    const res = await lane.step(req);
    const startOf = new Map(rows.map((r) => [r.id, r.start]));
    for (const out of res.outputs) {
      const known = this.known.get(out.seq);
      if (!known || this.starts.get(out.seq) !== startOf.get(out.seq)) continue;
      known.push(out.token);
      this.o.onToken?.(out.seq, out.token, known.length - this.promptLength.get(out.seq)! - 1);
    }
    return res;
  }
}
