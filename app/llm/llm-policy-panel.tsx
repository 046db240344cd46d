// The LLM mode's policy editor (a lazy chunk; CodeMirror is loaded only when it opens): write an
// LLM step scheduler in JavaScript (`llm: { rank, chunk, continuous }`), start from a template,
// run it on the live LLM run in the engine worker (the request mode's compiler, guards and time
// limit), see a compile error or the running policy's problems on their lines. Nothing runs until
// Run is pressed; there is no link that loads an LLM policy. The editor's frame is the request
// mode's (app/policy/editor-frame.tsx).

import { memo, useEffect, useState } from 'react';
import { EditorFrame, useEditorStatus, type EditorProblem } from '../policy/editor-frame.tsx';
import { describeProblem, LLM_PROBLEM_WORDS } from '../policy/policy-status.ts';
import { DEFAULT_LIMITS } from '../../src/engine/policy-api/runtime.ts';
import type { PolicyProblem, PolicyStatus } from '../../src/engine/policy-api/status.ts';
import { Term } from './glossary.tsx';
import { llmSetPolicy, llmSetScheduler } from './llm-actions.ts';
import { llmFrames, llmStore } from './llm-store.ts';
import { LLM_TEMPLATES } from './llm-templates.ts';

/** The text being edited, kept while the panel is closed and opened again. */
let draft: string = LLM_TEMPLATES[0]!.source;

const describe = (p: PolicyProblem): string => describeProblem(p, LLM_PROBLEM_WORDS);

const summary = (s: PolicyStatus): string =>
  `${s.decisions.toLocaleString('en')} answers` +
  (s.fallbacks > 0 ? `, ${s.fallbacks.toLocaleString('en')} fell back to continuous batching` : '');

/** The running policy's status from the frames, at most twice a second (not per frame). */
function usePolicyFromFrames(): PolicyStatus | undefined {
  const [status, setStatus] = useState<PolicyStatus | undefined>(undefined);
  useEffect(() => {
    let last = '';
    const id = setInterval(() => {
      const s = llmFrames.latest?.policy;
      const key = JSON.stringify(s ?? null);
      if (key !== last) {
        last = key;
        setStatus(s);
      }
    }, 500);
    return () => clearInterval(id);
  }, []);
  return status;
}

const LlmPolicyPanel = memo(function LlmPolicyPanel(props: { onClose: () => void }) {
  const [error, setError] = useState<EditorProblem>();
  const status = usePolicyFromFrames();
  const shown = useEditorStatus(status, summary);

  return (
    <EditorFrame
      title="Your LLM step scheduler"
      kind="llm-policy"
      templates={LLM_TEMPLATES}
      templateLabel="Start from an LLM template"
      text={draft}
      onEdit={(t) => (draft = t)}
      onRun={async (text) => {
        const r = await llmSetPolicy(text);
        setError(r.ok ? undefined : r.error);
      }}
      runTitle="Compile in the engine worker and run it on the live LLM run from now on (Ctrl+Enter)"
      onStop={
        status ? () => void llmSetScheduler(llmStore.getState().settings.scheduler) : undefined
      }
      onClose={props.onClose}
      intro={
        <p className="text-[11px] leading-tight text-slate-500">
          A JavaScript module exporting <code>{'{ llm: { rank, chunk, continuous } }'}</code>{' '}
          <Term k="userPolicy" name="your LLM policy" />: <code>rank(request)</code> orders
          admission (lower first) and preemption (highest first);{' '}
          <code>chunk(request, remaining, budget)</code> gives the prompt tokens to compute this
          step; <code>continuous: false</code> admits nothing while a batch runs.{' '}
          <code>request</code> has id, class, arrival, prompt, estimate (of the output), generated,
          prefixGroup and preemptions. It runs in the engine worker with a{' '}
          {DEFAULT_LIMITS.decisionMs} ms limit per decision; an answer that fails falls back to
          continuous batching’s, and after {DEFAULT_LIMITS.maxTimeouts} time-outs the policy is off.
          A new run (engine settings, preset) starts again with the scheduler chosen above.
        </p>
      }
      problem={error}
      status={shown}
      describe={describe}
    />
  );
});

export default LlmPolicyPanel;
