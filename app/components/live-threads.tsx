// "WASM threads per CPU lane": how many threads each CPU-class lane's ONNX Runtime (WASM provider)
// gets in live mode, 1 to the number of logical cores. Applies when live mode starts; changed while
// live, the lanes restart with it (a fresh live run). Threads need SharedArrayBuffer, which needs
// cross-origin isolation (COOP/COEP headers): without it the control is disabled, says why, and the
// lanes run single-threaded.

import { memo, useId } from 'react';
import { useApp } from '../state/app-store.ts';
import { setLiveThreads } from '../state/actions.ts';
import { isolation } from '../isolation.ts';

export const LiveThreads = memo(function LiveThreads() {
  const id = useId();
  const threads = useApp((s) => s.liveThreads);
  const mode = useApp((s) => s.mode);
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const choices = Array.from({ length: cores }, (_, i) => i + 1);
  const value = isolated ? Math.min(threads, cores) : 1;
  const hint = isolated
    ? mode === 'live'
      ? 'changing it restarts the live lanes'
      : 'applies when live mode starts'
    : `single-threaded: this page is not cross-origin isolated (${isolation().reason ?? 'no COOP/COEP headers'})`;
  return (
    <span className="flex items-center gap-1" data-testid="live-threads">
      <label htmlFor={`${id}-threads`} className="font-medium">
        WASM threads per CPU lane
      </label>
      <select
        id={`${id}-threads`}
        className="input py-0 text-xs"
        value={value}
        disabled={!isolated}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void setLiveThreads(Number(e.target.value))}
      >
        {choices.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <span
        id={`${id}-hint`}
        className={isolated ? 'sr-only' : 'text-amber-700'}
        data-testid="live-threads-hint"
      >
        {hint}
      </span>
    </span>
  );
});
