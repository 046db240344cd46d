// "A Twitter-like day": the "Twitter day" compare scenario, built from a documented shape
// because no real per-second (or per-minute) Twitter-day rate series under a permissive licence
// was found. What was searched (2026-12-06, the public-code index): files named twitter* in the
// serving-research repositories the sources cite (stanford-mast/INFaaS and
// marcoszh/MArk-Project hold no rate series), and "twitter_trace" across public code (only readers
// of Twitter's cache traces: key-value operations, not a request rate). So the scenario is
// synthetic and says so wherever it appears.
//
// The shape, relative to the day's diurnal peak: a global service's swing, shallower than a
// regional one (a trough of 44 % in the early morning, an afternoon plateau near 85-90 %, the peak
// in the evening), joined linearly between hourly points; plus one evening event burst that climbs
// to twice the diurnal peak within 3 s and decays with a 20 s time constant (of the compressed day)
// as a trending moment does. Its scale is set by the one public figure found: "Post Tweet: 4.6k
// requests/s on average, 12k/s at peak" (Twitter, November 2012, as quoted from Designing
// Data-Intensive Applications), a peak 2.6x the mean; this day's highest second is 2.5x its mean.
// The day is compressed into TWITTER_DAY_S seconds (one compressed second is 144 real ones), so an
// autoscaler sees whole days in a short run.

/** A compressed day, in simulated seconds (the page's daily cycle uses the same). */
export const TWITTER_DAY_S = 600;

/** The diurnal shape: the rate at each hour of the day (0 h to 23 h) relative to the peak. */
export const TWITTER_HOURLY: readonly number[] = [
  0.8, 0.7, 0.6, 0.52, 0.46, 0.44, 0.45, 0.52, 0.62, 0.72, 0.8, 0.85, 0.88, 0.88, 0.87, 0.86, 0.86,
  0.88, 0.91, 0.95, 0.99, 1, 0.96, 0.89,
];

/** The event burst: when it starts (s into the compressed day), its rise and decay (s), and how
 * far above the diurnal rate it peaks (a multiple of the day's peak). */
export const TWITTER_BURST = { at_s: 490, rise_s: 3, decay_s: 20, height: 1 } as const;

/** The rate (req/s) at second `t` (looping each day) of a Twitter-like day whose diurnal peak is
 * `peak`; the burst takes it to about twice `peak`. */
export function twitterLikeRate(peak: number, t: number): number {
  const s = ((t % TWITTER_DAY_S) + TWITTER_DAY_S) % TWITTER_DAY_S;
  const hour = (24 * s) / TWITTER_DAY_S;
  const h = Math.floor(hour);
  const f = hour - h;
  const diurnal = TWITTER_HOURLY[h]! * (1 - f) + TWITTER_HOURLY[(h + 1) % 24]! * f;
  const b = TWITTER_BURST;
  const since = s - b.at_s;
  const burst =
    since < 0 ? 0 : since < b.rise_s ? since / b.rise_s : Math.exp(-(since - b.rise_s) / b.decay_s);
  return peak * (diurnal + b.height * burst);
}

/** Whole arrivals in each of `seconds` seconds whose sum follows `rate(t)` (the remainder carried,
 * so every seed sees the same counts): a day shape as an `rps` trace. */
export function carriedCounts(rate: (t: number) => number, seconds: number): number[] {
  const counts: number[] = [];
  let carry = 0;
  for (let t = 0; t < seconds; t++) {
    const want = rate(t) + carry;
    const n = Math.floor(want);
    carry = want - n;
    counts.push(n);
  }
  return counts;
}

/** Arrivals in each second of one Twitter-like day with diurnal peak `peak`. */
export function twitterLikeCounts(peak: number): number[] {
  return carriedCounts((t) => twitterLikeRate(peak, t), TWITTER_DAY_S);
}
