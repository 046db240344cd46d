// Request mode or LLM mode: two tabs above the page's content (eager and small; the LLM
// mode's page and its actions are a lazy chunk).

/** Switch the page's mode (loads the LLM mode's code on first use). */
export async function switchMode(mode: PageMode): Promise<void> {
  const { setPageMode } = await import('./llm-actions.ts');
  await setPageMode(mode);
}

/** Space in LLM mode: play or pause the LLM run. */
export async function toggleLlmPlay(): Promise<void> {
  const { llmTogglePlay } = await import('./llm-actions.ts');
  await llmTogglePlay();
}

import { useLlm, type PageMode } from './llm-store.ts';

const MODES: { id: PageMode; label: string; title: string }[] = [
  {
    id: 'requests',
    label: 'Requests',
    title: 'Fixed-cost inference requests (ResNets, ViT, OCR) on GPU and CPU lanes',
  },
  {
    id: 'llm',
    label: 'LLM serving',
    title: 'Requests with tokens: continuous batching over a paged KV cache',
  },
];

export function ModeSwitch() {
  const mode = useLlm((s) => s.mode);
  return (
    <div
      role="group"
      aria-label="Workload kind"
      className="flex items-end gap-1 border-b border-slate-300"
    >
      {MODES.map((m) => (
        <button
          key={m.id}
          type="button"
          aria-pressed={mode === m.id}
          title={m.title}
          data-testid={`mode-${m.id}`}
          className={`-mb-px rounded-t-md border px-3 py-1 text-sm font-medium ${
            mode === m.id
              ? 'border-slate-300 border-b-slate-50 bg-slate-50 text-slate-900'
              : 'border-transparent text-slate-500 hover:text-slate-800'
          }`}
          onClick={() => void switchMode(m.id)}
        >
          {m.label}
        </button>
      ))}
      <span className="ml-2 hidden pb-1 text-xs text-slate-500 sm:inline">
        {MODES.find((m) => m.id === mode)!.title}
      </span>
    </div>
  );
}
