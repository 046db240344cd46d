// What the LLM host adds for the page's charts and exports beyond the block map: the per-request
// events of the request view (every preemption the engine counts is one event, every token one
// decode or prefill event of a real request), the ITL CDFs, and the Chrome trace and summary
// exports by replay, which describe the very run the frames showed (same steps, same ledger).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../engine/config.ts';
import { REQ_DECODE, REQ_PREEMPTED, REQ_PREFILL, type LlmFrame } from '../llm-protocol.ts';
import type { LlmHost } from './llm-host.ts';
import { hostHarness, overloadedLlm } from './test-support.ts';

const config: ConfigInput = overloadedLlm(5, 4000);

async function exported(host: LlmHost, kind: 'chrome' | 'summary'): Promise<string> {
  const parts: Uint8Array[] = [];
  await host.exportCsv(kind, (c) => {
    parts.push(new Uint8Array(c));
  });
  return Buffer.concat(parts).toString('utf8');
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the LLM host for charts and exports', () => {
  it('logs one event per preemption and per batch row, of requests that arrived', () => {
    const h = hostHarness();
    h.host.reset(config, true);
    h.host.setSpeed(20);
    h.run(2000);
    let preempted = 0;
    let rows = 0;
    let prefill = 0;
    let skipped = 0;
    let bad = 0;
    for (const f of h.frames) {
      const e = f.requestLog;
      skipped += e.skipped;
      for (let i = 0; i < e.count; i++) {
        if (e.kind[i] === REQ_PREEMPTED) preempted++;
        else rows++;
        if (e.kind[i] === REQ_PREFILL) prefill++;
        // (Counted, not asserted one by one: there are tens of thousands.)
        if (
          ![REQ_PREFILL, REQ_DECODE, REQ_PREEMPTED].includes(e.kind[i]!) ||
          !(e.id[i]! < f.ledger.arrived) ||
          !(e.arrival[i]! <= e.start[i]!) ||
          !(e.end[i]! >= e.start[i]!)
        )
          bad++;
      }
    }
    const f = h.last();
    expect(skipped).toBe(0);
    expect(bad).toBe(0);
    expect(f.preemptions).toBeGreaterThan(0);
    expect(preempted).toBe(f.preemptions);
    expect(prefill).toBeGreaterThan(0);
    // Each step's rows: its mean batch times its steps.
    expect(rows).toBeCloseTo(f.meanBatch * f.steps, 6);
  });

  it('samples ITL CDFs beside TTFT and TPOT', () => {
    const h = hostHarness();
    h.host.reset(config, true);
    h.host.setSpeed(20);
    h.run(1000);
    const cdfs = h.frames.filter((f) => f.cdfs).at(-1)!.cdfs!;
    const itl = cdfs.itl[0];
    expect(itl.length).toBe(cdfs.ttft[0].length);
    for (let i = 1; i < itl.length; i++) expect(itl[i]).toBeGreaterThanOrEqual(itl[i - 1]!);
    // A gap between two tokens is at least one step long.
    expect(itl[0]).toBeGreaterThan(0);
  });

  it('exports the steps as a Chrome trace and the summary of the very run it shows', async () => {
    const h = hostHarness();
    h.host.reset(config, true);
    h.host.setSpeed(20);
    h.run(500);
    h.host.setRate(60);
    h.host.setScheduler('static');
    h.run(500);
    h.host.pause();
    h.run(50);
    const f = h.last();
    const trace = JSON.parse(await exported(h.host, 'chrome')) as {
      traceEvents: { ph: string; tid: number; name: string; ts: number; dur: number }[];
    };
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.length).toBe(f.steps);
    expect(new Set(slices.map((e) => e.tid))).toEqual(new Set([1, 2]));
    const names = trace.traceEvents.filter((e) => e.name === 'thread_name');
    expect(names.length).toBe(2);
    const text = await exported(h.host, 'summary');
    expect(text.endsWith('}\n')).toBe(true);
    const summary = JSON.parse(text) as {
      ledger: LlmFrame['ledger'];
      preemptions: number;
      scheduler: string;
      itl_ms: { count: number };
    };
    expect(summary.ledger).toEqual(f.ledger);
    expect(summary.preemptions).toBe(f.preemptions);
    expect(summary.itl_ms.count).toBeGreaterThan(0);
  });
});
