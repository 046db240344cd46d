// One LLM frame from an engine running an LLM config: the ledger and counters, percentiles per
// class, the lanes, the block map (block-map.ts, one per lane, reconciled here with the engine's
// counts), the steps and per-request events since the last frame and, every few frames, the TTFT,
// TPOT and ITL CDFs read from the metrics' sketches. Everything
// is read from the engine; nothing here changes it.

import type { Engine } from '../../engine/engine.ts';
import { FREE } from '../../engine/job-table.ts';
import type { Dist } from '../../engine/llm/metrics.ts';
import {
  CDF_QUANTILES,
  LLM_PROTOCOL_VERSION,
  type LlmFrame,
  type LlmLaneState,
  type LlmQuantiles,
} from '../llm-protocol.ts';
import { LaneBlockMap, type Holding, type PreemptionProbe } from './block-map.ts';
import { stepTransferables, type StepLog } from './step-log.ts';
import { RequestLog, requestTransferables } from './request-log.ts';

/** Read the CDFs every this many frames (about 4 a second). */
const CDF_EVERY = 15;
/** Tokens per second over this many simulated ms. */
const RATE_WINDOW_MS = 5000;

export interface FrameState {
  seq: number;
  runId: number;
  playing: boolean;
  lagging: boolean;
  speed: number;
  stopped?: string | undefined;
}

/** Frames of one run: holds its block maps and the token-rate window. */
export class LlmFrameBuilder {
  readonly maps: LaneBlockMap[];
  private readonly holdings: Holding[][];
  private frames = 0;
  private readonly samples: { t: number; tokens: number }[] = [];
  private readonly probe: PreemptionProbe;

  constructor(
    private readonly engine: Engine,
    private readonly stepSink: StepLog,
    private readonly requestSink: RequestLog = new RequestLog(),
  ) {
    requestSink.jobs = engine.jobs;
    const llm = engine.llm!;
    this.maps = llm.lanes.map((l) => new LaneBlockMap(l.pool.total));
    this.holdings = llm.lanes.map(() => []);
    const jobs = engine.jobs;
    this.probe = (slot, id) =>
      jobs.state[slot] !== FREE && jobs.id[slot] === id ? llm.reqs.preemptions[slot]! : -1;
  }

  /** Bring the block maps up to the engine's state (once a frame). */
  updateMaps(): void {
    const llm = this.engine.llm!;
    const reqs = llm.reqs;
    const ids = this.engine.jobs.id;
    llm.lanes.forEach((lane, l) => {
      const list = this.holdings[l]!;
      let privateBlocks = 0;
      for (let i = 0; i < lane.runningCount; i++) {
        const r = lane.running[i]!;
        const h = (list[i] ??= { id: 0, slot: 0, blocks: 0, preemptions: 0 });
        h.id = ids[r]!;
        h.slot = r;
        h.blocks = reqs.blocks[r]!;
        h.preemptions = reqs.preemptions[r]!;
        privateBlocks += h.blocks;
      }
      list.length = lane.runningCount;
      const pool = lane.pool;
      const shared = Math.max(0, pool.used - privateBlocks);
      const idle = Math.max(0, pool.cached - shared);
      this.maps[l]!.update(list, shared, idle, this.probe);
    });
  }

