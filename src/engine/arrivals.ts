// Arrival processes. Each yields arrival times in simulated ms, one at a time, so a run of any length
// holds O(1) state (a replayed trace holds its own times, which are the input).

import type { ArrivalsConfig } from './config-sections.ts';
import { MAX_SIM_MS } from './limits.ts';
import { expVariate, gammaVariate, type Uniform } from './rng.ts';
import {
  TraceCursor,
  parseRpsTrace,
  parseTimestampTrace,
  type ReplayTrace,
} from './trace-input.ts';

export interface ArrivalSource {
  /** The next arrival time (ms), or +Infinity when the source is exhausted. */
  next(): number;
  /**
   * Set the mean rate (jobs/s) from simulated time `now` on, given the pending arrival time that
   * `next()` returned last. Returns the pending arrival's new time: re-drawn from `now` for the
   * generated processes (valid for memoryless ones, a fair restart for the others), its remaining
   * gap rescaled for a replayed trace (so no recorded arrival is skipped).
   */
  setRate(ratePerS: number, now: number, pending: number): number;
  /** The current nominal mean rate, jobs/s. */
  readonly rate: number;
}

class PoissonSource implements ArrivalSource {
  private t = 0;
  constructor(
    public rate: number,
    private readonly u: Uniform,
  ) {}
  next(): number {
    this.t += (expVariate(this.u) * 1000) / this.rate;
    return this.t;
  }
  setRate(rate: number, now: number): number {
    this.rate = rate;
    this.t = now;
    return this.next();
  }
}

class GammaSource implements ArrivalSource {
  private t = 0;
  private readonly shape: number;
  constructor(
    public rate: number,
    cv: number,
    private readonly u: Uniform,
  ) {
    this.shape = 1 / (cv * cv);
  }
  next(): number {
    this.t += (gammaVariate(this.u, this.shape) * 1000) / this.rate;
    return this.t;
  }
  setRate(rate: number, now: number): number {
    this.rate = rate;
    this.t = now;
    return this.next();
  }
}

/** Markov-modulated Poisson with two phases, exponential phase durations. */
class BurstySource implements ArrivalSource {
  private t = 0;
  private on = true;
  private phaseEnd: number;
  private onRate: number;
  private offRate: number;
  constructor(
    onRate: number,
    offRate: number,
    private readonly onMs: number,
    private readonly offMs: number,
    private readonly u: Uniform,
  ) {
    this.onRate = onRate;
    this.offRate = offRate;
    this.phaseEnd = expVariate(u) * onMs;
  }
  get rate(): number {
    return (this.onRate * this.onMs + this.offRate * this.offMs) / (this.onMs + this.offMs);
  }
  next(): number {
    for (;;) {
      // Past the longest run there is nothing left to draw (and no reason to walk more phases).
      if (this.t > MAX_SIM_MS) return Infinity;
      const rate = this.on ? this.onRate : this.offRate;
      const candidate = rate > 0 ? this.t + (expVariate(this.u) * 1000) / rate : Infinity;
      if (candidate <= this.phaseEnd) {
        this.t = candidate;
        return candidate;
      }
      // The phase ends first; by memorylessness, restart the draw from the phase boundary.
      this.t = this.phaseEnd;
      this.on = !this.on;
      this.phaseEnd = this.t + expVariate(this.u) * (this.on ? this.onMs : this.offMs);
    }
  }
  setRate(rate: number, now: number): number {
    const factor = rate / this.rate;
    this.onRate *= factor;
    this.offRate *= factor;
    this.t = now;
    if (this.phaseEnd < now) this.phaseEnd = now;
    return this.next();
  }
}

/** Replays recorded arrival offsets; `setRate` compresses or stretches what is left. */
class TraceSource implements ArrivalSource {
  private readonly cursor: TraceCursor;
  /** Trace time of one pass's start, for looping. */
  private passStart = 0;
  /** Trace time of the pending arrival (the last one `next` returned). */
  private pendingTrace = 0;
  /** The engine time that trace time `anchorTrace` maps to; later times scale by 1 / scale. */
  private anchorTime = 0;
  private anchorTrace = 0;
  private scale = 1;
  private readonly baseRate: number;
  constructor(
    private readonly trace: ReplayTrace,
    private readonly loop: boolean,
  ) {
    this.cursor = new TraceCursor(trace);
    this.baseRate = (trace.arrivals * 1000) / trace.periodMs;
  }
  get rate(): number {
    return this.baseRate * this.scale;
  }
  private toTime(traceTime: number): number {
    return this.anchorTime + (traceTime - this.anchorTrace) / this.scale;
  }
  next(): number {
    let offset = this.cursor.next();
    if (offset === Infinity) {
      if (!this.loop) return Infinity;
      this.cursor.rewind();
      this.passStart += this.trace.periodMs;
      offset = this.cursor.next();
    }
    this.pendingTrace = this.passStart + offset;
    return this.toTime(this.pendingTrace);
  }
  setRate(rate: number, now: number, pending: number): number {
    if (this.baseRate <= 0 || !Number.isFinite(pending)) return pending;
    // Re-anchor at `now`, then map the pending arrival with the new scale.
    this.anchorTrace += (now - this.anchorTime) * this.scale;
    this.anchorTime = now;
    this.scale = rate / this.baseRate;
    return this.toTime(this.pendingTrace);
  }
}

/**
 * Build the arrival source for a config. Trace text must already be in `data`, unless `replay` is
 * that text parsed already (with the same format, column and rate_scale), as a sweep does it once
 * for many runs.
 */
export function createArrivalSource(
  config: ArrivalsConfig,
  u: Uniform,
  replay?: ReplayTrace,
): ArrivalSource {
  const scale = config.rate_scale;
  switch (config.process) {
    case 'poisson':
      return new PoissonSource(config.rate_per_s * scale, u);
    case 'gamma':
      return new GammaSource(config.rate_per_s * scale, config.cv, u);
    case 'bursty':
      return new BurstySource(
        config.rate_per_s * scale,
        config.off_rate_per_s * scale,
        config.on_ms,
        config.off_ms,
        u,
      );
    case 'trace': {
      if (replay !== undefined) return new TraceSource(replay, config.loop);
      if (config.data === undefined) {
        throw new Error('arrivals.data: the trace text was not loaded (the CLI reads "file")');
      }
      if (config.format === 'azure_llm') {
        // The LLM server parses it (times and token counts together) and passes `replay`.
        throw new Error(
          'arrivals: an azure_llm trace is replayed by an LLM run (an "llm" section)',
        );
      }
      const trace =
        config.format === 'rps'
          ? parseRpsTrace(config.data, scale)
          : parseTimestampTrace(config.data, config.column, scale);
      return new TraceSource(trace, config.loop);
    }
  }
}
