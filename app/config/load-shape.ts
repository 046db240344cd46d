// The page's load shapes beyond a steady rate: a day compressed into DAILY_PERIOD_S seconds (a night
// trough, a morning ramp, a noon peak at the arrival rate), or a Twitter-like day of the same length
// (synthetic, with an evening peak at the arrival rate and an event burst to twice it:
// src/engine/twitter-like-day.ts says why synthetic and from what), replayed as a per-second
// (`rps`) trace that loops, so a run sees the same day again and again. That is the load on which autoscalers
// differ: a reactive rule sees each morning ramp only once utilisation has risen, a cold start too
// late; a forecast has learnt the day and starts replicas ahead of it.
//
// The counts are deterministic (the shape rounded, with the remainder carried), so every seed of a
// comparison and both sides of it see the same load per second; the engine spreads each second's
// arrivals within it by the seed.

import type { ConfigInput } from '../../src/engine/config.ts';
import { carriedCounts, twitterLikeCounts } from '../../src/engine/twitter-like-day.ts';

/** A compressed day, in simulated seconds. */
export const DAILY_PERIOD_S = 600;
/** The night trough as a share of the noon peak. */
export const DAILY_TROUGH = 0.05;

/** The rate (req/s) at second `t` of a day whose noon peak is `peak`. */
export function dailyRate(peak: number, t: number): number {
  const phase = 0.5 - 0.5 * Math.cos((2 * Math.PI * (t % DAILY_PERIOD_S)) / DAILY_PERIOD_S);
  return peak * (DAILY_TROUGH + (1 - DAILY_TROUGH) * phase * phase);
}

/** Arrivals in each second of one day, whole numbers whose sum follows the shape. */
export function dailyCounts(peak: number): number[] {
  return carriedCounts((t) => dailyRate(peak, t), DAILY_PERIOD_S);
}

/** The engine's arrivals for a daily shape with noon peak `peak`: one day, looped. */
export function dailyShapeConfig(peak: number): ConfigInput['arrivals'] {
  return { process: 'trace', format: 'rps', data: dailyCounts(peak).join('\n'), loop: true };
}

/** Mean arrivals per second over a day with noon peak `peak`. */
export function dailyMeanRate(peak: number): number {
  return dailyCounts(peak).reduce((a, b) => a + b, 0) / DAILY_PERIOD_S;
}

/** The shapes that are a day replayed (a trace of its peak), rather than a steady rate. */
export type DayShape = 'daily' | 'twitter';

export function isDayShape(shape: string): shape is DayShape {
  return shape === 'daily' || shape === 'twitter';
}

/** Arrivals in each second of one day of `shape` with peak `peak`. */
export function dayCounts(shape: DayShape, peak: number): number[] {
  return shape === 'twitter' ? twitterLikeCounts(peak) : dailyCounts(peak);
}

/** The engine's arrivals for a day shape with peak `peak`: one day, looped. */
export function dayShapeConfig(shape: DayShape, peak: number): ConfigInput['arrivals'] {
  return { process: 'trace', format: 'rps', data: dayCounts(shape, peak).join('\n'), loop: true };
}

/** Mean arrivals per second over a day of `shape` with peak `peak`. */
export function dayMeanRate(shape: DayShape, peak: number): number {
  return dayCounts(shape, peak).reduce((a, b) => a + b, 0) / DAILY_PERIOD_S;
}
