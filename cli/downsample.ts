// Plots of long runs stay small and never crash: per-second series are reduced to at most two points
// per pixel column (the column's minimum and maximum, in time order, so spikes and dips survive),
// and extents are found by loops, never by spreading a big array into Math.max (a day of seconds
// is 86,400 arguments, past what a call's stack can hold).

/** Points of a line in series-index units (x: seconds, at the middle of each second). */
export interface LinePoints {
  x: number[];
  /** NaN marks a gap. */
  y: number[];
}

/**
 * Min-max downsampling of `values` (one per second; NaN is a gap) to at most 2 points per column
 * over `columns` columns. Series that already fit are returned point for point.
 */
export function minMaxColumns(values: readonly number[], columns: number): LinePoints {
  const n = values.length;
  const x: number[] = [];
  const y: number[] = [];
  if (n <= 2 * columns) {
    for (let i = 0; i < n; i++) {
      x.push(i + 0.5);
      y.push(values[i]!);
    }
    return { x, y };
  }
  for (let c = 0; c < columns; c++) {
    const lo = Math.floor((c * n) / columns);
    const hi = Math.floor(((c + 1) * n) / columns);
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (iMin < 0 || v < values[iMin]!) iMin = i;
      if (iMax < 0 || v > values[iMax]!) iMax = i;
    }
    if (iMin < 0) {
      x.push((lo + hi) / 2);
      y.push(NaN);
      continue;
    }
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    x.push(first + 0.5);
    y.push(values[first]!);
    if (second !== first) {
      x.push(second + 0.5);
      y.push(values[second]!);
    }
  }
  return { x, y };
}

/** The largest finite value in any of the arrays, or `fallback` when there is none. */
export function finiteMax(arrays: readonly (readonly number[])[], fallback: number): number {
  let max = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && v > max) max = v;
  return max === -Infinity ? fallback : max;
}

/** The smallest finite value in any of the arrays, or `fallback` when there is none. */
export function finiteMin(arrays: readonly (readonly number[])[], fallback: number): number {
  let min = Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && v < min) min = v;
  return min === Infinity ? fallback : min;
}
