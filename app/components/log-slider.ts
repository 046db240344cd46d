// The log-scale sliders (arrival rate, speed): a position 0..1000 for a value in [min, max], and
// back to a value a person reads easily. Pure, so the rounding is tested.

/** Log-scale slider position (0..1000) for a value in [min, max]. */
export function toSlider(v: number, min: number, max: number): number {
  return Math.round((Math.log(v / min) / Math.log(max / min)) * 1000);
}

/**
 * The value at slider position `p`: rounded to two significant digits (one decimal below 10), or
 * to as few more digits as it takes to stay at `p`. Without that, one arrow-key step (about 1 %)
 * rounds back to where it started between 10 and 100, and a keyboard cannot move the slider.
 */
export function fromSlider(p: number, min: number, max: number): number {
  const v = min * Math.pow(max / min, p / 1000);
  for (let digits = 2; digits <= 6; digits++) {
    const mag =
      v >= 10
        ? Math.pow(10, Math.floor(Math.log10(v)) - (digits - 1))
        : Math.pow(10, -(digits - 1));
    const rounded = Math.round(v / mag) * mag;
    const clean = Number(rounded.toPrecision(12));
    if (toSlider(clean, min, max) === p) return clean;
  }
  return v;
}
