// The moving dots of the drawn queue: arrivals flying in to join their class's line, arrivals that
// find the queue full falling into the turned-away bin, and served jobs leaving their lane. At
// thousands of jobs a second a dot stands for several jobs (1, 2, 5, 10, ...: `dotUnit`), so at most
// about MAX_DOTS_PER_S dots start a second and a few dozen are in flight. Dots live in typed-array
// columns (no allocation per dot) and move on the wall clock, so they finish their flight after a
// pause. Pure: no DOM; the canvas component spawns from frame deltas and paints `visit`'s points.

import { lineTail, type LaneBox, type QueueGeometry } from './queue-layout.ts';

/** Dots started per wall second, at most (on average). */
export const MAX_DOTS_PER_S = 36;
/** A dot's flight, wall ms. */
export const FLIGHT_MS = 700;
const CAPACITY = 256;

/** What a dot is: an arrival of a class, a turned-away arrival, or a served job of a class. */
export const ARRIVING = 0;
export const TURNED = 1;
export const LEAVING = 2;

/** Jobs one dot stands for when `jobsPerWallS` jobs pass a wall second. */
export function dotUnit(jobsPerWallS: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const u of [1, 2, 5]) {
      if (jobsPerWallS / (u * scale) <= MAX_DOTS_PER_S || scale > 1e9) return u * scale;
    }
  }
}

export class QueueParticles {
  readonly x0 = new Float32Array(CAPACITY);
  readonly y0 = new Float32Array(CAPACITY);
  readonly x1 = new Float32Array(CAPACITY);
  readonly y1 = new Float32Array(CAPACITY);
  readonly t0 = new Float64Array(CAPACITY);
  readonly kind = new Uint8Array(CAPACITY);
  readonly cls = new Uint8Array(CAPACITY);
  count = 0;
  /** Jobs not yet shown as dots (carried to the next frame so the dots' rate is right). */
  private owed = { arrive: [0, 0], turned: 0, leave: [0, 0] };
  private seed = 1;

  clear(): void {
    this.count = 0;
    this.owed = { arrive: [0, 0], turned: 0, leave: [0, 0] };
  }

  private jitter(): number {
    // A small LCG: the same dots for the same frames (no Math.random in a pure module).
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x7fffffff;
  }

  private push(
    kind: number,
    cls: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    t: number,
  ) {
    if (this.count >= CAPACITY) return;
    const i = this.count++;
    this.kind[i] = kind;
    this.cls[i] = cls;
    this.x0[i] = x0;
    this.y0[i] = y0;
    this.x1[i] = x1;
    this.y1[i] = y1;
    this.t0[i] = t;
  }

  /**
   * New arrivals since the last frame: `arrived` jobs of which `interactiveShare` are interactive
   * and `turnedAway` found the queue full. One dot per `unit` jobs, started over this frame's
   * `spanMs` so a burst of jobs does not leave as one clump.
   */
  arrive(
    arrived: number,
    turnedAway: number,
    interactiveShare: number,
    unit: number,
    g: QueueGeometry,
    queued: readonly [number, number],
    now: number,
    spanMs = 16,
  ): void {
    const accepted = Math.max(0, arrived - turnedAway);
    const owed = this.owed;
    owed.arrive[0]! += (accepted * interactiveShare) / unit;
    owed.arrive[1]! += (accepted * (1 - interactiveShare)) / unit;
    owed.turned += turnedAway / unit;
    for (const cls of [0, 1] as const) {
      const b = g.bands[cls];
      const tail = lineTail(g, Math.ceil(queued[cls] / Math.max(1, unit)));
      while (owed.arrive[cls]! >= 1) {
        owed.arrive[cls]!--;
        const y = b.y + 4 + this.jitter() * (b.h - 8);
        this.push(ARRIVING, cls, 0, y, Math.max(g.lineX0, tail), y, now + this.jitter() * spanMs);
      }
    }
    while (owed.turned >= 1) {
      owed.turned--;
      const cls = this.jitter() < interactiveShare ? 0 : 1;
      const b = g.bands[cls];
      const y = b.y + 4 + this.jitter() * (b.h - 8);
      const x = g.bin.x + 20 + this.jitter() * (g.bin.w - 30);
      this.push(TURNED, cls, 0, y, x, g.bin.y + g.bin.h / 2, now + this.jitter() * spanMs);
    }
  }

  /** Served jobs since the last frame, per lane (jobs, by class), leaving from the lane's box. */
  leave(
    served: ArrayLike<number>,
    servedInteractive: ArrayLike<number>,
    boxes: readonly LaneBox[],
    unit: number,
    g: QueueGeometry,
    now: number,
    spanMs = 16,
  ): void {
    const owed = this.owed.leave;
    for (let i = 0; i < boxes.length; i++) {
      owed[0]! += (servedInteractive[i] ?? 0) / unit;
      owed[1]! += ((served[i] ?? 0) - (servedInteractive[i] ?? 0)) / unit;
      for (const cls of [0, 1] as const) {
        while (owed[cls]! >= 1) {
          owed[cls]!--;
          // A dot owed partly by earlier lanes leaves from this one: good enough at this scale.
          const box = boxes[i]!;
          const y = box.y + box.h / 2;
          this.push(LEAVING, cls, box.x + box.w, y, g.width + 6, y, now + this.jitter() * spanMs);
        }
      }
    }
  }

  /**
   * Visit each dot in flight at `now` with its position (dropping the landed ones); returns how
   * many are still in flight. Turned-away dots fly to the line's tail, then fall into the bin.
   */
  visit(
    now: number,
    g: QueueGeometry,
    dot: (x: number, y: number, kind: number, cls: number) => void,
  ): number {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const t = (now - this.t0[i]!) / FLIGHT_MS;
      if (t >= 1) continue;
      if (w !== i) this.move(i, w);
      w++;
      if (t < 0) continue;
      const k = this.kind[w - 1]!;
      const j = w - 1;
      let x: number;
      let y: number;
      if (k === TURNED) {
        // Along the band to the line's tail (the first 55 %), then down into the bin.
        const stop = g.lineX0 + 6;
        if (t < 0.55) {
          x = (stop * t) / 0.55;
          y = this.y0[j]!;
        } else {
          const u = (t - 0.55) / 0.45;
          x = stop + (this.x1[j]! - stop) * u;
          y = this.y0[j]! + (this.y1[j]! - this.y0[j]!) * u * u;
        }
      } else {
        const e = k === ARRIVING ? 1 - (1 - t) * (1 - t) : t;
        x = this.x0[j]! + (this.x1[j]! - this.x0[j]!) * e;
        y = this.y0[j]! + (this.y1[j]! - this.y0[j]!) * e;
      }
      dot(x, y, k, this.cls[j]!);
    }
    this.count = w;
    return w;
  }

  private move(from: number, to: number): void {
    this.x0[to] = this.x0[from]!;
    this.y0[to] = this.y0[from]!;
    this.x1[to] = this.x1[from]!;
    this.y1[to] = this.y1[from]!;
    this.t0[to] = this.t0[from]!;
    this.kind[to] = this.kind[from]!;
    this.cls[to] = this.cls[from]!;
  }
}
