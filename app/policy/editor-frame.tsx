// The frame both policy editors share (the request mode's `policy-panel.tsx`, the LLM mode's
// `app/llm/llm-policy-panel.tsx`): the panel with its title, "Start from" a template, Run (also
// Ctrl+Enter in the editor), Stop while a policy runs, Close, the CodeMirror editor, the compile
// error under it, the problems on their lines, and the running policy's status. What differs
// between the editors (what a policy is, what runs it, the words of its status, extra buttons and
// notices) comes in as props; each editor keeps its own state.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PolicyProblem, PolicyStatus } from '../../src/engine/policy-api/status.ts';
import { Panel } from '../components/panel.tsx';
import { PolicyProblems } from './policy-problems.tsx';
import { createCodeEditor, type CodeEditor, type Mark } from './code-editor.ts';

export interface PolicyTemplate {
  id: string;
  label: string;
  source: string;
}

/** A compile error: the run was left as it was. */
export interface EditorProblem {
  line: number;
  column: number;
  message: string;
}

/** The running policy as the frame shows it. */
export interface EditorStatus {
  name: string;
  /** After the name: what it did so far ("1,234 decisions, …"). */
  summary: string;
  disabled?: string | undefined;
  problems: readonly PolicyProblem[];
}

/** The frame's status of a running policy, `summary` in the editor's words (a module-level
 * function, so the status changes only with the policy's). */
export function useEditorStatus(
  status: PolicyStatus | undefined,
  summary: (s: PolicyStatus) => string,
): EditorStatus | undefined {
  return useMemo(
    () =>
      status && {
        name: status.name,
        summary: summary(status),
        disabled: status.disabled,
        problems: status.problems,
      },
    [status, summary],
  );
}

export interface EditorFrameProps {
  title: string;
  /** Test ids and the template picker's label: `${kind}-editor`, `${kind}-compile-error`, … */
  kind: 'policy' | 'llm-policy';
  templates: readonly PolicyTemplate[];
  templateLabel: string;
  /** The text to edit; a new value (a policy from a link) replaces the editor's text. */
  text: string;
  onEdit(text: string): void;
  onRun(text: string): Promise<unknown>;
  runTitle: string;
  /** Shown while a policy runs. */
  onStop?: (() => void) | undefined;
  onClose(): void;
  /** Buttons after Run and Stop (Restart run, Share link). */
  buttons?: ReactNode;
  /** Under the buttons, above the editor: what a policy is, notices. */
  intro: ReactNode;
  problem?: EditorProblem | undefined;
  /** After the compile error's sentence ("The run was left unchanged"). */
  problemNote?: string;
  status?: EditorStatus | undefined;
  describe(p: PolicyProblem): string;
  /** Under the compile error, above the status (share result, paused notice). */
  children?: ReactNode;
}

export function EditorFrame(p: EditorFrameProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(p);
  useEffect(() => {
    latest.current = p;
  });

  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      await latest.current.onRun(editor.current?.text ?? latest.current.text);
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
    const ed = createCodeEditor(host.current, latest.current.text, {
      change: (t) => latest.current.onEdit(t),
      run: () => void runRef.current(),
    });
    editor.current = ed;
    return () => {
      ed.destroy();
      editor.current = null;
    };
  }, []);

  // A new text from outside (a link opened while the editor is open).
  useEffect(() => {
    const ed = editor.current;
    if (ed && p.text !== ed.text) ed.setText(p.text);
  }, [p.text]);

  // Problems on their lines: the compile error, else the running policy's.
  const { problem, status, describe } = p;
  useEffect(() => {
    const marks: Mark[] = problem
      ? [{ line: problem.line, column: problem.column, message: problem.message }]
      : (status?.problems ?? [])
          .filter((q) => q.line !== undefined)
          .map((q) => ({ line: q.line!, column: q.column, message: describe(q) }));
    editor.current?.mark(marks);
  }, [problem, status, describe]);

  return (
    <Panel title={p.title} className="gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1 text-xs">
          Start from
          <select
            className="input py-0 text-xs"
            aria-label={p.templateLabel}
            value=""
            onChange={(e) => {
              const t = p.templates.find((x) => x.id === e.target.value);
              if (t) editor.current?.setText(t.source);
            }}
          >
            <option value="">a template…</option>
            {p.templates.map((t) => (
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
          title={p.runTitle}
        >
          Run
        </button>
        {p.onStop && (
          <button type="button" className="btn px-2 py-0.5 text-xs" onClick={p.onStop}>
            Stop
          </button>
        )}
        {p.buttons}
        <button type="button" className="btn px-2 py-0.5 text-xs" onClick={p.onClose}>
          Close
        </button>
      </div>
      {p.intro}
      <div
        ref={host}
        data-testid={`${p.kind}-editor`}
        className="min-h-24 overflow-hidden rounded border border-slate-200"
      />
      {problem && (
        <p
          role="alert"
          data-testid={`${p.kind}-compile-error`}
          className="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-900"
        >
          Line {problem.line}, column {problem.column}: {problem.message}.{' '}
          {p.problemNote ?? 'The run was left unchanged.'}
        </p>
      )}
      {p.children}
      {status && (
        <div data-testid={`${p.kind}-status`} className="text-xs text-slate-700">
          <p>
            Running <strong>{status.name}</strong>: {status.summary}.
          </p>
          <PolicyProblems status={status} describe={describe} testId={`${p.kind}-problems`} />
        </div>
      )}
    </Panel>
  );
}
