// The page's LLM host: paced runs whose frames carry a block map that agrees with the engine's
// block counts at every frame (each running request's cells, shared and cached blocks, nothing
// drawn twice), preemptions that show on the map and in the counters, a live scheduler switch, a
// bad config that changes nothing, and the same frames for the same config and controls.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../engine/config.ts';
import { CELL_CACHED, CELL_FREE, CELL_PREEMPTED, CELL_SHARED } from '../llm-protocol.ts';
import { hostHarness, overloadedLlm } from './test-support.ts';

function overloaded(over: Partial<NonNullable<ConfigInput['llm']>> = {}): ConfigInput {
  return overloadedLlm(3, 5000, over);
}

const harness = hostHarness;

function count(cells: Int32Array, from: number, n: number, code: number): number {
  let k = 0;
  for (let i = from; i < from + n; i++) if (cells[i] === code) k++;
  return k;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the LLM host', () => {
  it('draws every block the engine counts, exactly once, frame after frame; preemptions flash and count', () => {
    const h = harness();
    expect(h.host.reset(overloaded(), true)).toMatchObject({ ok: true });
    h.host.setSpeed(20);
    let flashes = 0;
    for (let k = 0; k < 60; k++) {
      h.run(50);
      const f = h.last();
      let offset = 0;
      for (const lane of f.lanes) {
        const owned = new Map<number, number>();
        for (let i = offset; i < offset + lane.blocks; i++) {
          const c = f.cells[i]!;
          if (c >= 0) owned.set(c, (owned.get(c) ?? 0) + 1);
        }
        let held = 0;
        for (const n of owned.values()) held += n;
        const shared = count(f.cells, offset, lane.blocks, CELL_SHARED);
        // No prefix caching here: every block in use is a request's own, drawn as its.
        expect(shared).toBe(0);
        expect(held).toBe(lane.used);
        expect(count(f.cells, offset, lane.blocks, CELL_CACHED)).toBe(lane.cached);
        expect(owned.size).toBeLessThanOrEqual(lane.running);
        flashes += count(f.cells, offset, lane.blocks, CELL_PREEMPTED);
        offset += lane.blocks;
      }
      expect(offset).toBe(f.cells.length);
      const l = f.ledger;
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    }
    const f = h.last();
    expect(f.time).toBeGreaterThan(30_000);
    expect(f.preemptions).toBeGreaterThan(0);
    expect(f.lanes.reduce((n, l) => n + l.preemptions, 0)).toBeGreaterThan(0);
    expect(flashes).toBeGreaterThan(0);
    expect(f.completed[0] + f.completed[1]).toBeGreaterThan(0);
    expect(f.ttft[0].p99).toBeGreaterThan(0);
  });

  it('shows shared prefix blocks under prefix caching', () => {
    const h = harness();
    h.host.reset(
      overloaded({
        blocks: 2000,
        prefix_caching: true,
        shared_prefix: { tokens: 256, share: 1, groups: 2 },
      }),
      true,
    );
    h.host.setSpeed(10);
    h.run(500);
    const f = h.last();
    expect(count(f.cells, 0, f.cells.length, CELL_SHARED)).toBeGreaterThan(0);
  });

  it('switches the scheduler live and refuses an unknown one', () => {
    const h = harness();
    h.host.reset(overloaded(), true);
    h.run(200);
    expect(h.last().scheduler).toBe('continuous');
    expect(h.host.setScheduler('static')).toEqual({ ok: true });
    h.run(200);
    expect(h.last().scheduler).toBe('static');
    expect(h.host.setScheduler('nope')).toMatchObject({ ok: false });
    h.run(50);
    expect(h.last().scheduler).toBe('static');
  });

  it('refuses a bad config by field and keeps the run it has', () => {
    const h = harness();
    const first = h.host.reset(overloaded(), true);
    h.run(200);
    const bad = h.host.reset(overloaded({ max_num_seqs: -3 }), true);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toContain('llm.max_num_seqs');
    h.run(100);
    expect(first.ok && h.last().runId).toBe(first.ok && first.runId);
    expect(h.last().time).toBeGreaterThan(0);
  });

  it('gives the same frames for the same config, seed and controls', () => {
    const play = () => {
      const h = harness();
      h.host.reset(overloaded(), true);
      h.host.setSpeed(10);
      h.run(300);
      h.host.setRate(60);
      h.host.setScheduler('chunked_prefill');
      h.run(300);
      h.host.pause();
      h.run(50);
      const f = h.last();
      return { time: f.time, ledger: f.ledger, ttft: f.ttft, pre: f.preemptions, cells: f.cells };
    };
    expect(play()).toEqual(play());
  });

  it('hands over every step once, with its prefill and decode parts', () => {
    const h = harness();
    h.host.reset(overloaded(), true);
    h.host.setSpeed(5);
    h.run(2000);
    let steps = 0;
    let prefill = 0;
    let decode = 0;
    let preempted = 0;
    let lastEnd = 0;
    for (const f of h.frames) {
      const s = f.stepLog;
      expect(s.skipped).toBe(0);
      steps += s.count;
      for (let i = 0; i < s.count; i++) {
        expect(s.end[i]).toBeGreaterThan(s.start[i]!);
        expect(s.end[i]).toBeLessThanOrEqual(f.time);
        prefill += s.prefill[i]!;
        decode += s.decode[i]!;
        preempted += s.preempted[i]!;
        lastEnd = Math.max(lastEnd, s.end[i]!);
      }
    }
    const last = h.last();
    expect(steps).toBe(last.steps);
    expect(prefill).toBeGreaterThan(0);
    expect(decode).toBeGreaterThan(0);
    // A step still in flight may have preempted already (counted when it formed).
    expect(preempted).toBeGreaterThan(0);
    expect(preempted).toBeLessThanOrEqual(last.preemptions);
    expect(lastEnd).toBeGreaterThan(0);
  });

  it('leaves cells free when nothing runs', () => {
    const h = harness();
    h.host.reset(overloaded(), false);
    h.run(50);
    const f = h.last();
    expect(count(f.cells, 0, f.cells.length, CELL_FREE)).toBe(f.cells.length);
  });
});

