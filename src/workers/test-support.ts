// Test support for the engine host: an EngineHost on a fake frame port, its wall clock under the
// test's control, collecting every frame and export chunk it posts. The host's tests, its limit
// tests, compare mode's tests and the worker fuzz tests all drive it through this one harness.
// Tests only (the dependency rules let test support reach across boundaries; nothing ships it).

import { vi } from 'vitest';
import { EngineHost, TICK_MS, type FramePort } from './engine-host.ts';
import type { ConfigInput } from '../engine/config.ts';
import type { ExportChunk, FrameMessage } from './protocol.ts';
import { wallMs } from '../engine/units.ts';

export interface HostHarness {
  host: EngineHost;
  /** Every frame posted, oldest first. */
  frames: FrameMessage[];
  /** Every export chunk posted, oldest first. */
  chunks: ExportChunk[];
  /** Advance wall-clock time by `ms` (whole ticks), letting the host's tick timer fire each tick. */
  advance(ms: number): void;
}

/**
 * A connected host. Call `vi.useFakeTimers()` first (the host ticks on `setTimeout`). The host's wall
 * clock is the harness's virtual time; with `realWithinTick` it is virtual time plus real time, so
 * the host's per-tick work budget (measured with the clock) holds as it would in a browser.
 */
export function hostHarness(options: { realWithinTick?: boolean } = {}): HostHarness {
  let virtual = 0;
  const frames: FrameMessage[] = [];
  const chunks: ExportChunk[] = [];
  const port: FramePort = {
    postMessage(m: unknown) {
      const msg = m as FrameMessage | ExportChunk;
      if (msg.kind === 'frame') frames.push(msg);
      else chunks.push(msg);
    },
  };
  const host = new EngineHost(
    options.realWithinTick ? () => wallMs(virtual + performance.now()) : () => wallMs(virtual),
  );
  host.connect(port);
  const advance = (ms: number): void => {
    for (let t = 0; t < ms; t += TICK_MS) {
      virtual += TICK_MS;
      vi.advanceTimersByTime(TICK_MS);
    }
  };
  return { host, frames, chunks, advance };
}

/**
 * The host tests' run: two models (the second twice as slow) on one GPU-class and two CPU-class
 * lanes, Poisson at `rate_per_s`, a million jobs, so it never ends within a test.
 */
export function hostConfig(seed: number, rate_per_s: number): ConfigInput {
  return {
    seed,
    jobs: 1_000_000,
    arrivals: { process: 'poisson', rate_per_s },
    mix: { interactive_ratio: 0.4, models: { resnet18: 1, resnet50: 1 } },
    lanes: [
      { kind: 'gpu', count: 1 },
      { kind: 'cpu', count: 2 },
    ],
    service: { dist: 'exponential', mean_ms: 10, model_ms: { resnet50: 20 } },
  };
}
