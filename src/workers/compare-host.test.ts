// Compare mode in the engine host: two engines in lockstep on one clock, on the same arrivals. The
// sides are independent except for the controls they share, so identical configs give identical
// sides, and a control aimed at B leaves A exactly as an undisturbed run.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { csvParse, csvParseRows } from 'd3-dsv';
import { isFormulaCell } from '../engine/csv-cell.ts';
import { TRACE_COLUMNS } from '../engine/trace-writer.ts';
import { TICK_MS } from './engine-host.ts';
import { hostConfig, hostHarness } from './test-support.ts';
import { parseConfig, type ConfigInput } from '../engine/config.ts';
import { replay } from './run-export.ts';
import type { SideFrame } from './protocol.ts';

const config: ConfigInput = hostConfig(9, 230);
const withScheduler = (name: 'fifo' | 'priority_slo' | 'edf'): ConfigInput => ({
  ...config,
  scheduler: { name },
});

/** The side fields of a frame, as plain data (typed arrays as arrays) for deep comparison. */
function sideData(f: SideFrame): unknown {
  const plain = (v: unknown): unknown =>
    ArrayBuffer.isView(v)
      ? Array.from(v as Float64Array)
      : Array.isArray(v)
        ? v.map(plain)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
          : v;
  const { time, rate, scheduler, interactiveRatio, ledger, events, percentiles, recent } = f;
  const { throughput, recentViolationRate, outcomes, sloMs, spans, series, histograms } = f;
  return plain({
    time,
    rate,
    scheduler,
    interactiveRatio,
    ledger,
    events,
    percentiles,
    recent,
    throughput,
    recentViolationRate,
    outcomes,
    sloMs,
    spans,
    series,
    histograms,
    lanes: f.lanes,
    marks: f.marks,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('compare mode', () => {
  it('fifo against fifo: both sides identical, number for number, event for event', () => {
    vi.useFakeTimers();
    const { host, frames, chunks, advance } = hostHarness();
    const b = withScheduler('fifo');
    expect(
      host.reset(withScheduler('fifo'), {
        mode: 'simulated',
        speed: 20,
        playing: true,
        compare: { b },
      }),
    ).toEqual({ ok: true, runId: expect.any(Number) });
    advance(400);
    host.setRate(400);
    host.failLane(1);
    advance(300);
    host.recoverLane(1);
    host.setInteractiveRatio(0.7);
    advance(300);
    host.pause();
    advance(50);
    expect(frames.length).toBeGreaterThan(50);
    let pairs = 0;
    for (const f of frames) {
      expect(f.compare).toBeDefined();
      expect(sideData(f.compare!.b)).toEqual(sideData(f));
      const p = f.compare!.pairs;
      for (let k = 0; k < p.count; k++) expect(p.b[k]).toBe(p.a[k]);
      pairs += p.count;
    }
    expect(pairs).toBeGreaterThan(100);
    expect(frames.at(-1)!.ledger.completed).toBeGreaterThan(3000);
    expect(host.summary('b')).toEqual(host.summary('a'));

    const csv = host.exportRun(1, 'trace-csv');
    const rows = csvParse(chunks.map((c) => c.text).join(''));
    expect(rows.columns[0]).toBe('side');
    const strip = (side: string) =>
      rows.filter((r) => r.side === side).map((r) => JSON.stringify({ ...r, side: undefined }));
    expect(strip('a').length).toBeGreaterThan(3000);
    expect(strip('b')).toEqual(strip('a'));
    expect(csv.ledgerB).toEqual(csv.ledger);
    expect(csv.rows).toBe(rows.length);

    chunks.length = 0;
    host.exportRun(2, 'chrome-trace');
    const trace = JSON.parse(chunks.map((c) => c.text).join('')) as {
      traceEvents: { ph: string; pid: number; name: string; args: { name?: string } }[];
    };
    const names = trace.traceEvents
      .filter((e) => e.name === 'process_name')
      .map((e) => e.args.name);
    expect(names).toEqual(['A: fifo (SchedLab, simulated)', 'B: fifo (SchedLab, simulated)']);
    const slices = (pid: number) =>
      trace.traceEvents
        .filter((e) => e.ph === 'X' && e.pid === pid)
        .map((e) => JSON.stringify({ ...e, pid: 0 }));
    expect(slices(1).length).toBeGreaterThan(1000);
    expect(slices(2)).toEqual(slices(1));
    host.dispose();
  });

  it("switching B's scheduler while running leaves A exactly as an undisturbed run", () => {
    vi.useFakeTimers();
    const run = (switchB: boolean) => {
      const h = hostHarness();
      h.host.reset(withScheduler('fifo'), {
        mode: 'simulated',
        speed: 20,
        playing: true,
        compare: { b: withScheduler('priority_slo') },
      });
      h.advance(300);
      h.host.setRate(320);
      h.advance(300);
      if (switchB) h.host.setScheduler('edf', 'b');
      h.advance(400);
      h.host.pause();
      h.advance(50);
      return h;
    };
    const switched = run(true);
    const plain = run(false);
    const last = switched.frames.at(-1)!;
    expect(last.time).toBe(plain.frames.at(-1)!.time);
    expect(last.scheduler).toBe('fifo');
    expect(last.compare!.b.scheduler).toBe('edf');
    expect(last.marks.map((m) => m.label)).toEqual(['rate 320/s']);
    expect(last.compare!.b.marks.map((m) => m.label)).toEqual(['rate 320/s', 'edf']);
    // A: the same as without the switch, and as a headless replay of A's config and controls.
    const a = switched.host.summary('a');
    expect(a).toEqual(plain.host.summary('a'));
    const rateAt = last.marks[0]!.t;
    const headless = replay(
      parseConfig(withScheduler('fifo')),
      [{ t: rateAt, op: 'rate', value: 320 }],
      last.time,
      {},
    );
    expect(a).toEqual(headless.summary());
    // B did change.
    expect(switched.host.summary('b')).not.toEqual(plain.host.summary('b'));
    switched.host.dispose();
    plain.host.dispose();
  });

  it('posts one frame per tick for both sides, on one clock', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    host.reset(withScheduler('fifo'), {
      mode: 'simulated',
      speed: 10,
      playing: true,
      compare: { b: withScheduler('priority_slo') },
    });
    advance(1000);
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(1000 / TICK_MS) + 1);
    for (const f of frames) expect(f.compare!.b.time).toBe(f.time);
    for (const side of [frames.at(-1)!, frames.at(-1)!.compare!.b]) {
      const l = side.ledger;
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    }
    // The same arrivals on both sides.
    expect(frames.at(-1)!.compare!.b.ledger.arrived).toBe(frames.at(-1)!.ledger.arrived);
    host.dispose();
  });

  it('a lane fault acts on every side that has a lane of that name', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const b: ConfigInput = {
      ...config,
      lanes: [
        { kind: 'gpu', count: 2 },
        { kind: 'cpu', count: 2 },
      ],
    };
    host.reset(config, { mode: 'simulated', speed: 5, playing: true, compare: { b } });
    advance(100);
    host.failLane(1); // A's cpu0, and B's cpu0 (index 2 there)
    advance(50);
    let f = frames.at(-1)!;
    expect(f.lanes.filter((l) => !l.up).map((l) => l.name)).toEqual(['cpu0']);
    expect(f.compare!.b.lanes.filter((l) => !l.up).map((l) => l.name)).toEqual(['cpu0']);
    host.failLane(1, 'b'); // gpu1: B only
    advance(50);
    f = frames.at(-1)!;
    expect(f.lanes.filter((l) => !l.up).map((l) => l.name)).toEqual(['cpu0']);
    expect(f.compare!.b.lanes.filter((l) => !l.up).map((l) => l.name)).toEqual(['gpu1', 'cpu0']);
    host.recoverLane(1);
    advance(50);
    f = frames.at(-1)!;
    expect(f.lanes.every((l) => l.up)).toBe(true);
    expect(f.compare!.b.lanes.filter((l) => !l.up).map((l) => l.name)).toEqual(['gpu1']);
    host.dispose();
  });

  it("refuses a bad side B with its problems, named B's", () => {
    const { host } = hostHarness();
    const r = host.reset(config, {
      mode: 'simulated',
      speed: 1,
      playing: false,
      compare: { b: { ...config, lanes: [] } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/^B: lanes/);
  });
});

describe('compare mode with hostile input', () => {
  it('writes typed model names into both sides of the trace CSV as quoted, inert cells', () => {
    vi.useFakeTimers();
    const { host, chunks, advance } = hostHarness();
    const hostile = {
      ...config,
      jobs: 400,
      mix: { interactive_ratio: 0.5, models: { '=HYPERLINK("x")': 1, 'a,b': 1, '-2+3': 1 } },
      service: { dist: 'exponential', mean_ms: 2 },
    } satisfies ConfigInput;
    const r = host.reset(hostile, {
      mode: 'simulated',
      speed: 1000,
      playing: true,
      compare: { b: { ...hostile, scheduler: { name: 'edf' } } },
    });
    expect(r).toEqual({ ok: true, runId: expect.any(Number) });
    advance(2000);
    const result = host.exportRun(1, 'trace-csv');
    const rows = csvParseRows(chunks.map((c) => c.text).join(''));
    expect(rows[0]).toEqual(['side', ...TRACE_COLUMNS]);
    expect(rows.length - 1).toBe(800);
    expect(result.rows).toBe(rows.length - 1);
    for (const row of rows) {
      expect(row).toHaveLength(TRACE_COLUMNS.length + 1);
      for (const cell of row) expect(isFormulaCell(cell), cell).toBe(false);
    }
    const models = new Set(rows.slice(1).map((row) => `${row[0]} ${row[3]}`));
    expect(models).toContain(`a '=HYPERLINK("x")`);
    expect(models).toContain(`b '=HYPERLINK("x")`);
    expect(models).toContain('b a,b');
    host.dispose();
  });
  it('a side that passes a resource limit says why in its own part of the frame', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    // One arrival per 1000 s at 2e7x: both sides pass the 1,000,000 s limit within a few ticks.
    const slow: ConfigInput = {
      jobs: 1_000_000,
      arrivals: { process: 'poisson', rate_per_s: 0.001 },
      lanes: [{ kind: 'cpu' }],
      service: { dist: 'exponential', mean_ms: 1 },
    };
    const r = host.reset(slow, {
      mode: 'simulated',
      speed: 2e7,
      playing: true,
      compare: { b: { ...slow, scheduler: { name: 'edf' } } },
    });
    expect(r).toEqual({ ok: true, runId: expect.any(Number) });
    advance(50 * TICK_MS);
    const last = frames.at(-1)!;
    expect(last.stopped).toMatch(/past 1,000,000 s/);
    expect(last.compare!.b.stopped).toMatch(/past 1,000,000 s/);
    expect(last.compare!.done).toEqual([true, true]);
    expect(last.done).toBe(true);
    expect(last.playing).toBe(false);
    for (const l of [last.ledger, last.compare!.b.ledger]) {
      expect(l.arrived).toBeGreaterThan(0);
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    }
    host.dispose();
  });
});

describe('compare mode with a user policy', () => {
  const fifoJs = readFileSync('examples/policies/fifo.js', 'utf8');

  it('fifo.js on B from the start against the built-in fifo on A: the same run, number for number', async () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    // The compiler loads on the first setPolicy (as the page's editor does before a run uses it).
    await host.setPolicy(fifoJs);
    host.reset(withScheduler('fifo'), {
      mode: 'simulated',
      speed: 20,
      playing: true,
      compare: { b: withScheduler('fifo'), policy: fifoJs },
    });
    advance(600);
    host.pause();
    advance(50);
    const last = frames.at(-1)!;
    expect(last.scheduler).toBe('fifo');
    expect(last.policy).toBeUndefined();
    expect(last.compare!.b.scheduler).toBe('fifo.js');
    expect(last.compare!.b.policy!.started).toBeGreaterThan(0);
    expect(last.compare!.b.ledger).toEqual(last.ledger);
    const { scheduler: _a, ...a } = host.summary('a');
    const { scheduler: _b, ...b } = host.summary('b');
    expect(b).toEqual(a);
    host.dispose();
  });

  it("a policy set on B alone leaves A's run untouched and is replayed in B's export", async () => {
    vi.useFakeTimers();
    const run = async (withPolicy: boolean) => {
      const h = hostHarness();
      h.host.reset(withScheduler('priority_slo'), {
        mode: 'simulated',
        speed: 20,
        playing: true,
        compare: { b: withScheduler('priority_slo') },
      });
      h.advance(300);
      if (withPolicy) expect(await h.host.setPolicy(fifoJs, 'b')).toMatchObject({ ok: true });
      h.advance(400);
      h.host.pause();
      h.advance(50);
      return h;
    };
    const policy = await run(true);
    const plain = await run(false);
    expect(policy.host.summary('a')).toEqual(plain.host.summary('a'));
    expect(policy.frames.at(-1)!.compare!.b.scheduler).toBe('fifo.js');
    const live = policy.frames.at(-1)!.compare!.b.ledger;
    const result = policy.host.exportRun(1, 'trace-csv');
    expect(result.ledgerB).toEqual(live);
    policy.host.dispose();
    plain.host.dispose();
  });
});
