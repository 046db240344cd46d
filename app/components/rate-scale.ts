// The Arrival rate slider's scale. A plain log scale from 1 to 20,000 jobs/s made 1 % of the track
// about 10 % of the rate, so a learner aiming for "90 % load" could not land there by mouse. The
// track is in two parts instead: its first three quarters are linear in load, from nothing to 150 %
// of what the lanes can serve (one position = 0.2 % of capacity, about 0.7 % per pixel of a 280 px
// track), and its last quarter is logarithmic on up to the maximum. Keys move by load too: an arrow
// 1 % of capacity (Shift: 0.1 %), Page Up/Down 10 %, and by 2 % (Shift 0.2 %, Page 25 %) of the rate
// past 150 % load. Pure, so the scale and the keys are tested.

/** Slider positions: 0..STEPS. */
export const STEPS = 1000;
/** The linear part: positions 0..LINEAR_END cover 0..KNEE_LOAD x capacity. */
const LINEAR_END = 750;
const KNEE_LOAD = 1.5;

export interface RateScale {
  min: number;
  max: number;
  /** What the lanes can serve, jobs/s (the load's denominator). */
  capacity: number;
}

/** Where the linear part ends, jobs/s (the whole track is linear when that passes the maximum). */
function knee(s: RateScale): number {
  return s.capacity > 0 ? Math.min(s.max, KNEE_LOAD * s.capacity) : s.min;
}

/** A rate as a person reads it: whole jobs/s from 100 up, one decimal from 10, two below. */
export function roundRate(v: number, s: RateScale): number {
  const r =
    v >= 100 ? Math.round(v) : v >= 10 ? Math.round(v * 10) / 10 : Math.round(v * 100) / 100;
  return Math.min(s.max, Math.max(s.min, r));
}

/** The slider position of a rate. */
export function rateToPosition(rate: number, s: RateScale): number {
  const k = knee(s);
  const end = k >= s.max ? STEPS : LINEAR_END;
  if (rate <= k) return Math.round((Math.max(0, rate - s.min) / Math.max(1e-9, k - s.min)) * end);
  return Math.min(
    STEPS,
    Math.round(end + (Math.log(rate / k) / Math.log(s.max / k)) * (STEPS - end)),
  );
}

/** The rate at a slider position (rounded to what the control shows). */
export function positionToRate(p: number, s: RateScale): number {
  const k = knee(s);
  const end = k >= s.max ? STEPS : LINEAR_END;
  if (p <= end) return roundRate(s.min + ((k - s.min) * p) / end, s);
  return roundRate(k * Math.pow(s.max / k, (p - end) / (STEPS - end)), s);
}

/** The rate after a key on the slider, or null for a key the slider leaves alone. */
export function rateAfterKey(
  rate: number,
  key: string,
  shift: boolean,
  s: RateScale,
): number | null {
  const k = knee(s);
  const linear =
    rate < k || (rate === k && (key === 'ArrowLeft' || key === 'ArrowDown' || key === 'PageDown'));
  const step = (fine: number, coarse: number, page: number): number | null => {
    switch (key) {
      case 'ArrowRight':
      case 'ArrowUp':
        return shift ? fine : coarse;
      case 'ArrowLeft':
      case 'ArrowDown':
        return -(shift ? fine : coarse);
      case 'PageUp':
        return page;
      case 'PageDown':
        return -page;
      default:
        return null;
    }
  };
  if (key === 'Home') return s.min;
  if (key === 'End') return s.max;
  if (linear) {
    const d = step(0.001, 0.01, 0.1);
    if (d === null) return null;
    const next = roundRate(rate + d * s.capacity, s);
    // Rounding must never swallow a key press: at least one displayed unit each way.
    if (next === rate && next !== s.min && next !== s.max)
      return roundRate(rate + Math.sign(d) * (rate >= 100 ? 1 : rate >= 10 ? 0.1 : 0.01), s);
    return next;
  }
  const d = step(0.002, 0.02, 0.25);
  if (d === null) return null;
  const next = roundRate(d > 0 ? rate * (1 + d) : rate / (1 - d), s);
  return next === rate ? roundRate(rate + Math.sign(d), s) : next;
}
