// window.__schedlabLlm: the LLM mode's read-only probe for browser tests (as test-hooks.ts's
// window.__schedlab is for the request mode). Nothing in the app reads it.

import { llmFrames, llmStore } from './llm-store.ts';
import { headline, type Headline } from './llm-numbers.tsx';
import { CELL_PREEMPTED } from '../../src/workers/llm-protocol.ts';

export interface LlmProbe {
  frames(): number;
  mode(): string;
  snapshot():
    | (Headline & {
        runId: number;
        playing: boolean;
        flashing: number;
        lanes: number;
        cells: number;
        steps: number;
      })
    | null;
}

declare global {
  interface Window {
    __schedlabLlm?: LlmProbe;
  }
}

export function installLlmProbe(): void {
  window.__schedlabLlm = {
    frames: () => llmFrames.count,
    mode: () => llmStore.getState().mode,
    snapshot() {
      const f = llmFrames.latest;
      if (!f) return null;
      let flashing = 0;
      for (const c of f.cells) if (c === CELL_PREEMPTED) flashing++;
      return {
        ...headline(f),
        runId: f.runId,
        playing: f.playing,
        flashing,
        lanes: f.lanes.length,
        cells: f.cells.length,
        steps: f.steps,
      };
    },
  };
}
