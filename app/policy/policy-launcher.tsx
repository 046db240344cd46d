// Under the scheduler select: open the policy editor, and say when a user policy runs instead of the
// selected scheduler (in compare mode, under Scheduler B: the policy runs on side B). Small and
// eager; the editor itself loads lazily (policy-panel.tsx).

import { memo } from 'react';
import { useApp } from '../state/app-store.ts';
import { openPolicyEditor, stopPolicy } from './policy-actions.ts';
import { usePolicy } from './policy-store.ts';

export const PolicyLauncher = memo(function PolicyLauncher() {
  const running = usePolicy((s) => s.running);
  const open = usePolicy((s) => s.open);
  const comparing = useApp((s) => s.compare.enabled);
  const scheduler = useApp((s) =>
    s.compare.enabled ? (s.compare.b.scheduler ?? s.settings.scheduler) : s.settings.scheduler,
  );
  return (
    <div className="flex flex-wrap items-center gap-1 text-[11px] text-slate-600">
      {running ? (
        <>
          <span data-testid="policy-running">
            Your policy <strong>{running.name}</strong> runs{comparing ? ' on side B' : ''} instead
            of {scheduler}.
          </span>
          <button
            type="button"
            className="btn px-1.5 py-0 text-[11px]"
            onClick={() => void stopPolicy()}
          >
            Back to {scheduler}
          </button>
        </>
      ) : null}
      {!open && (
        <button type="button" className="btn px-1.5 py-0 text-[11px]" onClick={openPolicyEditor}>
          Write your own policy…
        </button>
      )}
    </div>
  );
});
