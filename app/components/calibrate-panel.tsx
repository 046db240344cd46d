// Calibrate: measure this device's latency per model x batch size on the WebGPU and WASM lanes and
// use it as the simulation's service model (or download it as profile.json). It takes minutes
// (longer on a software GPU adapter), so it says so before it starts, shows the time spent and an
// estimate of the time left while it runs, and Cancel stops it at once (the lane workers are
// terminated). The measuring runs in lane workers (src/profiler/calibrate.ts).

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { applyCalibration } from '../state/calibration.ts';
import type { Calibration, CalibrateProgress } from '../../src/profiler/calibrate.ts';
import { formatProfile } from '../../src/profiler/profile-table.ts';
import { formatDuration } from '../narration/narrate.ts';
import { detectPlatform } from '../platform.ts';
import { Panel } from './panel.tsx';
import { Term } from './term.tsx';

/** Time left from the share done after `elapsedMs` (once enough is done to judge). */
export function timeLeftMs(fraction: number, elapsedMs: number): number | undefined {
  if (fraction < 0.05 || fraction >= 1) return undefined;
  return (elapsedMs * (1 - fraction)) / fraction;
}

export const CalibratePanel = memo(function CalibratePanel() {
  const [progress, setProgress] = useState<CalibrateProgress | null>(null);
  const [result, setResult] = useState<Calibration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [software, setSoftware] = useState<boolean | null>(null);
  const [now, setNow] = useState(0);
  const started = useRef(0);
  const abort = useRef<AbortController | null>(null);
  const running = progress !== null && result === null && error === null;

  useEffect(() => {
    void detectPlatform().then((p) => setSoftware(p.webgpuKind !== 'hardware'));
  }, []);
  // While running, a clock for the time spent and left.
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async (): Promise<void> => {
    setResult(null);
    setError(null);
    setProgress({ fraction: 0, detail: 'starting lanes' });
    started.current = performance.now();
    setNow(started.current);
    const controller = new AbortController();
    abort.current = controller;
    try {
      // Loaded on demand: calibration pulls in the lane client, not needed otherwise.
      const { calibrate, DEFAULT_CALIBRATION } = await import('../../src/profiler/calibrate.ts');
      setResult(await calibrate(DEFAULT_CALIBRATION, setProgress, controller.signal));
    } catch (e) {
      setError(
        controller.signal.aborted
          ? 'Cancelled: nothing changed.'
          : e instanceof Error
            ? e.message
            : String(e),
      );
      if (controller.signal.aborted) setProgress(null);
    } finally {
      abort.current = null;
    }
  };

  const use = (): void => {
    if (result) void applyCalibration(result.service);
  };

  const download = useMemo(
    () =>
      result
        ? URL.createObjectURL(
            new Blob([JSON.stringify(result.service, null, 2)], { type: 'application/json' }),
          )
        : '',
    [result],
  );

  const elapsed = running ? now - started.current : 0;
  const left = progress ? timeLeftMs(progress.fraction, elapsed) : undefined;
  return (
    <Panel title="Calibrate" hideTitle testId="calibrate" className="gap-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn" onClick={() => void start()} disabled={running}>
          Calibrate
        </button>
        {running && (
          <button type="button" className="btn" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      <p className="hint" data-testid="calibrate-estimate">
        <Term id="calibrate">Calibration</Term> times ResNet-18/50 and ViT-S/16 at batch 1-8 on this
        device&apos;s WebGPU and WASM lanes, to use as the simulation&apos;s service model. It takes{' '}
        {software === null
          ? 'a few minutes'
          : software
            ? 'several minutes here: this browser has no hardware GPU, and a software one is slow'
            : 'one to three minutes'}
        ; Cancel stops it.
      </p>
      {progress && running && (
        <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="calibrate-progress">
          <progress className="h-1.5 w-40" max={1} value={progress.fraction} />
          <span>{progress.detail}</span>
          <span className="tabular text-slate-600" data-testid="calibrate-time">
            {formatDuration(elapsed)} so far
            {left !== undefined ? `, about ${formatDuration(left)} left` : ', estimating…'}
          </span>
        </div>
      )}
      {error && (
        <p
          className={`text-xs ${error.startsWith('Cancelled') ? 'text-slate-700' : 'text-red-700'}`}
        >
          {error}
        </p>
      )}
      {result && (
        <div className="mt-1 flex flex-col gap-1" data-testid="calibrate-result">
          <pre className="overflow-x-auto text-xs">
            {formatProfile(result.curves, [1, 2, 4, 8])}
          </pre>
          {result.coldStarts.length > 0 && (
            <p className="text-xs" data-testid="calibrate-cold-starts">
              <Term id="cold_start">Cold start</Term> (a new lane worker&apos;s spawn to its first
              warm inference):{' '}
              {result.coldStarts
                .map(
                  (c) =>
                    `${c.kind.toUpperCase()} (${c.provider}) ${Math.round(c.ms).toLocaleString('en-US')} ms`,
                )
                .join(', ')}
              . Use in simulation makes the CPU one the autoscaled replicas&apos; cold start.
            </p>
          )}
          {result.notes.map((n) => (
            <p key={n} className="text-xs text-amber-800">
              {n}
            </p>
          ))}
          <div className="flex gap-2">
            <button type="button" className="btn-primary text-xs" onClick={use}>
              Use in simulation
            </button>
            <a
              className="rounded border border-slate-300 px-3 py-1 text-xs"
              download="profile.json"
              href={download}
            >
              Download profile.json
            </a>
          </div>
        </div>
      )}
    </Panel>
  );
});
