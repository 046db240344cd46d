// One sentence about what is happening in the run, for the first look: calm, close to capacity,
// overloaded with the line growing, turning arrivals away (with how many), a backlog draining (with
// an estimate of when it clears), a scheduler switch (with the figure before and since), a lane that
// failed or came back. The narrator reads a few figures per update (a few times a second) and keeps
// the last seconds of them to measure rates; what it says follows the most dramatic thing going on.
// Pure: no DOM, no stores; the component feeds it from frames.

import { formatClock, formatCount, formatMs, formatRate } from '../format.ts';

/** A lane as the narrator reads it. */
export interface NarratedLane {
  name: string;
  up: boolean;
  role?: 'primary' | 'backup';
}

export interface NarrationInput {
  /** Simulated ms. */
  time: number;
  runId: number;
  /** Arrivals per simulated second asked for (the rate control). */
  rate: number;
  /** What the lanes that serve now can do, jobs/s (failed lanes left out). */
  capacity: number;
  queued: number;
  /** The queue's capacity: arrivals that find it full are turned away. */
  queueCapacity: number;
  /** Rejected + dropped since the run began. */
  turnedAway: number;
  completed: number;
  lanes: readonly NarratedLane[];
  /** Simulated per wall time. */
  speed: number;
  /** The latest scheduler switch, with interactive and batch p99 before and since (NaN: none). */
  switched?: {
    t: number;
    from: string;
    to: string;
    before: readonly [number, number];
    after: readonly [number, number];
  };
  /** Plain names of policies by id (the registry's titles); unknown ids read as themselves. */
  title?: (scheduler: string) => string;
}

export type NarrationKind =
  | 'idle'
  | 'calm'
  | 'busy'
  | 'overload'
  | 'turning-away'
  | 'draining'
  | 'switch'
  | 'lane-down'
  | 'lane-up';

export interface Narration {
  kind: NarrationKind;
  text: string;
  tone: 'info' | 'warn' | 'alert' | 'good';
}

/** How long (simulated ms) a switch or a lane event stays the story. */
const EVENT_MS = 15_000;
/** Samples kept to measure rates, simulated ms. */
const WINDOW_MS = 3_000;
/** A backlog worth a sentence: this many jobs waiting. */
const BACKLOG = 200;

interface Sample {
  t: number;
  queued: number;
  turnedAway: number;
  completed: number;
}

