// Fuzzing the page's path in Node: the engine worker's API object (EngineHost, as in
// engine-host.test.ts) fed hostile configs, and imported trace files going the way the page takes
// them (importFile, then the config the page builds). Every case: the problems, each a clear
// message, or a run whose every frame balances and whose trace CSV export (a deterministic replay)
// parses back with the live run's ledger. Links: readLink (the page's reader, compare mode's `cmp` and `b.*` included) never throws, and a link it
// accepts builds a config the engine accepts.

import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkConfig, type ConfigInput } from '../src/engine/config.ts';
import { SCHEDULER_NAMES } from '../src/engine/schedulers/registry.ts';
import { NOT_A_POLICY } from '../src/engine/test-support.ts';
import { TICK_MS } from '../src/workers/engine-host.ts';
import { hostHarness } from '../src/workers/test-support.ts';
import type { FrameMessage } from '../src/workers/protocol.ts';
import { importFile } from '../app/config/import.ts';
import { DEFAULT_SETTINGS, buildConfig } from '../app/config/settings.ts';
import { readLink } from '../app/config/link.ts';
import { sideSettings } from '../app/config/compare-settings.ts';
import { config, queryString, traceText } from './arbitraries.ts';
import {
  CASE_MS,
  HEAP_BYTES,
  budget,
  expectBalanced,
  expectClearMessage,
  expectTraceCsv,
  tally,
  tallyReport,
} from './check.ts';

afterAll(() => console.log(tallyReport()));

/** Frames a fuzzed run plays before it is paused and exported. */
const TICKS = 8;

/**
 * Start `input` on a fresh host, play it for a few ticks at `speed`, pause, export. The host's wall
 * clock is virtual time between ticks plus real time within one, so its per-tick budget holds.
 */
function runHost(
  property: string,
  input: unknown,
  speed: number,
  mustRun = false,
  compareB?: unknown,
): void {
  // Only the host's tick timer is faked: performance.now stays real for its per-tick budget.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const { host, frames, chunks, advance } = hostHarness({ realWithinTick: true });
  const started = performance.now();
  try {
    const r = host.reset(input as ConfigInput, {
      mode: 'simulated',
      speed,
      playing: true,
      ...(compareB !== undefined ? { compare: { b: compareB as ConfigInput } } : {}),
    });
    if (!r.ok) {
      expect(mustRun, r.problems.join('\n')).toBe(false);
      tally(property, 'refused');
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) expectClearMessage(p);
      return;
    }
    advance(TICKS * TICK_MS);
    host.pause();
    advance(TICK_MS);
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      expectBalanced(f.ledger);
      if (compareB !== undefined) expectBalanced(f.compare!.b.ledger);
    }
    const last = frames[frames.length - 1]!;
    const b = last.compare?.b;
    const stopped = last.stopped ?? b?.stopped;
    tally(property, stopped !== undefined ? 'stopped at a limit' : 'ran');
    if (last.stopped !== undefined) expectClearMessage(last.stopped);
    if (b?.stopped !== undefined) expectClearMessage(b.stopped);
    const result = host.exportRun(1, 'trace-csv');
    expect(result.ledger).toEqual(last.ledger);
    const ended = (l: FrameMessage['ledger']): number => l.completed + l.rejected + l.dropped;
    // Compare mode: both sides' rows, after a leading `side` column.
    expectTraceCsv(
      chunks.map((c) => c.text).join(''),
      ended(result.ledger) + (b ? ended(b.ledger) : 0),
      b ? ['side'] : [],
    );
    chunks.length = 0;
    host.exportRun(2, 'chrome-trace');
    expect(() => JSON.parse(chunks.map((c) => c.text).join(''))).not.toThrow();
    expectBalanced(host.summary().ledger);
    expect(performance.now() - started).toBeLessThan(CASE_MS);
    expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_BYTES);
  } finally {
    host.dispose();
    vi.useRealTimers();
  }
}

const speed = fc.constantFrom(1, 10, 100, 1000);

describe('the engine worker, fuzzed', () => {
  it('configs: the problems, or a run whose frames balance and whose export replays it', () => {
    fc.assert(
      fc.property(config('data', traceText), speed, (c, s) => runHost('worker configs', c, s)),
      budget(60, 2000),
    );
  });

  it('compare mode: the problems, or two sides whose frames balance and whose export holds both', () => {
    fc.assert(
      fc.property(
        config('data', traceText),
        speed,
        fc.constantFrom(...SCHEDULER_NAMES, NOT_A_POLICY),
        (c, s, scheduler) => {
          // B is A's config with another scheduler (as compare mode starts), hostile parts and all.
          const b =
            typeof c === 'object' && c !== null && !Array.isArray(c)
              ? { ...(c as Record<string, unknown>), scheduler: { name: scheduler } }
              : c;
          runHost('worker compare mode', c, s, false, b);
        },
      ),
      budget(40, 500),
    );
  });

  it('imported trace files: refused with a message, or replayed without a refusal', () => {
    fc.assert(
      fc.property(
        traceText,
        fc.constantFrom('load.txt', 'load.csv', 'load'),
        speed,
        (text, name, s) => {
          const r = importFile(name, text);
          if (!r.ok) {
            tally('worker trace imports', 'refused at import');
            for (const p of r.problems) expectClearMessage(p);
            return;
          }
          expect(r.kind).toBe('trace');
          if (r.kind !== 'trace') return;
          expect(r.jobs).toBeGreaterThan(0);
          // What importUserFile does with it.
          const config = { ...buildConfig(DEFAULT_SETTINGS), arrivals: r.arrivals };
          runHost('worker trace imports', config, s, true);
        },
      ),
      budget(30, 2000),
    );
  });
});

describe('links, fuzzed', () => {
  it('never throw; a refused link names each problem briefly, an accepted one runs', () => {
    fc.assert(
      // Half the links turn compare mode on first, so side B's parameters are read, not refused.
      fc.property(queryString, fc.boolean(), (query, cmp) => {
        const r = readLink(new URLSearchParams(cmp ? `cmp=1&${query}` : query));
        if (!r.ok) {
          tally('links', 'refused');
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expectClearMessage(p);
            expect(p.length).toBeLessThanOrEqual(300);
          }
          return;
        }
        tally('links', r.compare.enabled ? 'accepted, compare mode' : 'accepted');
        expect(checkConfig(buildConfig(r.settings)).ok).toBe(true);
        if (r.compare.enabled) {
          expect(checkConfig(buildConfig(sideSettings(r.settings, r.compare, 'b'))).ok).toBe(true);
        }
      }),
      budget(300, 20_000),
    );
  });
});
