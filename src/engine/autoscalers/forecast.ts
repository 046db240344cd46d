// Forecasting the arrival rate from what a run has seen so far: additive Holt-Winters (level, trend
// and a seasonal profile) over fixed buckets, with Holt's linear trend until one season of history
// exists. One bucket a call, O(season) memory, no allocation after construction.
//
//   level  L = alpha (x - S[t-m]) + (1 - alpha)(L + T)
//   trend  T = beta (L - L_prev)  + (1 - beta) T
//   season S[t] = gamma (x - L)   + (1 - gamma) S[t-m]
//   forecast(h) = L + h T + S[t - m + h]            (h <= m)
//
// The seasonal profile starts from the first season's deviations from its mean, and the level from
// that mean; before then the forecast is L + h T with S = 0. Rates never forecast below zero.

export interface ForecastParams {
  /** Level smoothing (0..1]. */
  alpha: number;
  /** Trend smoothing [0..1]. */
  beta: number;
  /** Seasonal smoothing [0..1]; 0 keeps the first season's profile. */
  gamma: number;
  /** Buckets per season (0: no season, Holt's linear trend only). */
  season: number;
}

export class HoltWinters {
  private level = NaN;
  private trend = 0;
  private readonly seasonal: Float64Array;
  /** The first season's observations, kept until it completes. */
  private readonly first: Float64Array;
  /** Buckets seen. */
  private n = 0;

  constructor(private readonly p: ForecastParams) {
    this.seasonal = new Float64Array(Math.max(1, p.season));
    this.first = new Float64Array(Math.max(1, p.season));
  }

  /** Buckets observed so far. */
  get observed(): number {
    return this.n;
  }

  /** Is the seasonal profile in use (a whole season seen)? */
  get seasonalReady(): boolean {
    return this.p.season > 0 && this.n >= this.p.season;
  }

  /** Take one bucket's observation. */
  observe(x: number): void {
    const { alpha, beta, gamma, season } = this.p;
    const n = this.n++;
    if (n === 0) {
      this.level = x;
      if (season > 0) this.first[0] = x;
      return;
    }
    if (season > 0 && n < season) {
      this.first[n] = x;
      this.holt(x, 0);
      if (n === season - 1) {
        // The season is complete: its mean is the level, its deviations the profile.
        let mean = 0;
        for (let i = 0; i < season; i++) mean += this.first[i]!;
        mean /= season;
        for (let i = 0; i < season; i++) this.seasonal[i] = this.first[i]! - mean;
        this.level = mean;
        this.trend = 0;
      }
      return;
    }
    if (season === 0) {
      this.holt(x, 0);
      return;
    }
    const i = n % season;
    const s = this.seasonal[i]!;
    const prev = this.level;
    this.level = alpha * (x - s) + (1 - alpha) * (prev + this.trend);
    this.trend = beta * (this.level - prev) + (1 - beta) * this.trend;
    this.seasonal[i] = gamma * (x - this.level) + (1 - gamma) * s;
  }

  private holt(x: number, s: number): void {
    const { alpha, beta } = this.p;
    const prev = this.level;
    this.level = alpha * (x - s) + (1 - alpha) * (prev + this.trend);
    this.trend = beta * (this.level - prev) + (1 - beta) * this.trend;
  }

  /** The forecast `h` buckets after the last one observed (h >= 1); NaN before any. */
  forecast(h: number): number {
    if (this.n === 0) return NaN;
    const season = this.p.season;
    let s = 0;
    if (this.seasonalReady) {
      // The bucket h ahead has index n - 1 + h; its profile entry was last set a season earlier.
      s = this.seasonal[(this.n - 1 + h) % season]!;
    }
    return Math.max(0, this.level + h * this.trend + s);
  }
}
