// The LLM mode's "Write your own step scheduler" button and, once pressed, the editor panel (a lazy
// chunk: CodeMirror and the templates load only then).

import { lazy, memo, Suspense, useState } from 'react';

const LlmPolicyPanel = lazy(() => import('./llm-policy-panel.tsx'));

export const LlmPolicyLauncher = memo(function LlmPolicyLauncher() {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div>
        <button type="button" className="btn px-2 py-0.5 text-xs" onClick={() => setOpen(true)}>
          Write your own step scheduler…
        </button>
      </div>
    );
  }
  return (
    <Suspense fallback={<p className="text-xs text-slate-500">Loading the editor…</p>}>
      <LlmPolicyPanel onClose={() => setOpen(false)} />
    </Suspense>
  );
});