  frame(s: FrameState): { frame: LlmFrame; transfer: Transferable[] } {
    this.updateMaps();
    const e = this.engine;
    const llm = e.llm!;
    const m = llm.m;
    const cfg = llm.config;
    const now = e.now;
    const lanes: LlmLaneState[] = llm.lanes.map((lane, l) => ({
      name: e.lanes.names[l]!,
      kind: e.lanes.kindName[l]!,
      blocks: lane.pool.total,
      used: lane.pool.used,
      peak: lane.pool.peak,
      cached: lane.pool.cached,
      running: lane.runningCount,
      waiting: lane.waiting.size,
      steps: lane.steps,
      preemptions: this.maps[l]!.preemptions,
    }));
    let cellCount = 0;
    for (const map of this.maps) cellCount += map.total;
    const cells = new Int32Array(cellCount);
    let offset = 0;
    for (const map of this.maps) {
      map.write(cells, offset);
      offset += map.total;
    }
    const [ci, cb] = m.classes as [(typeof m.classes)[0], (typeof m.classes)[0]];
    const frame: LlmFrame = {
      v: LLM_PROTOCOL_VERSION,
      kind: 'llm-frame',
      seq: s.seq,
      runId: s.runId,
      time: now,
      playing: s.playing,
      done: e.done,
      lagging: s.lagging,
      speed: s.speed,
      rate: e.rate,
      scheduler: e.schedulerName,
      preemptionMode: cfg.preemption,
      tokenBudget: cfg.max_num_batched_tokens,
      blockTokens: cfg.block_tokens,
      ledger: e.ledger(),
      preemptions: m.preemptions,
      recomputedTokens: m.recomputedTokens,
      swappedBytes: m.swappedBytes,
      evictions: llm.lanes.reduce((n, l) => n + l.pool.evictions, 0),
      tokensSampled: m.tokensSampled,
      steps: m.steps,
      meanBatch: m.steps > 0 ? m.stepSeqs / m.steps : 0,
      completed: [ci.completed, cb.completed],
      good: [ci.good, cb.good],
      ttft: [quantiles(ci.ttft), quantiles(cb.ttft)],
      tpot: [quantiles(ci.tpot), quantiles(cb.tpot)],
      slo: {
        ttftMs: [cfg.classes.interactive.ttft_ms, cfg.classes.batch.ttft_ms],
        tpotMs: [cfg.classes.interactive.tpot_ms, cfg.classes.batch.tpot_ms],
      },
      tokensPerS: this.tokenRate(now, m.tokensSampled),
      lanes,
      cells,
      stepLog: this.stepSink.take(),
      requestLog: this.requestSink.take(),
      ...(s.stopped !== undefined ? { stopped: s.stopped } : {}),
    };
    const transfer: Transferable[] = [
      cells.buffer,
      ...stepTransferables(frame.stepLog),
      ...requestTransferables(frame.requestLog),
    ];
    if (this.frames++ % CDF_EVERY === 0 || e.done || !s.playing) {
      const cdfs = {
        ttft: [cdf(ci.ttft), cdf(cb.ttft)] as [Float64Array, Float64Array],
        tpot: [cdf(ci.tpot), cdf(cb.tpot)] as [Float64Array, Float64Array],
        itl: [cdf(ci.itl), cdf(cb.itl)] as [Float64Array, Float64Array],
      };
      frame.cdfs = cdfs;
      for (const a of [...cdfs.ttft, ...cdfs.tpot, ...cdfs.itl]) transfer.push(a.buffer);
    }
    return { frame, transfer };
  }

  private tokenRate(now: number, tokens: number): number {
    const w = this.samples;
    if (w.length === 0 || now > w[w.length - 1]!.t) w.push({ t: now, tokens });
    while (w.length > 2 && w[1]!.t <= now - RATE_WINDOW_MS) w.shift();
    const first = w[0]!;
    return now > first.t ? ((tokens - first.tokens) * 1000) / (now - first.t) : 0;
  }
}

function quantiles(d: Dist): LlmQuantiles {
  const p = d.percentiles();
  return { p50: p.p50, p90: p.p90, p99: p.p99, mean: p.mean, count: p.count };
}

/** The CDF of a metric at CDF_QUANTILES (ms); empty without observations. */
export function cdf(d: Dist): Float64Array {
  if (d.count === 0) return new Float64Array(0);
  return Float64Array.from(CDF_QUANTILES, (q) => Math.min(d.sketch.getValueAtQuantile(q), d.max));
}
