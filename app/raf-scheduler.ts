// The one owner of requestAnimationFrame. Layers (canvases, live numbers) register a redraw callback
// and mark themselves dirty when their data changed; each animation frame runs the dirty ones once,
// in phase order, and records how long the frame's work took. Nothing else in the app calls rAF.

export type Phase = 'data' | 'draw';

interface Layer {
  phase: Phase;
  redraw: () => void;
  dirty: boolean;
  /** Redraw at most this often (ms): slow-moving charts need not repaint at 60 Hz. */
  minIntervalMs: number;
  lastRun: number;
}

/** Timing of recent frames, read by the benchmark through window.__schedlab. */
export interface RafStats {
  frames: number;
  /** Work per frame, ms, for the last frame. */
  lastWorkMs: number;
  maxWorkMs: number;
  /** Total work, ms, since load. */
  totalWorkMs: number;
}

class RafScheduler {
  private readonly layers = new Set<Layer>();
  private pending = 0;
  readonly stats: RafStats = { frames: 0, lastWorkMs: 0, maxWorkMs: 0, totalWorkMs: 0 };

  /** Register a layer; returns a function that marks it dirty, and its disposer. */
  register(
    phase: Phase,
    redraw: () => void,
    minIntervalMs = 0,
  ): { invalidate: () => void; dispose: () => void } {
    const layer: Layer = { phase, redraw, dirty: true, minIntervalMs, lastRun: -Infinity };
    this.layers.add(layer);
    this.request();
    return {
      invalidate: () => {
        layer.dirty = true;
        this.request();
      },
      dispose: () => {
        this.layers.delete(layer);
      },
    };
  }

  private request(): void {
    if (this.pending !== 0) return;
    this.pending = requestAnimationFrame(() => this.run());
  }

  private run(): void {
    this.pending = 0;
    const t0 = performance.now();
    let deferred = false;
    for (const phase of ['data', 'draw'] as const) {
      for (const layer of this.layers) {
        if (layer.phase !== phase || !layer.dirty) continue;
        // A throttled layer stays dirty and is looked at again on a later frame.
        if (t0 - layer.lastRun < layer.minIntervalMs) {
          deferred = true;
          continue;
        }
        layer.dirty = false;
        layer.lastRun = t0;
        layer.redraw();
      }
    }
    if (deferred) this.request();
    const work = performance.now() - t0;
    this.stats.frames++;
    this.stats.lastWorkMs = work;
    this.stats.totalWorkMs += work;
    if (work > this.stats.maxWorkMs) this.stats.maxWorkMs = work;
  }
}

export const raf = new RafScheduler();
