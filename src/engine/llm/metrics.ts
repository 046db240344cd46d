// LLM serving metrics, with memory bounded by classes and lanes, never by requests or tokens: per
// class DDSketches (1 % relative accuracy, as metrics.ts) of TTFT, TPOT, ITL, E2E and queueing
// delay; token, preemption, step and prefix-cache counters; KV blocks in use integrated over time.
// ITL costs one sketch insert per run of equal gaps in a step, not one per token: the sequences
// that decoded in the previous step share this step's gap.

import { DDSketch } from '@datadog/sketches-js';
import { SKETCH_RELATIVE_ACCURACY } from '../metrics.ts';

/** Percentiles of one quantity, ms. */
export interface LlmPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  mean: number;
  /** Observations (requests, or token gaps for ITL). */
  count: number;
}

/** Sketches refuse zero; a zero is recorded as this (far below 1 µs). */
const TINY = 1e-9;

export class Dist {
  readonly sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  sum = 0;
  count = 0;
  max = 0;
  add(v: number, weight = 1): void {
    this.sketch.accept(v > TINY ? v : TINY, weight);
    this.sum += v * weight;
    this.count += weight;
    if (v > this.max) this.max = v;
  }
  merge(other: Dist): void {
    if (other.count === 0) return;
    this.sketch.merge(other.sketch);
    this.sum += other.sum;
    this.count += other.count;
    if (other.max > this.max) this.max = other.max;
  }
  percentiles(): LlmPercentiles {
    if (this.count === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, mean: 0, count: 0 };
    const q = (p: number): number => {
      const v = this.sketch.getValueAtQuantile(p);
      return v <= TINY * 2 ? 0 : Math.min(v, this.max);
    };
    return {
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
      p99: q(0.99),
      mean: this.sum / this.count,
      count: this.count,
    };
  }
}

export class LlmClassStats {
  readonly ttft = new Dist();
  readonly tpot = new Dist();
  readonly itl = new Dist();
  readonly e2e = new Dist();
  readonly queue = new Dist();
  completed = 0;
  /** Completed within both their TTFT and TPOT SLOs. */
  good = 0;
  promptTokens = 0;
  generatedTokens = 0;
  merge(o: LlmClassStats): void {
    this.ttft.merge(o.ttft);
    this.tpot.merge(o.tpot);
    this.itl.merge(o.itl);
    this.e2e.merge(o.e2e);
    this.queue.merge(o.queue);
    this.completed += o.completed;
    this.good += o.good;
    this.promptTokens += o.promptTokens;
    this.generatedTokens += o.generatedTokens;
  }
}

export class LlmMetrics {
  readonly classes = [new LlmClassStats(), new LlmClassStats()];
  /** Tokens sampled by any request (completed or not): the token ledger's left side. */
  tokensSampled = 0;
  /** Prompt (and recompute) tokens computed in steps, and the part that was recomputation. */
  prefillComputed = 0;
  recomputedTokens = 0;
  preemptions = 0;
  preemptionsRecompute = 0;
  preemptionsSwap = 0;
  swappedBytes = 0;
  /** Requests rejected (too long for the cache or the context, or a full queue). */
  rejected = 0;
  steps = 0;
  stepSeqs = 0;
  stepTokens = 0;
  maxStepSeqs = 0;
  /** Prefix cache: prompt tokens looked up and found cached, at admission. */
  prefixQueried = 0;
  prefixHit = 0;
  /** KV transfers from prefill to decode lanes (disaggregation), and their bytes. */
  transfers = 0;
  transferBytes = 0;
  /** Block-ms held by completed requests, each counted from its own holding (Little's law for
   * blocks: with no shared blocks this equals the pools' integral of blocks in use). */
  requestBlockMs = 0;
  /** Integral of requests in the system (queued + running) over time, for Little's law. */
  inSystemMs = 0;
  private inSystem = 0;
  private since = 0;

  /** KV blocks in use over all lanes: the most seen in each simulated second (timeline). */
  readonly kvPerSecond: number[] = [];

  kvSample(now: number, blocks: number): void {
    const s = Math.floor(now / 1000);
    const a = this.kvPerSecond;
    while (a.length <= s) a.push(a.length > 0 ? a[a.length - 1]! : 0);
    if (blocks > a[s]!) a[s] = blocks;
  }

  // ITL gaps of the current step, run-length encoded per class.
  private gap = [NaN, NaN];
  private gapRun = [0, 0];

  /** A request entered (+1) or left (-1) the system at `now`. */
  population(now: number, delta: number): void {
    this.inSystemMs += this.inSystem * (now - this.since);
    this.since = now;
    this.inSystem += delta;
  }

  /** The time-average of requests in the system up to `now`. */
  meanInSystem(now: number): number {
    const total = this.inSystemMs + this.inSystem * (now - this.since);
    return now > 0 ? total / now : 0;
  }

  /** One inter-token gap of a request of class `cls`. */
  itl(cls: number, gap: number): void {
    if (gap === this.gap[cls]) {
      this.gapRun[cls]!++;
      return;
    }
    this.flushItl(cls);
    this.gap[cls] = gap;
    this.gapRun[cls] = 1;
  }

  /** Record the gaps held back (call at the end of each step and before a summary). */
  flushItl(cls: number): void {
    const run = this.gapRun[cls]!;
    if (run > 0) this.classes[cls]!.itl.add(this.gap[cls]!, run);
    this.gapRun[cls] = 0;
    this.gap[cls] = NaN;
  }

  step(seqs: number, tokens: number): void {
    this.steps++;
    this.stepSeqs += seqs;
    this.stepTokens += tokens;
    if (seqs > this.maxStepSeqs) this.maxStepSeqs = seqs;
    this.flushItl(0);
    this.flushItl(1);
  }

  /** Both classes merged. */
  overall(): LlmClassStats {
    const all = new LlmClassStats();
    for (const c of this.classes) all.merge(c);
    return all;
  }
}