/** "2 min 25 s", "14 s", "0.8 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'a long time';
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m >= 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export class Narrator {
  private samples: Sample[] = [];
  private runId = -1;
  /** Lanes' up state at the last update, by name, and the latest change seen. */
  private up = new Map<string, boolean>();
  private laneEvent: { t: number; name: string; down: boolean } | undefined;

  /** The sentence for the run now. */
  update(f: NarrationInput): Narration {
    if (f.runId !== this.runId) {
      this.runId = f.runId;
      this.samples = [];
      this.up = new Map(f.lanes.map((l) => [l.name, l.up]));
      this.laneEvent = undefined;
    }
    for (const l of f.lanes) {
      const was = this.up.get(l.name);
      if (was !== undefined && was !== l.up)
        this.laneEvent = { t: f.time, name: l.name, down: !l.up };
      this.up.set(l.name, l.up);
    }
    const last = this.samples[this.samples.length - 1];
    if (!last || f.time > last.t) {
      this.samples.push({
        t: f.time,
        queued: f.queued,
        turnedAway: f.turnedAway,
        completed: f.completed,
      });
    }
    while (this.samples.length > 2 && this.samples[0]!.t < f.time - WINDOW_MS) this.samples.shift();
    return this.tell(f);
  }

  /** Per simulated second over the kept samples (undefined with less than 0.5 s of them). */
  private rates(): { queue: number; turned: number; served: number } | undefined {
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    if (!a || !b || b.t - a.t < 500) return undefined;
    const s = (b.t - a.t) / 1000;
    return {
      queue: (b.queued - a.queued) / s,
      turned: (b.turnedAway - a.turnedAway) / s,
      served: (b.completed - a.completed) / s,
    };
  }

  private tell(f: NarrationInput): Narration {
    const name = f.title ?? ((s: string) => s);
    const r = this.rates();
    const load = f.capacity > 0 ? f.rate / f.capacity : Infinity;
    const pct = Number.isFinite(load) ? `${Math.round(load * 100)} %` : 'far beyond 100 %';
    const wall = (ms: number): string =>
      f.speed === 1 || !Number.isFinite(ms)
        ? ''
        : ` (${formatDuration(ms / f.speed)} at ${f.speed}× speed)`;

    // A lane that just failed or came back.
    const ev = this.laneEvent;
    if (ev && f.time - ev.t < EVENT_MS) {
      const keeps = f.rate <= f.capacity;
      if (ev.down) {
        return {
          kind: 'lane-down',
          tone: keeps ? 'warn' : 'alert',
          text: `${ev.name} failed at ${formatClock(ev.t)}: its running jobs went back into the line, none lost. The lanes left serve about ${formatRate(f.capacity)} jobs/s, ${keeps ? `still more than the ${formatRate(f.rate)} arriving (${pct} load)` : `less than the ${formatRate(f.rate)} arriving, so the line grows`}.`,
        };
      }
      return {
        kind: 'lane-up',
        tone: 'good',
        text: `${ev.name} is back at ${formatClock(ev.t)}: the lanes serve about ${formatRate(f.capacity)} jobs/s again (${pct} load).`,
      };
    }

    // A scheduler switch: the figure before it and since.
    const sw = f.switched;
    if (sw && f.time - sw.t < EVENT_MS) {
      const [bi, bb] = sw.before;
      const [ai, ab] = sw.after;
      const cls = Number.isFinite(ai) && Number.isFinite(bi) ? 0 : 1;
      const before = cls === 0 ? bi : bb;
      const after = cls === 0 ? ai : ab;
      const head = `Switched from ${name(sw.from)} to ${name(sw.to)} at ${formatClock(sw.t)}`;
      if (!Number.isFinite(after) || !Number.isFinite(before)) {
        return {
          kind: 'switch',
          tone: 'info',
          text: `${head}: the jobs that finish from now on show the new policy; the charts set them against those before.`,
        };
      }
      const better = after < before;
      return {
        kind: 'switch',
        tone: better ? 'good' : 'warn',
        text: `${head}: ${cls === 0 ? 'interactive' : 'batch'} p99 was ${formatMs(before)} before, ${formatMs(after)} since.`,
      };
    }

    // Arrivals turned away: the line is full, or admission control refuses what cannot be on time.
    const turning = r ? r.turned : 0;
    if (turning > 0) {
      const full = f.queued >= f.queueCapacity * 0.98;
      return {
        kind: 'turning-away',
        tone: 'alert',
        text: full
          ? `The line is full (${formatCount(f.queued)} waiting): about ${formatRate(turning)} arrivals a second are turned away, ${formatCount(f.turnedAway)} so far. The lanes serve about ${formatRate(f.capacity)} of the ${formatRate(f.rate)} arriving.`
          : `About ${formatRate(turning)} arrivals a second are turned away (${formatCount(f.turnedAway)} so far): they could not have finished within their SLO, so admission control refuses them rather than let the line grow.`,
      };
    }

    // More arrive than the lanes serve: the line grows.
    if (load > 1.02) {
      const growth = r && r.queue > 0 ? r.queue : f.rate - f.capacity;
      const room = f.queueCapacity - f.queued;
      const full = Number.isFinite(room) && growth > 0 ? (room / growth) * 1000 : Infinity;
      return {
        kind: 'overload',
        tone: 'alert',
        text: `More arrive (${formatRate(f.rate)}/s) than the lanes can serve (about ${formatRate(f.capacity)}/s, ${pct} load): the line grows by about ${formatRate(growth)} jobs a second${Number.isFinite(full) ? ` and is full in about ${formatDuration(full)}${wall(full)}; then arrivals are turned away` : ''}.`,
      };
    }

    // A backlog draining.
    if (f.queued >= BACKLOG) {
      const drain = r && r.queue < 0 ? -r.queue : f.capacity - f.rate;
      const eta = drain > 0 ? (f.queued / drain) * 1000 : Infinity;
      return {
        kind: 'draining',
        tone: 'warn',
        text: `A backlog of ${formatCount(f.queued)} jobs is draining at about ${formatRate(Math.max(0, drain))} a second: clear in about ${formatDuration(eta)}${wall(eta)}, while new arrivals wait behind it.`,
      };
    }

    if (f.time === 0 && f.completed === 0) {
      return { kind: 'idle', tone: 'info', text: 'Press Play to start the requests arriving.' };
    }
    if (load >= 0.8) {
      return {
        kind: 'busy',
        tone: 'warn',
        text: `${formatRate(f.rate)} jobs/s arrive, ${pct} of what the lanes can serve: close to capacity, random bursts make jobs wait and tail latency climbs.`,
      };
    }
    return {
      kind: 'calm',
      tone: 'good',
      text: `${formatRate(f.rate)} jobs/s arrive and the lanes keep up (${pct} load): most jobs start at once. Drag Arrival rate up to see a line form.`,
    };
  }
}
