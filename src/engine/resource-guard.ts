// The resource guard: a run that passes one of the limits in limits.ts (the longest simulated run,
// jobs in flight, a clock that stops moving, an event budget) stops at a clean event boundary with
// its ledger balanced and says why, rather than exhaust memory or hang.
//
// It costs the event loop two compares per event on its fast path: the next event's time against
// `horizon` (the longest run; -Infinity once stopped) and the event count against `nextCheck`
// (the next look at the budget, the jobs in flight and the clock, every CLOCK_CHECK_EVENTS
// events). Only when either trips does the loop call `allows`, the slow path.

import {
  MAX_EVENTS_AT_ONE_TIME,
  MAX_JOBS_IN_FLIGHT,
  MAX_SIM_MS,
  MAX_SIM_S,
  MIN_CLOCK_PROGRESS_MS,
  formatCount,
} from './limits.ts';

/** Events between two checks of the event budget, the jobs in flight and a stuck clock. */
export const CLOCK_CHECK_EVENTS = 1 << 16;

type Limit = 'clock' | 'horizon' | 'events' | 'in-flight';

export class ResourceGuard {
  /** The event count at which the loop next calls `allows` (fast path: one compare). */
  nextCheck = 0;
  /** The latest event time the loop runs without calling `allows`; -Infinity once stopped. */
  horizon = MAX_SIM_MS;
  /** Why the run stopped early, in words; undefined while it runs. */
  stopped: string | undefined;
  /** The clock when it last progressed (the anchor), and the checks since. */
  private checkedTime = NaN;
  private stillChecks = 0;

  /** `maxEvents`: stop before the event after this many (Infinity: no budget). */
  constructor(private readonly maxEvents: number) {}

  /**
   * The slow path: false (and the run stopped, saying why) when the event at `next` must not be
   * processed. `now` is the clock, `events` the events processed so far, `inFlight` the jobs
   * queued or running. A stuck clock is caught by sampling: the clock is checked every
   * CLOCK_CHECK_EVENTS events and has not progressed for MAX_EVENTS_AT_ONE_TIME of them.
   */
  allows(next: number, now: number, events: number, inFlight: number): boolean {
    if (this.stopped !== undefined) return false;
    if (next > MAX_SIM_MS) return this.stop('horizon', now, events, inFlight);
    if (events >= this.maxEvents) return this.stop('events', now, events, inFlight);
    if (events >= this.nextCheck) {
      // Jobs in flight grow by at most one an event: checked with that much headroom, they never
      // pass MAX_JOBS_IN_FLIGHT.
      if (inFlight > MAX_JOBS_IN_FLIGHT - CLOCK_CHECK_EVENTS) {
        return this.stop('in-flight', now, events, inFlight);
      }
      // The clock must progress, not merely change: it is anchored until it has moved
      // MIN_CLOCK_PROGRESS_MS, and MAX_EVENTS_AT_ONE_TIME events without that stop the run.
      if (!(now - this.checkedTime < MIN_CLOCK_PROGRESS_MS)) {
        this.checkedTime = now;
        this.stillChecks = 0;
      } else if (++this.stillChecks * CLOCK_CHECK_EVENTS >= MAX_EVENTS_AT_ONE_TIME) {
        return this.stop('clock', now, events, inFlight);
      }
      this.nextCheck = Math.min(events + CLOCK_CHECK_EVENTS, this.maxEvents);
    }
    return true;
  }

  /** Stop the run before the next event, saying why; returns false (no event processed). */
  private stop(limit: Limit, now: number, events: number, inFlight: number): false {
    this.horizon = -Infinity;
    const at = `at ${formatCount(Math.round(now / 1000))} s simulated`;
    switch (limit) {
      case 'horizon':
        this.stopped =
          `the run stopped ${at}: its next event is past ${formatCount(MAX_SIM_S)} s (11.6 days), ` +
          'the longest run SchedLab simulates (its per-second metrics would outgrow memory)';
        break;
      case 'in-flight':
        this.stopped =
          `the run stopped ${at} with ${formatCount(inFlight)} ` +
          `jobs queued or running, near the ${formatCount(MAX_JOBS_IN_FLIGHT)} SchedLab holds: the ` +
          'lanes cannot keep up with the arrivals; set queue.capacity (or admission control) to ' +
          'turn the excess away';
        break;
      case 'clock':
        this.stopped =
          `the run stopped ${at}: ${formatCount(MAX_EVENTS_AT_ONE_TIME)} events happened while ` +
          `the simulated clock moved less than ${MIN_CLOCK_PROGRESS_MS} ms`;
        break;
      case 'events':
        this.stopped = `the run stopped ${at} after ${formatCount(events)} events, its event budget`;
        break;
    }
    return false;
  }
}
