// The page: status bar, controls, live figures and charts. Layout only; every piece that changes per
// frame is its own memoized component that redraws outside React renders.

import { Suspense, lazy, useEffect, useState } from 'react';
import { Controls } from './components/controls.tsx';
import { DataPanel } from './components/data-panel.tsx';
import { GanttChart } from './components/gantt-chart.tsx';
import { LiveNumbers } from './components/live-numbers.tsx';
import { LiveLanes } from './components/live-lanes.tsx';
import { SimCheckPanel } from './components/sim-check-panel.tsx';
import { CalibratePanel } from './components/calibrate-panel.tsx';
import { NoticeBanner } from './components/notice.tsx';
import { StatusBar } from './components/status-bar.tsx';
import {
  CdfChart,
  MemoryChart,
  PercentileChart,
  TimelineChart,
  WaitChart,
} from './components/charts.tsx';
import { CompareView } from './components/compare-view.tsx';
import { useApp } from './state/app-store.ts';
import { togglePlay } from './state/actions.ts';
import { importUserFile } from './state/import-export.ts';
import { usePolicy } from './policy/policy-store.ts';
import { LessonButton, LessonSlot } from './lessons/lesson-launcher.tsx';
import { PanelBoundary } from './components/panel-boundary.tsx';
import { ModeSwitch, toggleLlmPlay } from './llm/mode-switch.tsx';
import { llmStore, useLlm } from './llm/llm-store.ts';

/** The policy editor and CodeMirror: a separate chunk, fetched when the editor first opens. */
const PolicyPanel = lazy(() => import('./policy/policy-panel.tsx'));
/** The LLM mode's page: a separate chunk, fetched when the page first switches to it. */
const LlmView = lazy(() => import('./llm/llm-view.tsx'));

function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return (
    tag === 'INPUT' ||
    tag === 'SELECT' ||
    tag === 'TEXTAREA' ||
    tag === 'BUTTON' ||
    t.isContentEditable
  );
}

export function App() {
  const ready = useApp((s) => s.ready);
  const fatal = useApp((s) => s.fatal);
  const comparing = useApp((s) => s.compare.enabled);
  const policyOpen = usePolicy((s) => s.open);
  const llmMode = useLlm((s) => s.mode === 'llm');
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.code !== 'Space' || e.repeat || isTyping(e.target)) return;
      e.preventDefault();
      void (llmStore.getState().mode === 'llm' ? toggleLlmPlay() : togglePlay());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importUserFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <div
      className="mx-auto flex max-w-[1700px] flex-col gap-3 p-3"
      data-ready={ready ? 'true' : 'false'}
    >
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-lg font-bold tracking-tight">
          SchedLab <span className="font-normal text-slate-500">— inference scheduling lab</span>
        </h1>
        <LessonButton />
        {/* The request run's status; LLM mode shows its own figures. */}
        <div className="min-w-0 flex-1" hidden={llmMode}>
          <StatusBar />
        </div>
      </header>
      {fatal !== undefined && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
        >
          The engine worker failed: {fatal}
        </p>
      )}
      <NoticeBanner />
      <ModeSwitch />
      {llmMode && (
        <PanelBoundary name="The LLM mode">
          <Suspense fallback={<p className="text-xs text-slate-500">Loading the LLM mode…</p>}>
            <LlmView />
          </Suspense>
        </PanelBoundary>
      )}
      {/* Request mode stays mounted (paused) while LLM mode shows. */}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-[300px_minmax(0,1fr)]" hidden={llmMode}>
        <aside className="flex flex-col gap-3" aria-label="Controls">
          <PanelBoundary name="The controls">
            <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm">
              <Controls />
            </div>
          </PanelBoundary>
          <PanelBoundary name="The data panel">
            <DataPanel />
          </PanelBoundary>
        </aside>
        <main className="flex min-w-0 flex-col gap-3">
          <PanelBoundary name="The lesson player">
            <LessonSlot />
          </PanelBoundary>
          {policyOpen && (
            <PanelBoundary name="The policy editor">
              <Suspense
                fallback={<p className="text-xs text-slate-500">Loading the policy editor…</p>}
              >
                <PolicyPanel />
              </Suspense>
            </PanelBoundary>
          )}
          <PanelBoundary name="The charts">
            {comparing ? (
              <CompareView />
            ) : (
              <>
                <LiveNumbers />
                <LiveLanes />
                <SimCheckPanel />
                <CalibratePanel />
                <GanttChart />
                <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
                  <CdfChart />
                  <TimelineChart />
                  <PercentileChart />
                  <WaitChart />
                </div>
                <MemoryChart />
              </>
            )}
          </PanelBoundary>
        </main>
      </div>
      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-sky-600/20 text-xl font-semibold text-sky-900">
          Drop a config (.json, .yaml) or a trace (.txt, .csv) to import it
        </div>
      )}
    </div>
  );
}
