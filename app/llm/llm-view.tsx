// The LLM mode's page: its controls beside the headline numbers, the KV-cache block map and the
// TTFT and TPOT CDFs. A lazy chunk (app.tsx loads it when the page first switches to LLM mode).

import { LlmControls, LlmEngineSettings } from './llm-controls.tsx';
import { LlmNumbers } from './llm-numbers.tsx';
import { LlmWorkloadSettings } from './llm-workload.tsx';
import { BlockMap } from './block-map.tsx';
import { LlmCdf } from './llm-cdf.tsx';
import { LlmTimeline } from './llm-timeline.tsx';
import { StepGantt } from './step-gantt.tsx';
import { PanelBoundary } from '../components/panel-boundary.tsx';
import { Term } from './glossary.tsx';
import { installLlmProbe } from './llm-probe.ts';
import { followLlmUrl } from './llm-url.ts';
import { LlmComparePanel } from './llm-compare-panel.tsx';
import { LlmPolicyLauncher } from './llm-policy-launcher.tsx';
import { LlmLivePanel } from './llm-live-panel.tsx';
import { useLive } from './llm-live.ts';

installLlmProbe();
followLlmUrl();

export default function LlmView() {
  const live = useLive((s) => s.source === 'live');
  return (
    // Phone: quick controls, the charts, then the engine settings; wide: controls in a column.
    <div
      className="grid grid-cols-1 gap-3 lg:grid-cols-[300px_minmax(0,1fr)] lg:grid-rows-[auto_1fr]"
      data-mode="llm"
    >
      <aside
        className="flex flex-col gap-3 lg:col-start-1 lg:row-start-1"
        aria-label="LLM controls"
      >
        <PanelBoundary name="The LLM controls">
          <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm">
            <LlmControls />
          </div>
        </PanelBoundary>
      </aside>
      <aside
        className="order-last flex flex-col gap-3 lg:order-none lg:col-start-1 lg:row-start-2"
        aria-label="LLM engine settings"
      >
        <PanelBoundary name="The LLM engine settings">
          <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm">
            <LlmEngineSettings />
            <LlmWorkloadSettings />
          </div>
        </PanelBoundary>
      </aside>
      <main className="flex min-w-0 flex-col gap-3 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <p className="text-xs text-slate-600" hidden={live}>
          <Term k="llmMode">LLM serving</Term>: Llama 3.1 8B on simulated H100-class replicas, one
          step at a time with <Term k="continuousBatching">continuous batching</Term> and a paged{' '}
          <Term k="kvCache">KV cache</Term> (the step cost model of the headless engine,{' '}
          <code>npm run sim</code>). Raise the rate until the cache runs out and watch the
          preemptions.
        </p>
        <PanelBoundary name="Live LLM mode">
          <LlmLivePanel />
        </PanelBoundary>
        <PanelBoundary name="The LLM charts">
          <div className="flex flex-col gap-3">
            <LlmComparePanel />
            <LlmPolicyLauncher />
            <LlmNumbers />
            <BlockMap />
            <StepGantt />
            <LlmTimeline />
            <div className="grid grid-cols-1 gap-3 xl:grid-cols-3">
              <LlmCdf metric="ttft" />
              <LlmCdf metric="tpot" />
              <LlmCdf metric="itl" />
            </div>
          </div>
        </PanelBoundary>
      </main>
    </div>
  );
}
