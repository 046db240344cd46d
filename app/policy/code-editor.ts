// The policy editor: CodeMirror 6 (MIT) with JavaScript highlighting, line numbers, bracket
// matching, undo history, and problems marked on their lines (compile errors and the running
// policy's exceptions and invalid decisions). A plain module with no React, loaded only when the
// editor opens (policy-panel.tsx is a lazy chunk), so it adds nothing to the page's first load.

import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/** A problem to mark: 1-based line, and column when known. */
export interface Mark {
  line: number;
  column?: number | undefined;
  message: string;
}

export interface CodeEditor {
  readonly text: string;
  setText(text: string): void;
  /** Replace the marked problems (an empty list clears them). */
  mark(problems: readonly Mark[]): void;
  destroy(): void;
}

export function createCodeEditor(
  parent: HTMLElement,
  text: string,
  on: { change(text: string): void; run(): void },
): CodeEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        javascript(),
        // Ctrl/Cmd+Enter runs the policy.
        keymap.of([{ key: 'Mod-Enter', run: () => (on.run(), true) }]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) on.change(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'Policy source (JavaScript)' }),
        EditorView.theme({
          '&': { fontSize: '12px', maxHeight: '420px' },
          '.cm-scroller': { overflow: 'auto' },
        }),
      ],
    }),
  });
  return {
    get text() {
      return view.state.doc.toString();
    },
    setText(next) {
      if (next === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    mark(problems) {
      const doc = view.state.doc;
      const diagnostics: Diagnostic[] = [];
      for (const p of problems) {
        if (p.line < 1 || p.line > doc.lines) continue;
        const line = doc.line(p.line);
        const from = Math.min(line.to, line.from + Math.max(0, (p.column ?? 1) - 1));
        diagnostics.push({
          from: p.column ? from : line.from,
          to: line.to,
          severity: 'error',
          message: p.message,
        });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    destroy() {
      view.destroy();
    },
  };
}
