// The LLM page's frame store across runs: a new run's first frame can arrive before the page hears
// that the run started (a paused run sends one at once); it must stay, or the page waits on
// "Starting the LLM run…" with nothing more to come. An earlier run's frames, steps and CDFs go.

import { beforeEach, describe, expect, it } from 'vitest';
import type { LlmCdfs, LlmFrame, LlmStepColumns } from '../../src/workers/llm-protocol.ts';
import { llmFrames } from './llm-store.ts';

function steps(count: number): LlmStepColumns {
  return {
    count,
    skipped: 0,
    lane: new Uint16Array(count),
    start: Float64Array.from({ length: count }, (_, i) => i * 10),
    end: Float64Array.from({ length: count }, (_, i) => i * 10 + 8),
    prefill: new Int32Array(count).fill(16),
    decode: new Int32Array(count).fill(2),
    preempted: new Uint16Array(count),
  };
}

/** Just the fields the store reads; the rest of a frame does not matter to it. */
function frame(runId: number, stepCount: number, cdfs: LlmCdfs | null): LlmFrame {
  return { runId, stepLog: steps(stepCount), cdfs } as unknown as LlmFrame;
}

const someCdfs = {} as LlmCdfs;

describe('the LLM frame store', () => {
  beforeEach(() => llmFrames.clear());

  it('keeps a new run’s first frame that came before the run’s start was heard', () => {
    llmFrames.receive(frame(1, 3, someCdfs));
    llmFrames.receive(frame(2, 1, null));
    llmFrames.dropRunsBefore(2);
    expect(llmFrames.latest?.runId).toBe(2);
    expect(llmFrames.steps.total).toBe(1);
  });

  it('drops an earlier run’s frame, steps and CDFs once the new run has started', () => {
    llmFrames.receive(frame(1, 3, someCdfs));
    llmFrames.dropRunsBefore(2);
    expect(llmFrames.latest).toBeNull();
    expect(llmFrames.cdfs).toBeNull();
    expect(llmFrames.steps.total).toBe(0);
  });

  it('does not carry an earlier run’s CDFs into a new run whose frame has none yet', () => {
    llmFrames.receive(frame(1, 2, someCdfs));
    llmFrames.receive(frame(2, 0, null));
    expect(llmFrames.cdfs).toBeNull();
  });
});
