// Lane drift for the sim-against-live validations (`npm run validate` for requests and `-- --llm`
// for LLM serving): a lane's speed wanders on a shared machine, so a calibration taken once goes
// stale between cases. Both validations measure it the same way: short calibration probes on the
// same lanes before a case and after each of its live repeats, each probe's time against what the
// calibration says it should take (signed %, + when the lane runs slower), the case's drift their
// mean; and both report, beside each error, the drift and the error of the prediction rerun with
// its service times scaled by that drift. The lanes' speed swings within a case too (-18 to +52 %
// between one case's probes), so each repeat also gets a drift of its own: the mean of the two
// probes around it, and a prediction corrected repeat by repeat. Pure; no DOM, no Node.

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
  /** Each repeat's drift: the mean of the probes before and after it (`repeatDrifts`). */
  repeatPct: number[];
}

/**
 * Each repeat's drift from the probes around it: `probes[r]` was taken before repeat r and
 * `probes[r + 1]` after it, so repeat r ran, as far as the probes can tell, at their mean.
 */
export function repeatDrifts(probes: readonly number[]): number[] {
  return probes.slice(1).map((after, r) => (probes[r]! + after) / 2);
}

/** A figure predicted repeat by repeat (each repeat's prediction corrected by its own drift),
 * against the repeats' measured figures. */
export interface PerRepeatCorrection {
  /** The repeats' corrected predictions, summarised as the measured ones are (`centre`). */
  predicted: number;
  /** Its error against the measured repeats' `centre`, percent, signed. */
  errorPct: number;
  /** Each repeat's corrected prediction against that repeat's measurement, percent, signed. */
  repeatErrorPct: number[];
}

/**
 * Compare a prediction corrected repeat by repeat (`predicted[r]`, made with repeat r's drift) with
 * the live repeats (`measured[r]`): the same summary (`centre`: the mean for the request kind, the
 * median for the LLM kind) on both sides, and each repeat against its own prediction.
 */
export function perRepeatCorrected(
  measured: readonly number[],
  predicted: readonly number[],
  centre: (xs: readonly number[]) => number = mean,
): PerRepeatCorrection {
  if (measured.length !== predicted.length) {
    throw new Error(
      `per-repeat correction: ${measured.length} repeats measured, ${predicted.length} predicted`,
    );
  }
  const err = (p: number, m: number): number => (m > 0 ? (p / m - 1) * 100 : NaN);
  const p = centre(predicted);
  return {
    predicted: p,
    errorPct: err(p, centre(measured)),
    repeatErrorPct: measured.map((m, r) => err(predicted[r]!, m)),
  };
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
  return { results, probes, driftPct: mean(probes), repeatPct: repeatDrifts(probes) };
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
