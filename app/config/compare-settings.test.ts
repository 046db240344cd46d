// Compare mode's settings: what differs is exactly the overrides, edits land on the side asked for,
// and a link carries the comparison and names every bad parameter.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { decodeSettings, encodeSettings } from './url-state.ts';
import {
  COMPARE_OFF,
  decodeCompare,
  differences,
  editSettings,
  encodeCompare,
  isCompareKey,
  sideSettings,
  type CompareSettings,
} from './compare-settings.ts';
import { readLink } from './link.ts';

const a: Settings = { ...DEFAULT_SETTINGS, scheduler: 'fifo', rate: 250 };
const on = (b: CompareSettings['b'] = {}): CompareSettings => ({ enabled: true, b });

describe('editing sides', () => {
  it('both sides: A takes the value and B stops differing in it', () => {
    const c = on({ scheduler: 'edf', gpuLanes: 2 });
    const r = editSettings(a, c, { gpuLanes: 3 }, 'both');
    expect(r.settings.gpuLanes).toBe(3);
    expect(r.compare.b).toEqual({ scheduler: 'edf' });
  });

  it('A only: B keeps the old value, so the setting now differs', () => {
    const r = editSettings(a, on(), { cpuLanes: 4 }, 'a');
    expect(r.settings.cpuLanes).toBe(4);
    expect(r.compare.b).toEqual({ cpuLanes: DEFAULT_SETTINGS.cpuLanes });
    expect(sideSettings(r.settings, r.compare, 'b').cpuLanes).toBe(DEFAULT_SETTINGS.cpuLanes);
  });

  it('B only: an override equal to A is dropped, the speed stays shared', () => {
    let r = editSettings(a, on({ scheduler: 'edf' }), { scheduler: 'fifo', speed: 5 }, 'b');
    expect(r.compare.b).toEqual({});
    expect(r.settings.speed).toBe(5);
    r = editSettings(a, on(), { batching: { enabled: true, windowMs: 5, maxBatch: 8 } }, 'b');
    expect(differences(r.settings, r.compare)).toEqual([
      { key: 'batching', label: 'batching', a: 'off', b: 'on, 5 ms, max 8' },
    ]);
  });

  it('outside compare mode every edit is A', () => {
    const r = editSettings(a, COMPARE_OFF, { rate: 900 }, 'b');
    expect(r.settings.rate).toBe(900);
    expect(r.compare).toEqual(COMPARE_OFF);
    expect(sideSettings(a, { enabled: false, b: { rate: 1 } }, 'b')).toBe(a);
  });
});

describe('compare links', () => {
  it('round-trip: cmp=1 and each of B differences as b.<param>', () => {
    const c = on({
      scheduler: 'priority_slo',
      gpuLanes: 2,
      mix: { resnet18: 2, resnet50: 1, vit_s16: 0, ppocr_cls: 0, silero_vad: 0 },
    });
    const params = encodeCompare(a, c);
    expect(params.toString()).toBe('cmp=1&b.mix=2%2C1%2C0&b.sched=priority_slo&b.gpu=2');
    const all = new URLSearchParams([...encodeSettings(a), ...params]);
    const decodedA = decodeSettings(all, isCompareKey);
    expect(decodedA).toEqual({ ok: true, settings: a });
    expect(decodeCompare(all, a)).toEqual({ ok: true, compare: c });
  });

  it('cmp=1 alone compares identical sides; no cmp is compare mode off', () => {
    expect(decodeCompare(new URLSearchParams('cmp=1'), a)).toEqual({
      ok: true,
      compare: on(),
    });
    expect(decodeCompare(new URLSearchParams('rate=3'), a)).toEqual({
      ok: true,
      compare: COMPARE_OFF,
    });
  });

  it('names every bad parameter of side B', () => {
    const r = decodeCompare(new URLSearchParams('cmp=1&b.sched=nope&b.gpu=99&b.zap=1'), a);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/b\.sched=nope: not a scheduler/);
    expect(text).toMatch(/b\.gpu=99: must be between 0 and 32/);
    expect(text).toMatch(/"b\.zap" is not a setting/);
    const off = decodeCompare(new URLSearchParams('b.sched=edf'), a);
    expect(off.ok ? [] : off.problems).toEqual(["b.sched: side B's settings need cmp=1"]);
    const speed = decodeCompare(new URLSearchParams('cmp=1&b.speed=2'), a);
    expect(speed.ok ? [] : speed.problems).toEqual(['b.speed: the speed is shared by both sides']);
  });

  it('reads cmp and b.* as strictly as A: repeats, hex, policies and long values are refused', () => {
    const problems = (query: string): string[] => {
      const r = decodeCompare(new URLSearchParams(query), a);
      return r.ok ? [] : r.problems;
    };
    expect(problems('cmp=1&cmp=1')).toEqual([
      '"cmp" is given 2 times (cmp=1, cmp=1): give each setting once',
    ]);
    expect(problems('cmp=1&b.sched=edf&b.sched=fifo')).toEqual([
      '"b.sched" is given 2 times (b.sched=edf, b.sched=fifo): give each setting once',
    ]);
    expect(problems('cmp=1&b.rate=0x10')).toEqual(['b.rate=0x10: not a number']);
    expect(problems('cmp=1&b.policy=x')).toEqual(['"b.policy" is not a setting of side B']);
    expect(problems('cmp=1&b.=1')).toEqual(['"b." is not a setting of side B']);
    const long = problems(`cmp=${'1'.repeat(10_000)}&b.${'k'.repeat(10_000)}=1`);
    expect(long).toHaveLength(2);
    for (const p of long) expect(p.length).toBeLessThan(200);
    expect(problems('cmp=1&b.gpu=0&b.cpu=0')).toEqual([
      'b.gpu=0 and cpu=0: a run needs at least one lane',
    ]);
    // Many B parameters without cmp=1: one short message.
    const many = problems(Array.from({ length: 500 }, (_, i) => `b.k${i}=1`).join('&'));
    expect(many).toEqual(["b.k0, b.k1, b.k2, …: side B's settings need cmp=1"]);
  });

  it("the page's reader names the problems of both sides in one list", () => {
    const r = readLink(new URLSearchParams('rate=nope&cmp=1&b.sched=nope'));
    expect(r.ok ? [] : r.problems).toEqual([
      'rate=nope: not a number',
      'b.sched=nope: not a scheduler',
    ]);
    const ok = readLink(new URLSearchParams('rate=250&sched=fifo&cmp=1&b.sched=edf'));
    expect(ok).toEqual({ ok: true, settings: a, compare: on({ scheduler: 'edf' }) });
  });

  it('A alone does not accept compare parameters unless told they belong elsewhere', () => {
    expect(decodeSettings(new URLSearchParams('cmp=1')).ok).toBe(false);
    expect(decodeSettings(new URLSearchParams('cmp=1&b.gpu=2'), isCompareKey).ok).toBe(true);
  });
});
