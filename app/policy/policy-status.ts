// The running policy's status, from the frames, for React at a bounded rate: frames come up to 60
// times a second, the panel re-renders at most every UPDATE_MS and only when something changed.

import { useEffect, useRef, useState } from 'react';
import type { FrameMessage, PolicyProblem, PolicyStatus } from '../../src/workers/protocol.ts';
import { frameStore } from '../state/frame-store.ts';

const UPDATE_MS = 250;

/** The status of the side a user policy runs on: A's, or B's in compare mode. */
function policyOf(frame: FrameMessage | null): PolicyStatus | undefined {
  return frame?.compare ? frame.compare.b.policy : frame?.policy;
}

function key(s: PolicyStatus | undefined): string {
  if (!s) return '';
  return `${s.name}|${s.decisions}|${s.fallbacks}|${s.started}|${s.disabled ?? ''}|${s.problems.map((p) => `${p.kind}${p.line}${p.count}${p.message}`).join(';')}`;
}

export function usePolicyStatus(): PolicyStatus | undefined {
  const [status, setStatus] = useState(() => policyOf(frameStore.getState().frame));
  const shown = useRef(key(status));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      const next = policyOf(frameStore.getState().frame);
      const k = key(next);
      if (k !== shown.current) {
        shown.current = k;
        setStatus(next);
      }
    };
    const unsubscribe = frameStore.subscribe(() => {
      timer ??= setTimeout(flush, UPDATE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return status;
}

/** "Line 6: TypeError: … (37 times)", and what happened to the decision. */
/** The words a problem is told in: what the policy gives, and what answered instead. */
export interface ProblemWords {
  answer: string;
  fallback: string;
}

export const REQUEST_PROBLEM_WORDS: ProblemWords = {
  answer: 'decision',
  fallback: 'the decision fell back to FIFO',
};

export const LLM_PROBLEM_WORDS: ProblemWords = {
  answer: 'answer',
  fallback: 'continuous batching answered instead',
};

export function describeProblem(p: PolicyProblem, words = REQUEST_PROBLEM_WORDS): string {
  const where = p.line !== undefined ? `Line ${p.line}: ` : '';
  const what =
    p.kind === 'invalid'
      ? `invalid ${words.answer}: ${p.message}`
      : p.kind === 'timeout'
        ? `time limit: ${p.message}`
        : p.message;
  const times = p.count > 1 ? ` (${p.count.toLocaleString('en')} times)` : '';
  return `${where}${what}${times}; ${words.fallback}`;
}
