// Request mode or LLM mode: a two-button switch in the page header, beside Lessons (eager and small; the LLM
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
      className="flex rounded-md border border-slate-300"
    >
      {MODES.map((m) => (
        <button
          key={m.id}
          type="button"
          aria-pressed={mode === m.id}
          title={m.title}
          data-testid={`mode-${m.id}`}
          className={`px-2 py-1 text-sm font-medium first:rounded-l-md last:rounded-r-md ${
            mode === m.id ? 'bg-sky-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'
          }`}
          onClick={() => void switchMode(m.id)}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
