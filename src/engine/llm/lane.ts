// One LLM replica's state: its KV block pool, its running requests (in policy-key order), its
// waiting queue (a heap by policy key, as vLLM's request_queue.py keeps FCFS and priority queues),
// the batch of its current step and its step cost model. The step scheduler and the server work on
// these; nothing here decides anything.

import type { LaneSet } from '../lanes.ts';
import { SlotHeap } from '../queues.ts';
import { BlockPool, blocksFor } from './block-pool.ts';
import type { LlmSections } from './config-sections.ts';
import {
  COST_TERMS,
  LANE_HARDWARE,
  StepCostModel,
  defaultBlocks,
  rooflineCoefficients,
  type CostCoefficients,
  type LaneHardware,
  type ModelShape,
} from './cost-model.ts';
import { StepBatch } from './step-batch.ts';

/** What a lane serves: both phases, prompts only, or decodes only (disaggregated serving). */
export const ROLE_BOTH = 0;
export const ROLE_PREFILL = 1;
export const ROLE_DECODE = 2;
export const ROLE_NAMES = ['both', 'prefill', 'decode'] as const;

export class LlmLane {
  readonly pool: BlockPool;
  /** Running requests (job slots), ordered by (key, id): the tail is preempted first. */
  readonly running: Int32Array;
  runningCount = 0;
  readonly waiting = new SlotHeap();
  readonly batch: StepBatch;
  /** A step is in flight (its STEP_END is pending), its start, and the step counter (a stale
   * STEP_END, from before a failure, carries an older number). */
  busy = false;
  stepStart = 0;
  seq = 0;
  /** Blocks kept free when admitting while something runs (the watermark). */
  readonly watermarkBlocks: number;
  /** Busy time of finished steps, ms. */
  busyMs = 0;
  steps = 0;

  constructor(
    readonly index: number,
    blocks: number,
    prefixCaching: boolean,
    maxNumSeqs: number,
    watermark: number,
    readonly role: number,
    readonly cost: StepCostModel,
  ) {
    this.pool = new BlockPool(blocks, prefixCaching);
    this.running = new Int32Array(maxNumSeqs);
    this.batch = new StepBatch(maxNumSeqs);
    this.watermarkBlocks = Math.floor(watermark * blocks);
  }

  /** Requests waiting or running here. */
  get load(): number {
    return this.runningCount + this.waiting.size;
  }

  /** Insert a request into the running list at its place by (key, id). */
  insertRunning(req: number, key: Float64Array, id: Float64Array): void {
    const run = this.running;
    let i = this.runningCount++;
    const k = key[req]!;
    const d = id[req]!;
    while (i > 0) {
      const p = run[i - 1]!;
      const pk = key[p]!;
      if (pk < k || (pk === k && id[p]! < d)) break;
      run[i] = p;
      i--;
    }
    run[i] = req;
  }

  /** Remove the running request at position `i`, keeping the order. */
  removeRunningAt(i: number): void {
    const run = this.running;
    const n = --this.runningCount;
    for (let k = i; k < n; k++) run[k] = run[k + 1]!;
  }
}

/** Most KV blocks over all lanes with prefix caching on (its columns cost 24 bytes a block). */
const MAX_CACHED_BLOCKS = 1 << 24;

/**
 * The replicas of an LLM run, one per lane: each lane kind's roofline coefficients (with
 * `llm.cost` replacing any of them), its KV blocks (`llm.blocks_by_kind`, `llm.blocks`, or what the
 * memory leaves after the weights), its role (disaggregation) and its speed relative to its kind's
 * default. Throws a config error naming the field when a model does not fit.
 */
