// The page: status bar, controls, live figures and charts. Layout only; every piece that changes per
// frame is its own memoized component that redraws outside React renders.

import { useEffect } from 'react';
import { LiveNumbers } from './components/live-numbers.tsx';
import { useApp } from './state/app-store.ts';
import { pause, play, togglePlay } from './state/actions.ts';

export function App() {
  const playing = useApp((s) => s.playing);
  const ready = useApp((s) => s.ready);
  const fatal = useApp((s) => s.fatal);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.code !== 'Space') return;
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.tagName === 'INPUT' ||
          t.tagName === 'SELECT' ||
          t.tagName === 'TEXTAREA' ||
          t.tagName === 'BUTTON')
      ) {
        return;
      }
      e.preventDefault();
      void togglePlay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main
      className="mx-auto flex max-w-[1600px] flex-col gap-3 p-3"
      data-ready={ready ? 'true' : 'false'}
    >
      <header className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">SchedLab</h1>
        <button
          type="button"
          className="rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          onClick={() => void play()}
          disabled={playing}
        >
          Play
        </button>
        <button
          type="button"
          className="rounded bg-slate-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          onClick={() => void pause()}
          disabled={!playing}
        >
          Pause
        </button>
      </header>
      {fatal !== undefined && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
        >
          {fatal}
        </p>
      )}
      <LiveNumbers />
    </main>
  );
}