describe('LLM exports', () => {
  it('replays the run, controls included, to the same requests: one CSV row per ended request', async () => {
    const h = harness();
    h.host.reset(overloaded(), true);
    h.host.setSpeed(10);
    h.run(500);
    h.host.setRate(50);
    h.host.setScheduler('shortest_prompt_first');
    h.run(500);
    h.host.pause();
    h.run(20);
    const f = h.last();
    const chunks: Uint8Array[] = [];
    vi.useRealTimers();
    const result = await h.host.exportCsv('requests', (c) => chunks.push(c.slice()));
    expect(result.until).toBe(f.time);
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const lines = text.trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['id', 'class', 'lane', 'arrival_ms']);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(result.rows);
    const outcome = header.indexOf('outcome');
    const completed = rows.filter((r) => r[outcome] === 'completed').length;
    const rejected = rows.filter((r) => r[outcome] === 'rejected').length;
    // The replay ends where the live run is: the same requests ended, the same way.
    expect(completed).toBe(f.ledger.completed);
    expect(rejected).toBe(f.ledger.rejected);
    const pre = header.indexOf('preemptions');
    expect(rows.some((r) => Number(r[pre]) > 0)).toBe(true);
  });

  it('writes one steps.csv row per step', async () => {
    const h = harness();
    h.host.reset(overloaded(), true);
    h.run(300);
    h.host.pause();
    h.run(20);
    const f = h.last();
    vi.useRealTimers();
    let text = '';
    const result = await h.host.exportCsv('steps', (c) => (text += new TextDecoder().decode(c)));
    expect(text.trim().split('\n').length - 1).toBe(result.rows);
    expect(result.rows).toBe(f.steps);
  });
});
