// Lane drift for the sim-against-live validations (`npm run validate` for requests and `-- --llm`
// for LLM serving): a lane's speed wanders on a shared machine, so a calibration taken once goes
// stale between cases. Both validations measure it the same way: short calibration probes on the
// same lanes before a case and after each of its live repeats, each probe's time against what the
// calibration says it should take (signed %, + when the lane runs slower), the case's drift their
// mean; and both report, beside each error, the drift and the error of the prediction rerun with
// its service times scaled by that drift. Pure; no DOM, no Node.

/** Measured against reference time, minus 1, percent: + when the lane ran slower. */
export function driftPct(measuredMs: number, referenceMs: number): number {
  return (measuredMs / referenceMs - 1) * 100;
}

/**
 * The drift of a mix (several models, or several step shapes) as one figure: the sum of measured
 * times over the sum of reference times, each weighted (by its share of the workload), so a model
 * that takes most of the lanes' time counts most.
 */
export function weightedDriftPct(
  parts: readonly { weight: number; measuredMs: number; referenceMs: number }[],
): number {
  let measured = 0;
  let reference = 0;
  for (const p of parts) {
    measured += p.weight * p.measuredMs;
    reference += p.weight * p.referenceMs;
  }
  return driftPct(measured, reference);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * What to multiply service times by to predict a case that ran at `casePct` drift with a model
 * calibrated on runs served at `basisPct` drift (both against the same calibration): 1.1 / 1.0
 * when the case's lanes ran 10 % slower than the calibration's.
 */
export function driftFactor(casePct: number, basisPct = 0): number {
  return (1 + casePct / 100) / (1 + basisPct / 100);
}

export interface ProbedRepeats<T> {
  results: T[];
  /** Each probe's drift, percent: before the first repeat, then after each one. */
  probes: number[];
  /** The case's drift: the probes' mean, percent. */
  driftPct: number;
}

/**
 * The probe schedule both validations use: a probe, then each live repeat followed by a probe, so
 * every repeat is bracketed by two and the case's drift is the probes' mean.
 */
export async function probedRepeats<T>(
  repeats: number,
  probe: () => Promise<number>,
  run: (repeat: number, probes: readonly number[]) => Promise<T>,
): Promise<ProbedRepeats<T>> {
  const probes = [await probe()];
  const results: T[] = [];
  for (let r = 0; r < repeats; r++) {
    results.push(await run(r, probes));
    probes.push(await probe());
  }
  return { results, probes, driftPct: mean(probes) };
}

/** The two columns each row of either validation carries beside its error. */
export interface DriftColumns {
  /** The case's drift (the probes' mean against the calibration), percent. */
  drift_pct: number;
  /** The error of the prediction with service times scaled by the drift, percent, signed. */
  drift_corrected_error_pct: number;
}

/** The reports' headers for those columns, and their cells (signed, one decimal). */
export const DRIFT_HEADERS = ['drift %', 'drift-corrected error %'] as const;
export function driftCells(r: DriftColumns): [string, string] {
  const s = (v: number): string =>
    Number.isFinite(v)
      ? `${v >= 0 ? '+' : ''}${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)}`
      : '–';
  return [s(r.drift_pct), s(r.drift_corrected_error_pct)];
}
