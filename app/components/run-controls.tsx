// Play / Pause (one button that says what it will do), Step and Reset. Step says what it did: the
// engine processed one event, and the clock and event count it reached (a step is otherwise
// invisible when the event changes nothing on screen).

import { memo, useState } from 'react';
import { useApp } from '../state/app-store.ts';
import { pause, play, resetRun, step } from '../state/actions.ts';
import { frameStore } from '../state/frame-store.ts';
import { formatCount } from '../format.ts';

/** Simulated time as m:ss.sss (a step moves the clock by less than a tenth of a second). */
function clockMs(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return `${m}:${((ms - m * 60_000) / 1000).toFixed(3).padStart(6, '0')}`;
}

export const RunControls = memo(function RunControls() {
  const playing = useApp((s) => s.playing);
  const [said, setSaid] = useState('');
  const doStep = async (): Promise<void> => {
    const before = frameStore.getState().frame?.events ?? 0;
    const seq = frameStore.getState().frame?.seq ?? -1;
    await step();
    // The frame after the step says where it got to.
    await new Promise<void>((done) => {
      const off = frameStore.subscribe((s) => {
        if (!s.frame || s.frame.seq === seq) return;
        off();
        done();
      });
      setTimeout(() => {
        off();
        done();
      }, 2000);
    });
    const f = frameStore.getState().frame;
    if (!f) return;
    const n = f.events - before;
    setSaid(
      n > 0
        ? `Stepped: event ${formatCount(f.events)} at ${clockMs(f.time)} (paused).`
        : 'Stepped: no event was left to process.',
    );
  };
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-1" role="group" aria-label="Run">
        <button
          type="button"
          className="btn-primary min-w-[5.5rem] flex-1 whitespace-nowrap"
          onClick={() => void (playing ? pause() : play())}
          aria-keyshortcuts="Space"
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="btn flex-1 whitespace-nowrap"
          onClick={() => void doStep()}
          title="Process one engine event, then stay paused"
        >
          Step
        </button>
        <button
          type="button"
          className="btn flex-1 whitespace-nowrap"
          onClick={() => {
            setSaid('');
            void resetRun();
          }}
          title="Start the run again from time zero"
        >
          Reset
        </button>
      </div>
      <p className="hint" aria-live="polite" data-testid="run-status">
        {said || 'Space plays and pauses.'}
      </p>
    </div>
  );
});
