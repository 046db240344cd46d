// A live lane's latency predictor at a glance: its estimate for each recent run (dashed) against the
// service time the engine then measured (solid), oldest on the left, on one linear ms axis from 0.
// Pure layout (SVG polyline points) for the live lanes panel.

export interface PredictionSpark {
  /** "x,y x,y …" for an SVG polyline; runs without an estimate (NaN) are left out. */
  predicted: string;
  measured: string;
  /** Top of the axis, ms. */
  maxMs: number;
}

export function predictionSpark(
  predicted: readonly number[],
  measured: readonly number[],
  width: number,
  height: number,
): PredictionSpark {
  const n = Math.min(predicted.length, measured.length);
  let maxMs = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(predicted[i])) maxMs = Math.max(maxMs, predicted[i]!);
    if (Number.isFinite(measured[i])) maxMs = Math.max(maxMs, measured[i]!);
  }
  if (maxMs <= 0) maxMs = 1;
  const x = (i: number): number => (n > 1 ? (i / (n - 1)) * width : width / 2);
  const y = (v: number): number => height - (v / maxMs) * height;
  const points = (values: readonly number[]): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (Number.isFinite(v)) out.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    }
    return out.join(' ');
  };
  return { predicted: points(predicted), measured: points(measured), maxMs };
}
