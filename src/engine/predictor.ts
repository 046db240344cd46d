// The latency predictor: how long will a run of `b` jobs of model m take on lane l? Admission control
// and the `dynamic` scheduler ask it; it learns offline from the service profile (before the run) and
// online from every completion, and keeps its own error (MAPE) for the UI and summary.json.
//
// Features: model and lane kind select one small model each; within it, batch size and lane load
// enter a linear regression on x = [1, b, ln b, load]. The target is service time x lane speed
// (speed-normalised), so lanes of one kind at different speeds share what they learn.
//
// Why recursive least squares (RLS) per (model, lane kind), rather than a forest or a lookup table:
// - Accuracy: latency over batch size is close to affine with a concave bend (fixed launch cost
//   plus per-sample work that amortises); 1, b and ln b span that shape, so a 4-weight fit is
//   already at the noise floor. A forest (or a table) is piecewise constant in b and cannot
//   extrapolate to batch sizes it has not seen; RLS can (see `predictor.test.ts`).
// - Speed: an update is O(d^2) = 16 multiply-adds with no allocation, and a prediction is a dot
//   product, so it runs at every completion and inside the scheduler's inner loop; a forest needs
//   periodic batch retraining and walks trees per prediction.
// - Online: RLS is exact least squares over everything seen so far, updated incrementally, with
//   an exponential forgetting factor to follow drift (live mode on real lanes).
// `learner: 'table'` (a running mean per model, kind and batch size) is kept as the baseline.

import type { LaneKind, PredictorConfig } from './config-sections.ts';
import { CPU, GPU } from './lanes.ts';
import type { ServiceModel } from './service.ts';

const D = 4;
/** Initial covariance: weak prior (a ridge of 1/P0 on the weights). */
const P0 = 1e4;
/** Above this trace, forgetting is suspended so unexcited directions cannot wind up. */
const MAX_TRACE = 1e6;
/** Predictions never go below this (ms at speed 1). */
const FLOOR = 1e-6;

/** One RLS regression: weights `w` and covariance `P` (row-major D x D). */
class Rls {
  readonly w = new Float64Array(D);
  readonly P = new Float64Array(D * D);
  private readonly x = new Float64Array(D);
  private readonly px = new Float64Array(D);

  constructor() {
    for (let i = 0; i < D; i++) this.P[i * D + i] = P0;
  }

  private features(b: number, load: number): Float64Array {
    const x = this.x;
    x[0] = 1;
    x[1] = b;
    x[2] = Math.log(b);
    x[3] = load;
    return x;
  }

  predict(b: number, load: number): number {
    const x = this.features(b, load);
    const w = this.w;
    return w[0]! * x[0]! + w[1]! * x[1]! + w[2]! * x[2]! + w[3]! * x[3]!;
  }

  update(b: number, load: number, y: number, lambda: number): void {
    const x = this.features(b, load);
    const P = this.P;
    const px = this.px;
    let denom = 0;
    for (let i = 0; i < D; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += P[i * D + j]! * x[j]!;
      px[i] = s;
      denom += x[i]! * s;
    }
    let trace = 0;
    for (let i = 0; i < D; i++) trace += P[i * D + i]!;
    const lam = trace < MAX_TRACE ? lambda : 1;
    denom += lam;
    let err = y;
    for (let i = 0; i < D; i++) err -= this.w[i]! * x[i]!;
    for (let i = 0; i < D; i++) this.w[i]! += (px[i]! / denom) * err;
    // P = (P - px px^T / denom) / lam; P is symmetric, so P x = x^T P.
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) P[i * D + j] = (P[i * D + j]! - (px[i]! * px[j]!) / denom) / lam;
    }
  }
}

/** Running mean per batch size; unseen sizes scale the nearest smaller seen one linearly. */
class BatchTable {
  private sum: number[] = [];
  private n: number[] = [];

  predict(b: number): number {
    const n = this.n;
    if ((n[b] ?? 0) > 0) return this.sum[b]! / n[b]!;
    for (let k = Math.min(b, n.length - 1); k >= 1; k--) {
      if ((n[k] ?? 0) > 0) return ((this.sum[k]! / n[k]!) * b) / k;
    }
    for (let k = b + 1; k < n.length; k++) {
      if ((n[k] ?? 0) > 0) return ((this.sum[k]! / n[k]!) * b) / k;
    }
    return NaN;
  }

