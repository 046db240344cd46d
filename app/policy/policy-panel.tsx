// The policy editor panel (a lazy chunk with CodeMirror): write a scheduling policy (or an
// autoscaler, which the Autoscaling panel then offers) in JavaScript against the policy API, start
// from a template, run it live in the engine worker, see its
// problems with their line numbers, share it in a link. Loaded only when opened. The editor's
// frame (templates, Run/Stop, the editor, problems, status) is editor-frame.tsx, shared with the
// LLM mode's editor.

import { memo, useEffect } from 'react';
import { usePolicy, policyStore } from './policy-store.ts';
import {
  closePolicyEditor,
  editPolicy,
  restartWithPolicy,
  runPolicy,
  stopPolicy,
} from './policy-actions.ts';
import { sharePolicy } from './policy-link.ts';
import { describeProblem, usePolicyStatus } from './policy-status.ts';
import { TEMPLATES } from './templates.ts';
import { EditorFrame, useEditorStatus } from './editor-frame.tsx';
import { DEFAULT_LIMITS } from '../../src/engine/policy-api/runtime.ts';
import { useApp } from '../state/app-store.ts';
import { play } from '../state/actions.ts';
import type { PolicyStatus } from '../../src/workers/protocol.ts';

const summary = (s: PolicyStatus): string =>
  `${s.decisions.toLocaleString('en')} decisions, ${s.started.toLocaleString('en')} jobs started by it` +
  (s.fallbacks > 0 ? `, ${s.fallbacks.toLocaleString('en')} decisions fell back to FIFO` : '');

/**
 * Run's answer comes under the editor, which on a phone fills the screen: scroll a notice into
 * view when it appears (a stable callback ref runs once per element, not on every render).
 */
function revealOnce(el: HTMLElement | null): void {
  el?.scrollIntoView({ block: 'nearest' });
}

const PolicyPanel = memo(function PolicyPanel() {
  const source = usePolicy((s) => s.source);
  const compileError = usePolicy((s) => s.compileError);
  const running = usePolicy((s) => s.running);
  const share = usePolicy((s) => s.share);
  const fromLink = usePolicy((s) => s.fromLink);
  const autoscaler = usePolicy((s) => s.autoscaler);
  const scaling = usePolicy((s) => s.autoscalerSides.length > 0);
  const status = usePolicyStatus();
  const playing = useApp((s) => s.playing);

  // The first open starts from the first template.
  useEffect(() => {
    if (policyStore.getState().source === undefined) editPolicy(TEMPLATES[0]!.source);
  }, []);

  // The running policy's status, once it is this editor's policy.
  const own = status && running && status.name === running.name ? status : undefined;
  const shown = useEditorStatus(own, summary);

  return (
    <EditorFrame
      title="Your policy"
      kind="policy"
      templates={TEMPLATES}
      templateLabel="Start from a template"
      text={source ?? TEMPLATES[0]!.source}
      onEdit={editPolicy}
      onRun={runPolicy}
      runTitle="Compile in the engine worker and run it from now on (Ctrl+Enter)"
      onStop={running ? () => void stopPolicy() : undefined}
      onClose={closePolicyEditor}
      buttons={
        <>
          {running && (
            <button
              type="button"
              className="btn px-2 py-0.5 text-xs"
              onClick={() => void restartWithPolicy()}
              title="Start the run again from time zero with this policy"
            >
              Restart run
            </button>
          )}
          <button
            type="button"
            className="btn px-2 py-0.5 text-xs"
            onClick={() => void sharePolicy(policyStore.getState().source ?? '')}
          >
            Share link
          </button>
        </>
      }
      intro={
        <>
          <p className="text-[11px] leading-tight text-slate-500">
            A JavaScript module whose <code>decide(ctx)</code> returns{' '}
            <code>{'{ job, lane }'}</code>, a list of them, <code>{'{ jobs: [...], lane }'}</code>{' '}
            for a batch, or <code>null</code> to wait. <code>ctx</code> has <code>now</code>,{' '}
            <code>queue</code> (jobs: class, model, arrival, deadline, predicted, batchable),{' '}
            <code>lanes</code> (kind, speed, free, health, available, memFree),{' '}
            <code>predict(job, lane, batch)</code>, <code>fits(job, lane, batch)</code> and{' '}
            <code>wakeAt(t)</code>. It runs in the engine worker with a {DEFAULT_LIMITS.decisionMs}{' '}
            ms limit per decision; a decision that fails falls back to FIFO. An{' '}
            <strong>autoscaler</strong> instead exports <code>scale(ctx)</code> returning the
            replicas it wants (<code>ctx</code>: replicas, ready, starting, utilisation, queued,
            arrival_rate, cold_start_ms…; see the autoscaler templates): Run checks it, then pick{' '}
            <em>Your autoscaler</em> in the Autoscaling panel; a decision that fails keeps the pool
            as it is.
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
        </>
      }
      problem={compileError}
      problemNote={`The run was left unchanged${running ? ` (${running.name} still runs)` : ''}.`}
      status={shown}
      describe={describeProblem}
    >
      {autoscaler && !compileError && (
        <p
          ref={revealOnce}
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
          ref={revealOnce}
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
    </EditorFrame>
  );
});

export default PolicyPanel;
