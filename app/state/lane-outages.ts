// When each lane was down during the current run, for the Gantt chart's hatched rows. Frames carry
// only whether a lane is up now, so the page keeps the history: an outage opens on the first frame
// that shows the lane down and closes on the first that shows it up again. Its edges take the
// simulated time of the matching control mark ("gpu0 down" / "gpu0 up", which the host logs for
// Fail / Recover) when there is one; otherwise (a lane worker that died in live mode) the frame's
// time, which is late by at most one frame.

import type { SideFrame } from '../../src/workers/protocol.ts';

/** What the outages read from a frame: one side's lanes, marks and clock. */
type LaneFrame = Pick<SideFrame, 'lanes' | 'marks' | 'time'>;

export interface Outage {
  lane: number;
  /** Simulated ms. */
  start: number;
  /** Simulated ms; null while the lane is still down. */
  end: number | null;
}

/** Outages kept per run; older ones fall off (a window never shows that many). */
const MAX_OUTAGES = 512;

export class LaneOutages {
  readonly list: Outage[] = [];
  /** Index in `list` of each lane's open outage, or -1. */
  private open: number[] = [];
  private lastTime = 0;

  clear(): void {
    this.list.length = 0;
    this.open = [];
    this.lastTime = 0;
  }

  /** True when the lane is down in the latest frame. */
  isDown(lane: number): boolean {
    return (this.open[lane] ?? -1) >= 0;
  }

  update(frame: LaneFrame): void {
    frame.lanes.forEach((lane, i) => {
      const openAt = this.open[i] ?? -1;
      if (!lane.up && openAt < 0) {
        const t = this.markTime(frame, `${lane.name} down`) ?? frame.time;
        this.list.push({ lane: i, start: t, end: null });
        this.open[i] = this.list.length - 1;
      } else if (lane.up && openAt >= 0) {
        const o = this.list[openAt];
        if (o) o.end = this.markTime(frame, `${lane.name} up`) ?? frame.time;
        this.open[i] = -1;
      }
    });
    if (this.list.length > MAX_OUTAGES) {
      const drop = this.list.length - MAX_OUTAGES;
      this.list.splice(0, drop);
      this.open = this.open.map((k) => (k >= drop ? k - drop : -1));
    }
    this.lastTime = frame.time;
  }

  /** Time of the newest mark with this label since the previous frame, if any. */
  private markTime(frame: LaneFrame, label: string): number | undefined {
    for (let k = frame.marks.length - 1; k >= 0; k--) {
      const m = frame.marks[k]!;
      if (m.t < this.lastTime) break;
      // Live lanes that die log "gpu0 down: <reason>".
      if (m.label === label || m.label.startsWith(`${label}:`)) return m.t;
    }
    return undefined;
  }
}
