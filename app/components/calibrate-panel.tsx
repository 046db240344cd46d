// Calibrate: measure this device's latency per model x batch size on the WebGPU and WASM lanes and
// use it as the simulation's service model (or download it as profile.json). The measuring runs in
// lane workers (src/profiler/calibrate.ts); this panel only starts it and shows progress and result.

import { memo, useMemo, useState } from 'react';
import { buildConfig } from '../config/settings.ts';
import { appStore } from '../state/app-store.ts';
import { loadSettings } from '../state/actions.ts';
import type { Calibration, CalibrateProgress } from '../../src/profiler/calibrate.ts';
import { formatProfile } from '../../src/profiler/profile-table.ts';

export const CalibratePanel = memo(function CalibratePanel() {
  const [progress, setProgress] = useState<CalibrateProgress | null>(null);
  const [result, setResult] = useState<Calibration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = progress !== null && result === null && error === null;

  const start = async (): Promise<void> => {
    setResult(null);
    setError(null);
    setProgress({ fraction: 0, detail: 'starting lanes' });
    try {
      // Loaded on demand: calibration pulls in the lane client, not needed otherwise.
      const { calibrate, DEFAULT_CALIBRATION } = await import('../../src/profiler/calibrate.ts');
      setResult(await calibrate(DEFAULT_CALIBRATION, setProgress));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const use = (): void => {
    if (!result) return;
    const { settings, base } = appStore.getState();
    const config = { ...buildConfig(settings, base), service: result.service };
    void loadSettings(settings, { config, name: 'calibrated profile' });
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

  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-sm"
      aria-label="Calibrate"
      data-testid="calibrate"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="rounded bg-slate-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          onClick={() => void start()}
          disabled={running}
        >
          Calibrate
        </button>
        <span className="text-xs text-slate-500">
          Measure ResNet-18/50 and ViT-S/16 at batch 1-8 on this device (WebGPU and WASM lanes) and
          use it as the simulation's service model.
        </span>
      </div>
      {progress && (
        <div className="mt-1 flex items-center gap-2 text-xs" data-testid="calibrate-progress">
          <progress className="h-1.5 w-40" max={1} value={progress.fraction} />
          <span>{progress.detail}</span>
        </div>
      )}
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
      {result && (
        <div className="mt-1 flex flex-col gap-1" data-testid="calibrate-result">
          <pre className="overflow-x-auto text-xs">
            {formatProfile(result.curves, [1, 2, 4, 8])}
          </pre>
          {result.notes.map((n) => (
            <p key={n} className="text-xs text-amber-700">
              {n}
            </p>
          ))}
          <div className="flex gap-2">
            <button
              type="button"
              className="rounded bg-sky-600 px-3 py-1 text-xs font-medium text-white"
              onClick={use}
            >
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
    </section>
  );
});
