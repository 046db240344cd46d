// Export and import: trace CSV and Chrome trace (streamed from the worker), summary and config JSON,
// Prometheus metrics, and a file picker for configs and traces (drag and drop works anywhere on the
// page).

import { memo, useId, useState } from 'react';
import { appStore, useApp } from '../state/app-store.ts';
import { Panel } from './panel.tsx';
import {
  cancelImport,
  clearImport,
  exportConfig,
  exportPrometheus,
  exportStream,
  exportSummary,
  importUserFile,
} from '../state/import-export.ts';

/** One button per export: its label, and the action that saves it and returns the status line. */
const EXPORTS: readonly { label: string; save: () => Promise<string> }[] = [
  {
    label: 'Trace CSV',
    save: async () => {
      const r = await exportStream('trace-csv');
      const sides = r.result!.ledgerB ? ' of A and B, with a side column' : '';
      return `Trace CSV: ${r.result!.rows.toLocaleString('en-US')} jobs${sides} (${(r.bytes / 1e6).toFixed(1)} MB)`;
    },
  },
  {
    label: 'Summary JSON',
    save: async () => {
      await exportSummary();
      return 'Summary JSON saved';
    },
  },
  {
    label: 'Prometheus metrics',
    save: async () => {
      await exportPrometheus();
      return 'Prometheus metrics saved (text exposition format)';
    },
  },
  {
    label: 'Chrome trace',
    save: async () => {
      const r = await exportStream('chrome-trace');
      const sides = r.result!.ledgerB ? ' (A and B as two processes)' : '';
      return `Chrome trace: ${r.result!.rows.toLocaleString('en-US')} slices${sides}; open it in ui.perfetto.dev or chrome://tracing`;
    },
  },
  {
    label: 'Config JSON',
    save: async () => {
      exportConfig();
      return 'Config JSON saved (import it to reproduce the run)';
    },
  },
];

export const DataPanel = memo(function DataPanel() {
  const id = useId();
  const baseName = useApp((s) => s.baseName);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const run = async (label: string, fn: () => Promise<string>): Promise<void> => {
    setBusy(label);
    setStatus(`${label}…`);
    try {
      setStatus(await fn());
    } catch (e) {
      setStatus(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  // An import's outcome is said here too, beside the button (the notice at the top may be far off).
  const importFile = async (file: File): Promise<void> => {
    setStatus(`Reading ${file.name}…`);
    await importUserFile(file);
    const notice = appStore.getState().notice;
    setStatus(notice ? notice.title : '');
  };

  return (
    <Panel title="Export and import" className="gap-2">
      <div className="flex flex-wrap gap-1">
        {EXPORTS.map(({ label, save }) => (
          <button
            key={label}
            type="button"
            className="btn px-2 text-xs"
            disabled={busy !== null}
            onClick={() => void run(label, save)}
          >
            {label}
          </button>
        ))}
      </div>
      <p className="hint min-h-4" aria-live="polite" data-testid="export-status">
        {status}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {/* The file input is hidden; its label is the visible button and shows its focus ring. */}
        <input
          id={`${id}-file`}
          type="file"
          className="peer sr-only"
          accept=".json,.yaml,.yml,.csv,.txt"
          data-testid="import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <label
          htmlFor={`${id}-file`}
          className="btn cursor-pointer px-2 text-xs peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-600"
        >
          Import config or trace…
        </label>
        {baseName && (
          <button type="button" className="btn px-2 text-xs" onClick={() => void clearImport()}>
            Forget {baseName}
          </button>
        )}
      </div>
      <ImportProgress />
      <p className="hint">
        Config: JSON or YAML (the <code>npm run sim</code> schema). Trace: <code>.txt</code>{' '}
        requests per second, or <code>.csv</code> arrival timestamps. Or drop a file on the page.
      </p>
    </Panel>
  );
});

/** An import in progress: its share parsed (in the import worker) and a Cancel button. */
const ImportProgress = memo(function ImportProgress() {
  const importing = useApp((s) => s.importing);
  if (!importing) return null;
  const pct = Math.round(importing.fraction * 100);
  return (
    <div
      className="flex items-center gap-2 text-[11px] text-slate-700"
      data-testid="import-progress"
    >
      <span className="min-w-0 truncate">Reading {importing.name}…</span>
      <progress
        className="h-2 w-24"
        max={100}
        value={pct}
        aria-label={`Import of ${importing.name}`}
      >
        {pct}%
      </progress>
      <span className="tabular-nums">{pct}%</span>
      <button type="button" className="btn px-2 py-0 text-xs" onClick={cancelImport}>
        Cancel
      </button>
    </div>
  );
});
