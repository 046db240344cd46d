// Helpers for the LLM host's tests: a host on a fake frame port and a fake wall clock, whose
// `run(ms)` plays that much wall time through vitest's fake timers (call vi.useFakeTimers first).

import { vi } from 'vitest';
import { wallMs } from '../../engine/units.ts';
import type { LlmFrame } from '../llm-protocol.ts';
import type { ConfigInput } from '../../engine/config.ts';
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

/** Two GPU replicas of 300 KV blocks at 30 requests/s of long prompts and answers: more than the
 * cache holds, so requests wait and get preempted. `over` changes LLM fields. */
export function overloadedLlm(
  seed: number,
  jobs: number,
  over: Partial<NonNullable<ConfigInput['llm']>> = {},
): ConfigInput {
  return {
    seed,
    jobs,
    arrivals: { process: 'poisson', rate_per_s: 30 },
    mix: { interactive_ratio: 0.7 },
    lanes: [{ kind: 'gpu', count: 2 }],
    llm: {
      prompt: { dist: 'lognormal', mean: 400, cv: 0.8, max: 2000 },
      output: { dist: 'lognormal', mean: 300, cv: 1, max: 1500 },
      blocks: 300,
      max_num_seqs: 64,
      ...over,
    },
  };
}