export function createLanes(
  gpuSpeedup: number,
  llm: LlmSections,
  laneSet: LaneSet,
  shape: ModelShape,
): LlmLane[] {
  const prefillLanes = llm.disaggregation?.prefill_lanes ?? 0;
  const lanes: LlmLane[] = [];
  let totalBlocks = 0;
  for (let l = 0; l < laneSet.count; l++) {
    const kind = laneSet.kindName[l]!;
    const hw = scaleHardware(LANE_HARDWARE[kind], llm.tensor_parallel);
    const coefficients: CostCoefficients = {
      ...rooflineCoefficients(shape, hw),
      ...definedOnly(llm.cost[kind]),
    };
    const blocks =
      llm.blocks_by_kind[kind] ?? llm.blocks ?? defaultBlocks(shape, hw, llm.block_tokens);
    if (blocks < 1) {
      throw new Error(
        `invalid config:\n  - llm.model: ${llm.model}'s weights (${((shape.params * shape.bytes) / 1e9).toFixed(0)} GB) leave no room for a KV cache on a ${kind} lane of ${(hw.memory / 1e9).toFixed(0)} GB; raise llm.tensor_parallel or set llm.blocks`,
      );
    }
    totalBlocks += blocks;
    const role = prefillLanes === 0 ? ROLE_BOTH : l < prefillLanes ? ROLE_PREFILL : ROLE_DECODE;
    // A lane's own `speed` scales the coefficients against its kind's default speed.
    const defaultSpeed = kind === 'gpu' ? gpuSpeedup : 1;
    const cost = new StepCostModel(
      coefficients,
      llm.swap_gb_per_s * 1e6,
      laneSet.speed[l]! / defaultSpeed,
    );
    lanes.push(
      new LlmLane(l, blocks, llm.prefix_caching, llm.max_num_seqs, llm.watermark, role, cost),
    );
  }
  if (llm.prefix_caching && totalBlocks > MAX_CACHED_BLOCKS) {
    throw new Error(
      `invalid config:\n  - llm.prefix_caching: the lanes hold ${totalBlocks.toLocaleString('en')} blocks in all; prefix caching keeps 24 bytes a block and allows at most ${MAX_CACHED_BLOCKS.toLocaleString('en')} (set llm.blocks lower)`,
    );
  }
  return lanes;
}

/** A replica of `tp` devices: compute, bandwidth and memory add up. */
function scaleHardware(hw: LaneHardware, tp: number): LaneHardware {
  if (tp === 1) return hw;
  return { ...hw, flops: hw.flops * tp, bandwidth: hw.bandwidth * tp, memory: hw.memory * tp };
}

/** The coefficients a config sets. */
function definedOnly(
  o: Partial<Record<keyof CostCoefficients, number | undefined>> | undefined,
): Partial<CostCoefficients> {
  const out: Partial<CostCoefficients> = {};
  if (o === undefined) return out;
  for (const t of COST_TERMS) {
    const v = o[t];
    if (v !== undefined) out[t] = v;
  }
  return out;
}

/**
 * Why a request of `prompt` + `output` tokens can never be served on these lanes ('' when it can):
 * longer than the model's context, or more blocks than the largest cache that would hold it (a
 * prefill-capable lane's for the prompt, a decode lane's too for the whole answer when
 * disaggregated). Such a request is rejected with this reason, never left waiting for ever.
 */
export function neverFits(
  lanes: readonly LlmLane[],
  prompt: number,
  output: number,
  llm: LlmSections,
  maxContextTokens: number,
): string {
  const bt = llm.block_tokens;
  let most = 0;
  let decodeMost = 0;
  for (const l of lanes) {
    if (l.role !== ROLE_DECODE && l.pool.total > most) most = l.pool.total;
    if (l.role === ROLE_DECODE && l.pool.total > decodeMost) decodeMost = l.pool.total;
  }
  const tokens = prompt + output;
  if (tokens > maxContextTokens) return 'longer_than_context';
  if (blocksFor(prompt, bt) > most) return 'prompt_exceeds_cache';
  if (blocksFor(tokens, bt) > most) return 'answer_exceeds_cache';
  if (llm.disaggregation !== undefined && blocksFor(tokens, bt) > decodeMost)
    return 'answer_exceeds_cache';
  return '';
}
