// The LLM mode's policy editor (a lazy chunk; CodeMirror is loaded only when it opens): write an
// LLM step scheduler in JavaScript (`llm: { rank, chunk, continuous }`), start from a template,
// run it on the live LLM run in the engine worker (the request mode's compiler, guards and time
// limit), see a compile error or the running policy's problems on their lines. Nothing runs until
// Run is pressed; there is no link that loads an LLM policy.

import { memo, useEffect, useRef, useState } from 'react';
import type { CodeEditor, Mark } from '../policy/code-editor.ts';
import { DEFAULT_LIMITS } from '../../src/engine/policy-api/runtime.ts';
import type { PolicyProblem, PolicyStatus } from '../../src/engine/policy-api/status.ts';
import { Panel } from '../components/panel.tsx';
import { Term } from './glossary.tsx';
import { llmSetPolicy, llmSetScheduler } from './llm-actions.ts';
import { llmFrames, llmStore } from './llm-store.ts';
import { LLM_TEMPLATES } from './llm-templates.ts';

/** The text being edited, kept while the panel is closed and opened again. */
let draft: string = LLM_TEMPLATES[0]!.source;

function describe(p: PolicyProblem): string {
  const where = p.line !== undefined ? `Line ${p.line}: ` : '';
  const what =
    p.kind === 'invalid'
      ? `invalid answer: ${p.message}`
      : p.kind === 'timeout'
        ? `time limit: ${p.message}`
        : p.message;
  const times = p.count > 1 ? ` (${p.count.toLocaleString('en')} times)` : '';
  return `${where}${what}${times}; continuous batching answered instead`;
}

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
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const [error, setError] = useState<{ message: string; line: number; column: number }>();
  const [busy, setBusy] = useState(false);
  const status = usePolicyFromFrames();

  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await llmSetPolicy(editor.current?.text ?? draft);
      setError(r.ok ? undefined : r.error);
    } finally {
      setBusy(false);
    }
  };
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    let gone = false;
    void import('../policy/code-editor.ts').then(({ createCodeEditor }) => {
      if (gone || !host.current) return;
      editor.current = createCodeEditor(host.current, draft, {
        change: (t) => (draft = t),
        run: () => void runRef.current(),
      });
    });
    return () => {
      gone = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const marks: Mark[] = error
      ? [{ line: error.line, column: error.column, message: error.message }]
      : (status?.problems ?? [])
          .filter((p) => p.line !== undefined)
          .map((p) => ({ line: p.line!, column: p.column, message: describe(p) }));
    editor.current?.mark(marks);
  }, [error, status]);

  return (
    <Panel title="Your LLM step scheduler" className="gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1 text-xs">
          Start from
          <select
            className="input py-0 text-xs"
            aria-label="Start from an LLM template"
            value=""
            onChange={(e) => {
              const t = LLM_TEMPLATES.find((x) => x.id === e.target.value);
              if (t) {
                draft = t.source;
                editor.current?.setText(t.source);
              }
            }}
          >
            <option value="">a template…</option>
            {LLM_TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <span className="flex-1" />
        <button
          type="button"
          className="btn-primary px-3 py-0.5 text-xs"
          disabled={busy}
          onClick={() => void run()}
          title="Compile in the engine worker and run it on the live LLM run from now on (Ctrl+Enter)"
        >
          Run
        </button>
        {status && (
          <button
            type="button"
            className="btn px-2 py-0.5 text-xs"
            onClick={() => void llmSetScheduler(llmStore.getState().settings.scheduler)}
          >
            Stop
          </button>
        )}
        <button type="button" className="btn px-2 py-0.5 text-xs" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="text-[11px] leading-tight text-slate-500">
        A JavaScript module exporting <code>{'{ llm: { rank, chunk, continuous } }'}</code>{' '}
        <Term k="userPolicy" name="your LLM policy" />: <code>rank(request)</code> orders admission
        (lower first) and preemption (highest first); <code>chunk(request, remaining, budget)</code>{' '}
        gives the prompt tokens to compute this step; <code>continuous: false</code> admits nothing
        while a batch runs. <code>request</code> has id, class, arrival, prompt, estimate (of the
        output), generated, prefixGroup and preemptions. It runs in the engine worker with a{' '}
        {DEFAULT_LIMITS.decisionMs} ms limit per decision; an answer that fails falls back to
        continuous batching’s, and after {DEFAULT_LIMITS.maxTimeouts} time-outs the policy is off. A
        new run (engine settings, preset) starts again with the scheduler chosen above.
      </p>
      <div
        ref={host}
        data-testid="llm-policy-editor"
        className="min-h-24 overflow-hidden rounded border border-slate-200"
      />
      {error && (
        <p
          role="alert"
          data-testid="llm-policy-compile-error"
          className="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-900"
        >
          Line {error.line}, column {error.column}: {error.message}. The run was left unchanged.
        </p>
      )}
      {status && (
        <div data-testid="llm-policy-status" className="text-xs text-slate-700">
          <p>
            Running <strong>{status.name}</strong>: {status.decisions.toLocaleString('en')} answers
            {status.fallbacks > 0
              ? `, ${status.fallbacks.toLocaleString('en')} fell back to continuous batching`
              : ''}
            .
          </p>
          {status.disabled && (
            <p role="alert" className="font-semibold text-red-800">
              {status.disabled}.
            </p>
          )}
          {status.problems.length > 0 && (
            <ul data-testid="llm-policy-problems" className="mt-1 list-disc pl-5 text-red-900">
              {status.problems.map((p) => (
                <li key={`${p.kind}${p.line}${p.message}`} className="break-words">
                  {describe(p)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
});

export default LlmPolicyPanel;