  update(b: number, y: number): void {
    while (this.n.length <= b) {
      this.n.push(0);
      this.sum.push(0);
    }
    this.n[b]!++;
    this.sum[b]! += y;
  }
}

/** The predictor's error so far. */
export interface PredictorStats {
  learner: 'rls' | 'table';
  /** Completions scored (each run once). */
  observations: number;
  /** Mean absolute percentage error of the prediction made at start, over every run, in %. */
  mape: number;
  /** The same, exponentially weighted over about the last 500 runs (the live figure). */
  mape_recent: number;
  /** Mean absolute error, ms. */
  mae_ms: number;
}

export class LatencyPredictor {
  private readonly rls: Rls[] = [];
  private readonly tables: BatchTable[] = [];
  private readonly learner: 'rls' | 'table';
  private readonly lambda: number;
  private readonly online: boolean;
  private apeSum = 0;
  private aeSum = 0;
  private n = 0;
  private recent = NaN;

  constructor(
    config: PredictorConfig,
    private readonly modelCount: number,
  ) {
    this.learner = config.learner;
    this.lambda = config.forgetting;
    this.online = config.online;
    for (let i = 0; i < modelCount * 2; i++) {
      this.rls.push(new Rls());
      this.tables.push(new BatchTable());
    }
  }

  /**
   * Offline training from the service profile: the expected service of each batch size up to
   * `maxBatch` (and the profile's own points), per model and lane kind, at load 0.
   */
  trainOffline(service: ServiceModel, kinds: readonly LaneKind[], maxBatch: number): void {
    const sizes: number[] = [];
    for (let b = 1; b <= Math.max(maxBatch, 1); b = b < 4 ? b + 1 : b * 2) sizes.push(b);
    if (sizes[sizes.length - 1] !== maxBatch) sizes.push(maxBatch);
    for (let m = 0; m < this.modelCount; m++) {
      for (const kind of kinds) {
        for (let rep = 0; rep < 8; rep++) {
          for (const b of sizes)
            this.learn(m, kind === 'gpu' ? GPU : CPU, b, 0, service.base(m, kind, 1, b), 1);
        }
      }
    }
  }

  /** Predicted service time (ms) of a run of `b` jobs of `model` on a lane of `kind` and `speed`. */
  predict(model: number, kind: number, speed: number, b: number, load: number): number {
    const i = model * 2 + kind;
    const y = this.learner === 'rls' ? this.rls[i]!.predict(b, load) : this.tables[i]!.predict(b);
    return (y > FLOOR ? y : FLOOR) / speed;
  }

  /** A run ended: score the prediction made at its start, then learn from it. */
  observe(
    model: number,
    kind: number,
    speed: number,
    b: number,
    load: number,
    predicted: number,
    actual: number,
  ): void {
    if (actual > 0 && predicted === predicted) {
      const ae = Math.abs(predicted - actual);
      const ape = ae / actual;
      this.apeSum += ape;
      this.aeSum += ae;
      this.n++;
      // A running mean over the first 500, then an exponential average over about the last 500.
      this.recent = this.n === 1 ? ape : this.recent + (ape - this.recent) / Math.min(this.n, 500);
    }
    if (this.online) this.learn(model, kind, b, load, actual * speed, this.lambda);
  }

  private learn(
    model: number,
    kind: number,
    b: number,
    load: number,
    y: number,
    lambda: number,
  ): void {
    const i = model * 2 + kind;
    if (this.learner === 'rls') this.rls[i]!.update(b, load, y, lambda);
    else this.tables[i]!.update(b, y);
  }

  stats(): PredictorStats {
    return {
      learner: this.learner,
      observations: this.n,
      mape: this.n > 0 ? (100 * this.apeSum) / this.n : 0,
      mape_recent: this.n > 0 ? 100 * this.recent : 0,
      mae_ms: this.n > 0 ? this.aeSum / this.n : 0,
    };
  }
}
