// The policy editor panel (a lazy chunk with CodeMirror): write a scheduling policy (or an
// autoscaler, which the Autoscaling panel then offers) in JavaScript against the policy API, start
// from a template, run it live in the engine worker, see its problems with their line numbers,
// share it in a link. Loaded only when opened.

import { memo, useEffect, useRef, useState } from 'react';
import { usePolicy, policyStore } from './policy-store.ts';
import {
  closePolicyEditor,
  editPolicy,
  restartWithPolicy,
  runPolicy,
  stopPolicy,
} from './policy-actions.ts';
import { sharePolicy } from './policy-link.ts';
import { createCodeEditor, type CodeEditor, type Mark } from './code-editor.ts';
import { describeProblem, usePolicyStatus } from './policy-status.ts';
import { TEMPLATES } from './templates.ts';
import { DEFAULT_LIMITS } from '../../src/engine/policy-api/runtime.ts';
import { Panel } from '../components/panel.tsx';
import { useApp } from '../state/app-store.ts';
import { play } from '../state/actions.ts';

const PolicyPanel = memo(function PolicyPanel() {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const compileError = usePolicy((s) => s.compileError);
  const running = usePolicy((s) => s.running);
  const share = usePolicy((s) => s.share);
  const fromLink = usePolicy((s) => s.fromLink);
  const autoscaler = usePolicy((s) => s.autoscaler);
  const scaling = usePolicy((s) => s.autoscalerSides.length > 0);
  const status = usePolicyStatus();
  const playing = useApp((s) => s.playing);
  const [busy, setBusy] = useState(false);

  const run = async (): Promise<void> => {
    const text = editor.current?.text ?? '';
    setBusy(true);
    try {
      await runPolicy(text);
    } finally {
      setBusy(false);
    }
  };
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    if (!host.current) return;
    const initial = policyStore.getState().source ?? TEMPLATES[0]!.source;
    if (policyStore.getState().source === undefined) editPolicy(initial);
    const ed = createCodeEditor(host.current, initial, {
      change: editPolicy,
      run: () => void runRef.current(),
    });
    editor.current = ed;
    // A policy from a link may arrive after the editor opened.
    const unsubscribe = policyStore.subscribe((s, prev) => {
      if (s.source !== undefined && s.source !== prev.source && s.source !== ed.text)
        ed.setText(s.source);
    });
    return () => {
      unsubscribe();
      ed.destroy();
      editor.current = null;
    };
  }, []);

  // Problems on their lines: the compile error, else the running policy's.
  const ownStatus = status && running && status.name === running.name ? status : undefined;
  useEffect(() => {
    const marks: Mark[] = compileError
      ? [{ line: compileError.line, column: compileError.column, message: compileError.message }]
      : (ownStatus?.problems ?? [])
          .filter((p) => p.line !== undefined)
          .map((p) => ({ line: p.line!, column: p.column, message: describeProblem(p) }));
    editor.current?.mark(marks);
  }, [compileError, ownStatus]);

  return (
    <Panel title="Your policy" className="gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1 text-xs">
          Start from
          <select
            className="input py-0 text-xs"
            aria-label="Start from a template"
            value=""
            onChange={(e) => {
              const t = TEMPLATES.find((x) => x.id === e.target.value);
              if (t) editor.current?.setText(t.source);
            }}
          >
            <option value="">a template…</option>
            {TEMPLATES.map((t) => (
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
          title="Compile in the engine worker and run it from now on (Ctrl+Enter)"
        >
          Run
        </button>
        {running && (
          <>
            <button
              type="button"
              className="btn px-2 py-0.5 text-xs"
              onClick={() => void restartWithPolicy()}
              title="Start the run again from time zero with this policy"
            >
              Restart run
            </button>
            <button
              type="button"
              className="btn px-2 py-0.5 text-xs"
              onClick={() => void stopPolicy()}
            >
              Stop
            </button>
          </>
        )}
        <button
          type="button"
          className="btn px-2 py-0.5 text-xs"
          onClick={() => void sharePolicy(editor.current?.text ?? '')}
        >
          Share link
        </button>
        <button type="button" className="btn px-2 py-0.5 text-xs" onClick={closePolicyEditor}>
          Close
        </button>
      </div>
      <p className="text-[11px] leading-tight text-slate-500">
        A JavaScript module whose <code>decide(ctx)</code> returns <code>{'{ job, lane }'}</code>, a
        list of them, <code>{'{ jobs: [...], lane }'}</code> for a batch, or <code>null</code> to
        wait. <code>ctx</code> has <code>now</code>, <code>queue</code> (jobs: class, model,
        arrival, deadline, predicted, batchable), <code>lanes</code> (kind, speed, free, health,
        available, memFree), <code>predict(job, lane, batch)</code>,{' '}
        <code>fits(job, lane, batch)</code> and <code>wakeAt(t)</code>. It runs in the engine worker
        with a {DEFAULT_LIMITS.decisionMs} ms limit per decision; a decision that fails falls back
        to FIFO. An <strong>autoscaler</strong> instead exports <code>scale(ctx)</code> returning
        the replicas it wants (<code>ctx</code>: replicas, ready, starting, utilisation, queued,
        arrival_rate, cold_start_ms…; see the autoscaler templates): Run checks it, then pick{' '}
        <em>Your autoscaler</em> in the Autoscaling panel; a decision that fails keeps the pool as
        it is.
      </p>
      {fromLink && (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900"
        >
          This policy came with the link. Read it, then press Run: it runs only when you do, and
          only in the engine worker.
        </p>
      )}
      <div
        ref={host}
        data-testid="policy-editor"
        className="overflow-hidden rounded border border-slate-200"
      />
      {compileError && (
        <p
          role="alert"
          data-testid="policy-compile-error"
          className="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-900"
        >
          Line {compileError.line}, column {compileError.column}: {compileError.message}. The run
          was left unchanged{running ? ` (${running.name} still runs)` : ''}.
        </p>
      )}
      {autoscaler && !compileError && (
        <p
          role="status"
          data-testid="policy-autoscaler-ready"
          className="rounded border border-sky-300 bg-sky-50 px-2 py-1 text-xs text-sky-950"
        >
          Your autoscaler <strong>{autoscaler.name}</strong> compiled.{' '}
          {scaling
            ? 'It sizes the pool of the side(s) picked for it; the run started again with this code.'
            : 'Pick “Your autoscaler” in the Autoscaling panel to run with it.'}
        </p>
      )}
      {share && (
        <p role="status" className={`text-xs ${share.ok ? 'text-slate-600' : 'text-red-800'}`}>
          {share.text}
        </p>
      )}
      {running && !playing && (
        <p
          role="status"
          data-testid="policy-paused"
          className="flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-2 py-1 text-xs text-sky-950"
        >
          {running.name} is in place, but the clock is paused: it decides nothing until the run
          plays.
          <button
            type="button"
            className="btn-primary px-2 py-0.5 text-xs"
            onClick={() => void play()}
          >
            Play the run
          </button>
        </p>
      )}
      {ownStatus && (
        <div data-testid="policy-status" className="text-xs text-slate-700">
          <p>
            Running <strong>{ownStatus.name}</strong>: {ownStatus.decisions.toLocaleString('en')}{' '}
            decisions, {ownStatus.started.toLocaleString('en')} jobs started by it
            {ownStatus.fallbacks > 0
              ? `, ${ownStatus.fallbacks.toLocaleString('en')} decisions fell back to FIFO`
              : ''}
            .
          </p>
          {ownStatus.disabled && (
            <p role="alert" className="font-semibold text-red-800">
              {ownStatus.disabled}.
            </p>
          )}
          {ownStatus.problems.length > 0 && (
            <ul data-testid="policy-problems" className="mt-1 list-disc pl-5 text-red-900">
              {ownStatus.problems.map((p) => (
                <li key={`${p.kind}${p.line}${p.message}`} className="break-words">
                  {describeProblem(p)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
});

export default PolicyPanel;
