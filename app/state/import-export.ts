// Import and export actions. Exports stream from the worker (trace CSV, Chrome trace) into Blob
// parts, so a run of a million jobs never becomes one giant string on the page. Imports validate
// fully before anything changes. In compare mode every export carries both sides: the summary per
// side, a `side` column in the trace CSV, A and B as two processes in the Chrome trace, a `side`
// label in the Prometheus metrics, and one config file per side.

import { prometheusText } from '../../src/engine/prometheus.ts';
import { buildConfig } from '../config/settings.ts';
import { repriced } from '../config/prices.ts';
import { differences, sideSettings } from '../config/compare-settings.ts';
import { clip } from '../../src/engine/echo.ts';
import { startImport, type ImportJob } from '../config/import-client.ts';
import { downloadBlob, downloadText } from '../export/download.ts';
import { engineClient } from '../engine-client.ts';
import type { ExportFormat, ExportResult } from '../../src/workers/protocol.ts';
import { appStore } from './app-store.ts';
import { loadSettings, showNotice } from './actions.ts';

/** The last export's figures, for the panel and for tests. */
export interface ExportRecord {
  format: ExportFormat | 'summary' | 'prometheus' | 'config';
  result?: ExportResult;
  bytes: number;
}

let lastExport: ExportRecord | null = null;

/** Export text gathered into one Blob part (~4 MB: ~5 ms to encode, ~30 parts a million jobs). */
const EXPORT_PART_BYTES = 4 << 20;
export const getLastExport = (): ExportRecord | null => lastExport;

export async function exportStream(format: ExportFormat): Promise<ExportRecord> {
  const client = await engineClient();
  // Chunks become Blobs as they arrive, a few MB at a time, so the UTF-8 encoding and the blob
  // registration (a round trip to the browser process) are spread over the stream: one
  // `new Blob(strings)` at the end took a single ~300 ms task for a million-job trace (~110 MB), and
  // a Blob per chunk (~1,700 parts) still a ~240 ms one.
  const parts: Blob[] = [];
  let pending: string[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    parts.push(new Blob(pending));
    pending = [];
    pendingBytes = 0;
  };
  const result = await client.exportRun(format, (text) => {
    pending.push(text);
    pendingBytes += text.length;
    bytes += text.length;
    if (pendingBytes >= EXPORT_PART_BYTES) flush();
  });
  flush();
  const both = appStore.getState().compare.enabled ? '-compare' : '';
  const name =
    format === 'trace-csv' ? `schedlab${both}-trace.csv` : `schedlab${both}-trace.chrome.json`;
  downloadBlob(
    name,
    new Blob(parts, { type: format === 'trace-csv' ? 'text/csv' : 'application/json' }),
  );
  lastExport = { format, result, bytes };
  return lastExport;
}

/** Compare mode's summary file: each side's summary.json, and what differs. */
export const COMPARE_SUMMARY_FORMAT = 'schedlab.compare/1';

export async function exportSummary(): Promise<void> {
  const { api } = await engineClient();
  const { settings, compare } = appStore.getState();
  let text: string;
  if (compare.enabled) {
    const [a, b] = (await Promise.all([api.summary('a'), api.summary('b')])).map((x) =>
      repriced(x, settings.prices),
    );
    const differs = differences(settings, compare).map(({ key, a: va, b: vb }) => ({
      setting: key,
      a: va,
      b: vb,
    }));
    text = JSON.stringify({ format: COMPARE_SUMMARY_FORMAT, differs, a, b }, null, 2);
    downloadText('schedlab-compare-summary.json', text, 'application/json');
  } else {
    text = JSON.stringify(repriced(await api.summary(), settings.prices), null, 2);
    downloadText('schedlab-summary.json', text, 'application/json');
  }
  lastExport = { format: 'summary', bytes: text.length };
}

/** The summary in Prometheus text format, as the source system's dashboards scraped it (both
 * sides, labelled, in compare mode). */
export async function exportPrometheus(): Promise<void> {
  const { api } = await engineClient();
  const { prices } = appStore.getState().settings;
  const text = appStore.getState().compare.enabled
    ? prometheusText([
        { side: 'a', summary: repriced(await api.summary('a'), prices) },
        { side: 'b', summary: repriced(await api.summary('b'), prices) },
      ])
    : prometheusText(repriced(await api.summary(), prices));
  downloadText('schedlab-metrics.prom', text, 'text/plain');
  lastExport = { format: 'prometheus', bytes: text.length };
}

/** The config as JSON (each side's in compare mode: two files, each importable). */
export function exportConfig(): void {
  const { settings, base, compare } = appStore.getState();
  let bytes = 0;
  const save = (name: string, s: typeof settings): void => {
    const text = JSON.stringify(buildConfig(s, base), null, 2);
    downloadText(name, text, 'application/json');
    bytes += text.length;
  };
  if (compare.enabled) {
    save('schedlab-config-a.json', settings);
    save('schedlab-config-b.json', sideSettings(settings, compare, 'b'));
  } else {
    save('schedlab-config.json', settings);
  }
  lastExport = { format: 'config', bytes };
}

/** The import in progress, if any (one at a time: a new import cancels it). */
let currentImport: ImportJob | undefined;

/** Cancel the import in progress: the run and the settings stay as they were. */
export function cancelImport(): void {
  currentImport?.cancel();
}

/**
 * Import one file, parsed in the import worker with its progress shown (app store `importing`);
 * on any problem show it and change nothing. The current run goes on until the import succeeds.
 */
export async function importUserFile(file: File): Promise<boolean> {
  currentImport?.cancel();
  const name = clip(file.name, 60);
  appStore.setState({ importing: { name, fraction: 0 } });
  const job = startImport(file, (fraction) => {
    if (currentImport === job) appStore.setState({ importing: { name, fraction } });
  });
  currentImport = job;
  const outcome = await job.done;
  if (currentImport !== job) return false; // a newer import took over
  currentImport = undefined;
  appStore.setState({ importing: undefined });
  if (outcome.kind === 'cancelled') {
    showNotice({
      kind: 'info',
      title: `Import of ${name} cancelled; nothing changed`,
      details: [],
    });
    return false;
  }
  if (outcome.kind === 'failed') {
    showNotice({
      kind: 'error',
      title: `Could not read ${name}`,
      details: [clip(outcome.message)],
    });
    return false;
  }
  const result = outcome.result;
  if (!result.ok) {
    showNotice({
      kind: 'error',
      title: `${name} was not imported; nothing changed`,
      details: result.problems,
    });
    return false;
  }
  if (result.kind === 'lesson') {
    const [{ addLesson }, { openLessons }] = await Promise.all([
      import('../lessons/catalog.ts'),
      import('../lessons/lesson-store.ts'),
    ]);
    addLesson(result.lesson);
    openLessons(result.lesson.id, 0);
    showNotice({
      kind: 'info',
      title: `Opened the lesson ${clip(result.lesson.title, 80)}`,
      details: [],
    });
    return true;
  }
  if (result.kind === 'config') {
    const ok = await loadSettings(result.settings, { config: result.config, name });
    if (ok) showNotice({ kind: 'info', title: `Imported ${name}`, details: result.notes });
    return ok;
  }
  const { settings, base } = appStore.getState();
  const config = { ...buildConfig(settings, base), arrivals: result.arrivals };
  const ok = await loadSettings(settings, { config, name });
  if (ok) showNotice({ kind: 'info', title: `Replaying ${name}`, details: result.notes });
  return ok;
}

/** Go back to generated (Poisson) arrivals and the app's own service model. */
export function clearImport(): Promise<boolean> {
  return loadSettings(appStore.getState().settings, null);
}
