// The prices a person sets: the arithmetic of a replica-hour (the page's cost per 1,000 requests
// against the engine's own cost summary of the same run), a summary priced again after a change,
// and the prices carried in a link (and refused, named, when bad).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildConfig, DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import { priceOf, repriced } from '../config/prices.ts';
import { decodeSettings, encodeSettings } from '../config/url-state.ts';
import { decodeCompare } from '../config/compare-settings.ts';
import { hostHarness } from '../../src/workers/test-support.ts';
import { ReplicaHistory } from './replica-history.ts';

const autoscaled: Settings = {
  ...DEFAULT_SETTINGS,
  rate: 150,
  gpuLanes: 1,
  cpuLanes: 2,
  autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true, policy: 'hpa', min: 1, max: 6 },
  prices: { cpu: 0.25, gpu: 2.5 },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('prices', () => {
  it('price replica-seconds by lane kind, per 1,000 completed requests', () => {
    // 7,200 CPU replica-seconds (2 h at 0.25) and 3,600 GPU (1 h at 2.5): 3 USD; 1,500 requests.
    expect(priceOf({ cpu: 7200, gpu: 3600 }, 1500, { cpu: 0.25, gpu: 2.5 })).toEqual({
      total: 3,
      per1000: 2,
    });
    expect(priceOf({ cpu: 10, gpu: 0 }, 0, { cpu: 1, gpu: 1 }).per1000).toBeNull();
    // Free lanes cost nothing.
    expect(priceOf({ cpu: 5000, gpu: 5000 }, 10, { cpu: 0, gpu: 0 }).total).toBe(0);
  });

  it("the panel's cost per 1,000 requests is the engine's for the same run, and a new price reprices it", () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const reset = host.reset(buildConfig(autoscaled), {
      mode: 'simulated',
      speed: 40,
      playing: true,
    });
    expect(reset.ok).toBe(true);
    advance(1500);
    host.pause();
    advance(32);
    const h = new ReplicaHistory();
    for (const f of frames) h.record(f);
    const last = h.latest!;
    expect(last.t * 1000).toBe(frames[frames.length - 1]!.time);
    const summary = host.summary();
    host.dispose();
    expect(summary.cost.price_per_hour).toEqual({ cpu: 0.25, gpu: 2.5 });
    expect(last.completed).toBe(summary.ledger.completed);
    expect(last.cpuS).toBeCloseTo(summary.cost.replica_s.cpu, -1);
    expect(last.gpuS).toBeCloseTo(summary.cost.replica_s.gpu, 0);
    const page = priceOf({ cpu: last.cpuS, gpu: last.gpuS }, last.completed, autoscaled.prices);
    expect(page.per1000! / summary.cost.per_1000_requests! - 1).toBeLessThan(0.03);
    expect(1 - page.per1000! / summary.cost.per_1000_requests!).toBeLessThan(0.03);
    // Ten times the GPU price: the summary's cost moves by exactly the GPU part.
    const dearer = repriced(summary, { cpu: 0.25, gpu: 25 });
    expect(dearer.cost.total - summary.cost.total).toBeCloseTo(
      (summary.cost.replica_s.gpu * 22.5) / 3600,
      9,
    );
    expect(dearer.cost.price_per_hour.gpu).toBe(25);
    expect(dearer.ledger).toEqual(summary.ledger);
  });

  it('travel in a link and come back as they were; defaults stay out of it', () => {
    const link = encodeSettings({ ...DEFAULT_SETTINGS, prices: { cpu: 0.042, gpu: 3.1 } });
    expect(link.get('asprcpu')).toBe('0.042');
    expect(link.get('asprgpu')).toBe('3.1');
    const back = decodeSettings(link);
    expect(back.ok && back.settings.prices).toEqual({ cpu: 0.042, gpu: 3.1 });
    expect(encodeSettings(DEFAULT_SETTINGS).has('asprcpu')).toBe(false);
    // The engine config carries them.
    expect(buildConfig(back.ok ? back.settings : DEFAULT_SETTINGS).cost).toEqual({
      currency: 'USD',
      price_per_hour: { cpu: 0.042, gpu: 3.1 },
    });
  });

  it('refuse a bad price by name, and a price for one side only', () => {
    const bad = decodeSettings(new URLSearchParams('asprcpu=-1&asprgpu=0x10'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      'asprcpu=-1: must be between 0 and 10000',
      'asprgpu=0x10: not a number',
    ]);
    const side = decodeCompare(new URLSearchParams('cmp=1&b.asprgpu=2'), DEFAULT_SETTINGS);
    expect(side.ok).toBe(false);
    expect(!side.ok && side.problems).toEqual(['b.asprgpu: prices are shared by both sides']);
  });
});
