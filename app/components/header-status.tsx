// The header's status: the engine clock, its speed and state (written per frame, outside React
// renders), the mode (simulated or live, switchable; live runs real inference) and an imported
// file's name. What the device offers the lanes lives under More settings (device-settings.tsx).

import { memo, useRef } from 'react';
import { frameStore } from '../state/frame-store.ts';
import { useApp } from '../state/app-store.ts';
import { setMode } from '../state/actions.ts';
import { useFrameLayer } from '../use-layer.ts';
import { formatClock } from '../format.ts';
import { Info } from './term.tsx';

export const HeaderStatus = memo(function HeaderStatus() {
  const mode = useApp((s) => s.mode);
  const baseName = useApp((s) => s.baseName);
  const clock = useRef<HTMLSpanElement>(null);
  useFrameLayer(
    () => {
      const f = frameStore.getState().frame;
      const el = clock.current;
      if (!f || !el) return;
      const state = f.done
        ? 'run over'
        : f.playing
          ? f.lagging
            ? 'playing, engine at its limit'
            : 'playing'
          : 'paused';
      const s = `${formatClock(f.time)} · ${f.speed}× · ${state}`;
      if (el.textContent !== s) el.textContent = s;
      el.dataset['lagging'] = f.lagging ? 'true' : 'false';
    },
    [],
    100,
  );
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" role="status" aria-label="Status">
      <span
        className="tabular rounded bg-slate-900 px-2 py-0.5 font-mono text-white"
        data-testid="engine-clock"
      >
        <span className="sr-only">Simulated time </span>
        <span ref={clock}>0:00.0</span>
      </span>
      <span className="flex items-center gap-1">
        <select
          className="input py-0 text-xs"
          value={mode}
          onChange={(e) => void setMode(e.target.value === 'live' ? 'live' : 'simulated')}
          aria-label="Mode"
        >
          <option value="simulated">simulated</option>
          <option value="live">live (real inference)</option>
        </select>
        <Info id="live" />
      </span>
      {baseName && (
        <span
          className="rounded-full border border-slate-200 bg-slate-100 px-2 py-0.5 text-slate-700"
          data-testid="status-imported"
        >
          <span className="font-medium">Imported</span> {baseName}
        </span>
      )}
    </div>
  );
});
