// Status bar: mode (simulated / live, switchable), engine time and speed (written per frame,
// outside React renders), WebGPU adapter, cross-origin isolation and WASM threads.

import { memo, useEffect, useRef, useState } from 'react';
import { detectPlatform, type Platform } from '../platform.ts';
import { frameStore } from '../state/frame-store.ts';
import { useApp } from '../state/app-store.ts';
import { setMode } from '../state/actions.ts';
import { useFrameLayer } from '../use-layer.ts';
import { formatClock } from '../format.ts';
import { LiveThreads } from './live-threads.tsx';

function Pill(props: {
  label: string;
  value: string;
  tone: 'ok' | 'warn' | 'off';
  testId: string;
  title?: string;
}) {
  const tone =
    props.tone === 'ok'
      ? 'bg-emerald-50 text-emerald-800 border-emerald-200'
      : props.tone === 'warn'
        ? 'bg-amber-50 text-amber-800 border-amber-200'
        : 'bg-slate-100 text-slate-600 border-slate-200';
  return (
    <span
      className={`rounded-full border px-2 py-0.5 ${tone}`}
      data-testid={props.testId}
      title={props.title}
    >
      <span className="font-medium">{props.label}</span> {props.value}
    </span>
  );
}

export const StatusBar = memo(function StatusBar() {
  const [platform, setPlatform] = useState<Platform | null>(null);
  const mode = useApp((s) => s.mode);
  const baseName = useApp((s) => s.baseName);
  const clock = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    void detectPlatform().then(setPlatform);
  }, []);
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
    <div
      className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-xs shadow-sm"
      role="status"
      aria-label="Status"
    >
      <label className="flex items-center gap-1 font-medium">
        Mode
        <select
          className="input py-0 text-xs"
          value={mode}
          onChange={(e) => void setMode(e.target.value === 'live' ? 'live' : 'simulated')}
          aria-label="Mode"
        >
          <option value="simulated">simulated</option>
          <option value="live">live (real inference)</option>
        </select>
      </label>
      <LiveThreads />
      <span
        className="tabular rounded bg-slate-900 px-2 py-0.5 font-mono text-white"
        data-testid="engine-clock"
      >
        <span className="sr-only">Engine time </span>
        <span ref={clock}>0:00.0</span>
      </span>
      {platform ? (
        <>
          <Pill
            label="WebGPU"
            value={platform.webgpu}
            tone={
              platform.webgpuKind === 'hardware'
                ? 'ok'
                : platform.webgpuKind === 'software'
                  ? 'warn'
                  : 'off'
            }
            testId="status-webgpu"
          />
          <Pill
            label="Cross-origin isolated"
            value={platform.isolated ? 'yes' : 'no'}
            tone={platform.isolated ? 'ok' : 'warn'}
            testId="status-isolated"
          />
          <Pill
            label="WASM threads"
            value={platform.wasmThreads ? `yes (${platform.cores} cores)` : 'no (single-threaded)'}
            tone={platform.wasmThreads ? 'ok' : 'warn'}
            testId="status-threads"
          />
        </>
      ) : (
        <span className="text-slate-400">detecting WebGPU…</span>
      )}
      {baseName && <Pill label="Imported" value={baseName} tone="off" testId="status-imported" />}
    </div>
  );
});
