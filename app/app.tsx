// The page's layout. A skip link, the header (Lessons, Share, the engine clock and mode), then
// three columns on a wide screen: the controls (what a newcomer needs first, the rest one click
// away), the main area (the first look: narration, the drawn queue, the figures; live mode's
// panels; the dashboard) and, while open, the lesson player, sticky so its text and Next stay in
// view. On a phone the main area comes first, the controls after it, and the lesson player is a
// sheet at the bottom of the screen. Every piece that changes per frame is its own memoized
// component that redraws outside React renders.
//
// The workload switch (Requests / LLM serving) sits in the header beside Lessons; LLM mode brings
// its own view (app/llm/, a lazy chunk) in place of the request mode's, which stays mounted and
// paused meanwhile.

import { Suspense, lazy, useEffect, useState } from 'react';
import { EssentialControls, MoreSettings } from './components/controls.tsx';
import { LiveLanes } from './components/live-lanes.tsx';
import { SimCheckPanel } from './components/sim-check-panel.tsx';
import { NoticeBanner } from './components/notice.tsx';
import { HeaderStatus } from './components/header-status.tsx';
import { FirstLook } from './components/first-look.tsx';
import { Dashboard } from './components/dashboard.tsx';
import { ShareButton } from './components/share-button.tsx';
import { CompareView } from './components/compare-view.tsx';
import { useApp } from './state/app-store.ts';
import { togglePlay } from './state/actions.ts';
import { importUserFile } from './state/import-export.ts';
import { usePolicy } from './policy/policy-store.ts';
import { LessonButton, LessonSlot } from './lessons/lesson-launcher.tsx';
import { useLessonUi } from './lessons/lesson-store.ts';
import { RATE_SLIDER_ID } from './components/rate-control.tsx';
import { isTyping } from './keys.ts';
import { PanelBoundary } from './components/panel-boundary.tsx';
import { ModeSwitch, toggleLlmPlay } from './llm/mode-switch.tsx';
import { llmStore, useLlm } from './llm/llm-store.ts';

/** The policy editor and CodeMirror: a separate chunk, fetched when the editor first opens. */
const PolicyPanel = lazy(() => import('./policy/policy-panel.tsx'));
/** The LLM mode's page: a separate chunk, fetched when the page first switches to it. */
const LlmView = lazy(() => import('./llm/llm-view.tsx'));

/** The request mode's main area: the first look, live mode's panels, the dashboard. */
function RequestView() {
  return (
    <>
      <FirstLook />
      <LiveLanes />
      <SimCheckPanel />
      <Dashboard />
    </>
  );
}

export function App() {
  const ready = useApp((s) => s.ready);
  const fatal = useApp((s) => s.fatal);
  const comparing = useApp((s) => s.compare.enabled);
  const policyOpen = usePolicy((s) => s.open);
  const lessonsOpen = useLessonUi((s) => s.open);
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
      className="mx-auto flex max-w-[1800px] flex-col gap-3 p-3"
      data-ready={ready ? 'true' : 'false'}
    >
      <a
        href="#arrival-rate"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById(RATE_SLIDER_ID)?.focus();
        }}
      >
        Skip to Arrival rate
      </a>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-lg font-bold tracking-tight">
          SchedLab{' '}
          <span className="hidden font-normal text-slate-600 sm:inline">
            — watch a scheduler serve requests
          </span>
        </h1>
        <div className="flex items-center gap-2">
          <ModeSwitch />
          <LessonButton />
          <ShareButton />
        </div>
        {/* The request run's clock and mode; LLM mode shows its own figures. */}
        <div className="ml-auto" hidden={llmMode}>
          <HeaderStatus />
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
      {llmMode && (
        // LLM mode has the lesson player beside it too (an LLM lesson plays here).
        <div className="llm-layout" data-lessons={lessonsOpen ? 'true' : 'false'}>
          <PanelBoundary name="The LLM mode">
            <Suspense fallback={<p className="text-xs text-slate-500">Loading the LLM mode…</p>}>
              <LlmView />
            </Suspense>
          </PanelBoundary>
          <PanelBoundary name="The lesson player">
            <LessonSlot />
          </PanelBoundary>
        </div>
      )}
      <div className="layout" data-lessons={lessonsOpen ? 'true' : 'false'} hidden={llmMode}>
        <aside className="flex flex-col gap-3" aria-label="Controls">
          <PanelBoundary name="The controls">
            <div className="panel">
              <EssentialControls />
            </div>
            <div className="panel">
              <MoreSettings />
            </div>
          </PanelBoundary>
        </aside>
        <main className="flex min-w-0 flex-col gap-3">
          {policyOpen && (
            <PanelBoundary name="The policy editor">
              <Suspense
                fallback={<p className="text-xs text-slate-600">Loading the policy editor…</p>}
              >
                <PolicyPanel />
              </Suspense>
            </PanelBoundary>
          )}
          <PanelBoundary name="The charts">
            {comparing ? <CompareView /> : <RequestView />}
          </PanelBoundary>
        </main>
        {!llmMode && (
          <PanelBoundary name="The lesson player">
            <LessonSlot />
          </PanelBoundary>
        )}
      </div>
      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-sky-600/20 text-xl font-semibold text-sky-900">
          Drop a config (.json, .yaml) or a trace (.txt, .csv) to import it
        </div>
      )}
    </div>
  );
}
