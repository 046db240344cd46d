// The narration says, in one sentence, the most dramatic thing going on, with the run's own
// figures: overload with the time until the line is full, arrivals turned away with how many, a
// backlog draining with when it clears, a scheduler switch with the figure before and since, a lane
// that failed with what the rest can serve.

import { describe, expect, it } from 'vitest';
import { Narrator, formatDuration, type NarrationInput } from './narrate.ts';

const lanes = [
  { name: 'gpu0', up: true },
  { name: 'cpu0', up: true },
  { name: 'cpu1', up: true },
];

function frame(over: Partial<NarrationInput> = {}): NarrationInput {
  return {
    time: 10_000,
    runId: 1,
    rate: 200,
    capacity: 310,
    queued: 2,
    queueCapacity: 20_000,
    turnedAway: 0,
    completed: 1_900,
    lanes,
    speed: 1,
    ...over,
  };
}

/** Feed the narrator one frame per 100 ms from `from` to `to` (simulated ms). */
function feed(n: Narrator, from: number, to: number, f: (t: number) => Partial<NarrationInput>) {
  let said = n.update(frame({ time: from, ...f(from) }));
  for (let t = from + 100; t <= to; t += 100) said = n.update(frame({ time: t, ...f(t) }));
  return said;
}

describe('the narration', () => {
  it('is calm below capacity, and warns close to it', () => {
    expect(new Narrator().update(frame())).toMatchObject({ kind: 'calm', tone: 'good' });
    expect(new Narrator().update(frame()).text).toContain('65 % load');
    expect(new Narrator().update(frame({ rate: 290 })).kind).toBe('busy');
  });

  it('says the line grows past capacity, and when it will be full', () => {
    const n = new Narrator();
    // 1,000 arrive, 310 served: the line grows by 690 a second.
    const said = feed(n, 10_000, 12_000, (t) => ({
      rate: 1000,
      queued: 690 * ((t - 10_000) / 1000) + 100,
    }));
    expect(said.kind).toBe('overload');
    expect(said.text).toContain('grows by about 690 jobs a second');
    expect(said.text).toMatch(/full in about 2\d s/);
  });

  it('says arrivals are turned away once the line is full, how many a second and so far', () => {
    const n = new Narrator();
    const said = feed(n, 40_000, 42_000, (t) => ({
      rate: 1000,
      queued: 20_000,
      turnedAway: 5_000 + 690 * ((t - 40_000) / 1000),
    }));
    expect(said).toMatchObject({ kind: 'turning-away', tone: 'alert' });
    expect(said.text).toContain('The line is full (20,000 waiting)');
    expect(said.text).toContain('about 690 arrivals a second are turned away, 6,380 so far');
  });

  it('says a backlog drains, and estimates when it clears (in wall time too at speed)', () => {
    const n = new Narrator();
    const said = feed(n, 60_000, 62_000, (t) => ({
      rate: 200,
      speed: 10,
      queued: 16_000 - 110 * ((t - 60_000) / 1000),
    }));
    expect(said.kind).toBe('draining');
    expect(said.text).toContain('A backlog of 15,780 jobs is draining at about 110 a second');
    expect(said.text).toContain('clear in about 2 min 23 s (14 s at 10× speed)');
  });

  it('says a scheduler switch, with the figure before and since, by plain names', () => {
    const n = new Narrator();
    const said = n.update(
      frame({
        time: 45_000,
        switched: { t: 42_000, from: 'fifo', to: 'edf', before: [850, 900], after: [62, 1200] },
        title: (s) => ({ fifo: 'First in, first out', edf: 'Earliest deadline first' })[s] ?? s,
      }),
    );
    expect(said).toMatchObject({ kind: 'switch', tone: 'good' });
    expect(said.text).toBe(
      'Switched from First in, first out to Earliest deadline first at 0:42.0: interactive p99 was 850 ms before, 62.0 ms since.',
    );
  });

  it('says a lane failed, and whether the lanes left keep up', () => {
    const n = new Narrator();
    n.update(frame());
    const said = n.update(
      frame({
        time: 10_100,
        capacity: 103,
        lanes: [{ name: 'gpu0', up: false }, ...lanes.slice(1)],
      }),
    );
    expect(said).toMatchObject({ kind: 'lane-down', tone: 'alert' });
    expect(said.text).toContain('gpu0 failed at 0:10.1');
    expect(said.text).toContain('about 103 jobs/s, less than the 200 arriving');
  });

  it('writes durations plainly', () => {
    expect([800, 14_000, 143_000, 4_000_000].map(formatDuration)).toEqual([
      '0.8 s',
      '14 s',
      '2 min 23 s',
      '1 h 6 min',
    ]);
  });
});
