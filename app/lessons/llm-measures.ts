// Figures of an LLM lesson's run, read from the LLM frames the same way in the page (the frames the
// LLM host posts) and in the claim tests (the same frame builder run headless): goodput and SLO
// attainment, TTFT and TPOT percentiles, preemptions, the KV cache. Inter-token latency is read
// from the steps of the step's own wait: every request that decoded in a step waited that step's
// duration for its token (continuous batching decodes every running request each step), so the
// step durations, one sample per decoding request, are the ITL distribution. Pure: no stores.

import type { LlmFrame, LlmStepColumns } from '../../src/workers/llm-protocol.ts';
import type { LlmMetric } from './llm-schema.ts';

/** Buckets of 1 % width: ITL percentiles within 1 %, in constant memory however long the wait. */
const GROWTH = Math.log(1.01);
const MIN_MS = 0.01;

/** Inter-token latencies of the steps seen since `reset` (the step's wait). */
export class ItlSamples {
  private counts = new Map<number, number>();
  private n = 0;
  private max = 0;

  add(steps: LlmStepColumns): void {
    for (let i = 0; i < steps.count; i++) {
      const k = steps.decode[i]!;
      if (k <= 0) continue;
      const ms = Math.max(MIN_MS, steps.end[i]! - steps.start[i]!);
      const b = Math.floor(Math.log(ms / MIN_MS) / GROWTH);
      this.counts.set(b, (this.counts.get(b) ?? 0) + k);
      this.n += k;
      if (ms > this.max) this.max = ms;
    }
  }

  /** The q-quantile (ms, a bucket's middle), NaN with no sample. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const want = Math.ceil(q * this.n);
    let seen = 0;
    for (const b of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(b)!;
      if (seen >= want) return Math.min(this.max, MIN_MS * Math.exp((b + 0.5) * GROWTH));
    }
    return this.max;
  }

  get longest(): number {
    return this.n > 0 ? this.max : NaN;
  }
}

/** One figure of the interactive class (LLM presets send every request as interactive). */
export function readLlmMetric(f: LlmFrame, metric: LlmMetric, itl: ItlSamples): number {
  const seconds = f.time / 1000;
  const per = (v: number): number => (seconds > 0 ? v / seconds : NaN);
  const blocks = f.lanes.reduce((n, l) => n + l.blocks, 0);
  const l = f.ledger;
  const quantile = (q: { p50: number; p99: number; count: number }, p: 'p50' | 'p99'): number =>
    q.count > 0 ? q[p] : NaN;
  switch (metric) {
    case 'goodput':
      return per(f.good[0] + f.good[1]);
    case 'good_share': {
      const done = f.completed[0] + f.completed[1];
      return done > 0 ? (100 * (f.good[0] + f.good[1])) / done : NaN;
    }
    case 'throughput':
      return per(f.completed[0] + f.completed[1]);
    case 'tokens_per_s':
      return per(f.tokensSampled);
    case 'ttft_p50':
      return quantile(f.ttft[0], 'p50');
    case 'ttft_p99':
      return quantile(f.ttft[0], 'p99');
    case 'tpot_p50':
      return quantile(f.tpot[0], 'p50');
    case 'tpot_p99':
      return quantile(f.tpot[0], 'p99');
    case 'itl_p50':
      return itl.quantile(0.5);
    case 'itl_p99':
      return itl.quantile(0.99);
    case 'itl_max':
      return itl.longest;
    case 'preemptions':
      return f.preemptions;
    case 'recomputed_tokens':
      return f.recomputedTokens;
    case 'swapped_gb':
      return f.swappedBytes / 1e9;
    case 'mean_batch':
      return f.meanBatch;
    case 'kv_peak':
      return blocks > 0 ? (100 * f.lanes.reduce((n, x) => n + x.peak, 0)) / blocks : NaN;
    case 'kv_used':
      return blocks > 0 ? (100 * f.lanes.reduce((n, x) => n + x.used, 0)) / blocks : NaN;
    case 'cached_blocks':
      return f.lanes.reduce((n, x) => n + x.cached, 0);
    case 'waiting':
      return l.queued;
    case 'arrived':
      return l.arrived;
    case 'completed':
      return l.completed;
    case 'lost':
      return l.arrived - (l.completed + l.rejected + l.dropped + l.queued + l.running);
    case 'rate':
      return f.rate;
  }
}
