// Helpers for the LLM host's tests: a host on a fake frame port and a fake wall clock, whose
// `run(ms)` plays that much wall time through vitest's fake timers (call vi.useFakeTimers first).

import { vi } from 'vitest';
import { wallMs } from '../../engine/units.ts';
import type { LlmFrame } from '../llm-protocol.ts';
import { LLM_TICK_MS, LlmHost } from './llm-host.ts';

export function hostHarness() {
  let wall = 0;
  const frames: LlmFrame[] = [];
  const host = new LlmHost({ postMessage: (m) => frames.push(m as LlmFrame) }, () => wallMs(wall));
  return {
    host,
    frames,
    run(ms: number): void {
      for (let t = 0; t < ms; t += LLM_TICK_MS) {
        wall += LLM_TICK_MS;
        vi.advanceTimersByTime(LLM_TICK_MS);
      }
    },
    last(): LlmFrame {
      return frames[frames.length - 1]!;
    },
  };
}
