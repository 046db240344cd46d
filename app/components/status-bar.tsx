// Status bar: mode (simulated / live, switchable), engine time and speed (written per frame,
// outside React renders), WebGPU adapter, cross-origin isolation and WASM threads.

import { memo, useEffect, useRef, useState } from 'react';
import { detectPlatform, type Platform } from '../platform.ts';
import { isolation } from '../isolation.ts';
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
  title?: string | undefined;
  /** Long values (adapter names) are cut to one line; the title has them in full. */
  truncate?: boolean;
}) {
  const tone =
    props.tone === 'ok'
      ? 'bg-emerald-50 text-emerald-800 border-emerald-200'
      : props.tone === 'warn'
        ? 'bg-amber-50 text-amber-800 border-amber-200'
        : 'bg-slate-100 text-slate-600 border-slate-200';
  return (
    <span
      className={`rounded-full border px-2 py-0.5 ${tone} ${props.truncate ? 'max-w-[22rem] truncate' : ''}`}
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
  // Known synchronously at start-up; only the WebGPU probe is asynchronous.
  const isolatedNow =
    globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  const isolationMode = isolation().mode;
  const cores = navigator.hardwareConcurrency || 1;
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
      {/* The pills are there from the first paint (WebGPU detection only fills in a value), so
          nothing moves when it finishes. */}
      <Pill
        label="WebGPU"
        value={platform ? platform.webgpu : 'detecting…'}
        tone={
          platform?.webgpuKind === 'hardware'
            ? 'ok'
            : platform?.webgpuKind === 'software'
              ? 'warn'
              : 'off'
        }
        testId="status-webgpu"
        title={platform?.webgpu}
        truncate
      />
      <Pill
        label="Cross-origin isolated"
        value={
          isolatedNow ? (isolationMode === 'service-worker' ? 'yes (service worker)' : 'yes') : 'no'
        }
        tone={isolatedNow ? 'ok' : 'warn'}
        testId="status-isolated"
        title={
          isolatedNow
            ? isolationMode === 'service-worker'
              ? "COOP/COEP added by the site's service worker (this host does not send them)"
              : 'COOP/COEP sent by the host'
            : isolation().reason
        }
      />
      <Pill
        label="WASM threads"
        value={isolatedNow ? `yes (${cores} cores)` : 'no (single-threaded)'}
        tone={isolatedNow ? 'ok' : 'warn'}
        testId="status-threads"
      />
      {baseName && <Pill label="Imported" value={baseName} tone="off" testId="status-imported" />}
    </div>
  );
});
