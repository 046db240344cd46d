// Exports by deterministic replay. The live run keeps no per-job history (its memory is bounded by the
// jobs in flight), so an export re-runs the same seeded config from zero, applying each recorded
// control change at the simulated time it happened, up to the moment of the export, and streams the
// output in chunks. The engine is deterministic for a seed and a control log, so the replay ends
// with the same ledger as the live run; a million jobs replay in about a second, off the page's
// thread.

import { Engine, type SpanSink } from '../engine/engine.ts';
import { expandLanes, type Config } from '../engine/config.ts';
import { CsvTraceWriter } from '../engine/trace-writer.ts';
import { CLASS_NAMES } from '../engine/job-table.ts';
import type { ExportFormat } from './protocol.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type { AutoscalerFactory } from '../engine/engine-types.ts';
import { applyControl, type Control } from './control-log.ts';
import type { SimMs } from '../engine/units.ts';
import { TraceEventStream } from '../engine/trace-events.ts';

/** Re-run `config` with `controls` up to `until` (ms). */
export function replay(
  config: Config,
  controls: readonly Control[],
  until: SimMs,
  options: {
    trace?: CsvTraceWriter;
    spans?: SpanSink;
    scheduler?: SchedulerFactory;
    autoscaler?: AutoscalerFactory;
  },
): Engine {
  const engine = new Engine(config, options);
  for (const c of controls) {
    engine.advanceTo(c.t);
    applyControl(engine, c);
  }
  engine.advanceTo(until);
  return engine;
}

/**
 * Chrome trace-event JSON: a process per side (one outside compare mode), lanes as its threads,
 * runs as complete ("X") slices.
 */
class ChromeTraceWriter extends TraceEventStream implements SpanSink {
  private pid = 1;
  private models: readonly string[] = [];

  /** Start a process (`sorted`: pin its place in the viewer, A above B); the spans that follow
   * belong to it. */
  process(
    pid: number,
    name: string,
    lanes: readonly string[],
    models: readonly string[],
    sorted = false,
  ): void {
    this.pid = pid;
    this.models = models;
    const meta = [
      { name: 'process_name', ph: 'M', pid, tid: 0, args: { name } },
      ...(sorted
        ? [{ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } }]
        : []),
      ...lanes.map((lane, i) => ({
        name: 'thread_name',
        ph: 'M',
        pid,
        tid: i + 1,
        args: { name: lane },
      })),
    ];
    for (const m of meta) this.event(JSON.stringify(m));
  }

  span(
    lane: number,
    start: number,
    end: number,
    firstJobId: number,
    cls: number,
    model: number,
    batchSize: number,
    failed: boolean,
  ): void {
    const name =
      (batchSize > 1 ? `batch ×${batchSize} ` : `job ${firstJobId} `) +
      this.models[model] +
      (failed ? ' (failed)' : '');
    const event = {
      name,
      cat: CLASS_NAMES[cls],
      ph: 'X',
      pid: this.pid,
      tid: lane + 1,
      ts: Math.round(start * 1e6) / 1000,
      dur: Math.round((end - start) * 1e6) / 1000,
      args: { first_job: firstJobId, batch_size: batchSize, model: this.models[model], failed },
    };
    this.event(JSON.stringify(event));
    this.rows++;
  }
}

/** What an export replays for one side: its config and control log, up to its clock. */
export interface ExportSide {
  config: Config;
  controls: readonly Control[];
  until: SimMs;
  /** Compare mode: 'a' or 'b' (the CSV's side column, the Chrome trace's process name). */
  name?: string;
  /** The policy in effect at the export, for the Chrome trace's process name. */
  scheduler?: string;
  /** The user policy the side started with, if any. */
  policy?: SchedulerFactory;
  /** The user autoscaler the side ran with, if any. */
  autoscaler?: AutoscalerFactory;
}

/**
 * Replay and stream one export of one side, or of compare mode's two (A's rows, then B's); returns
 * the row count and the replayed engines.
 */
export function exportRun(
  sides: readonly ExportSide[],
  format: ExportFormat,
  write: (chunk: string) => void,
): { rows: number; engines: Engine[] } {
  const engines: Engine[] = [];
  const start = (side: ExportSide) => ({
    ...(side.policy ? { scheduler: side.policy } : {}),
    ...(side.autoscaler ? { autoscaler: side.autoscaler } : {}),
  });
  if (format === 'trace-csv') {
    const decoder = new TextDecoder();
    let rows = 0;
    sides.forEach((side, k) => {
      const models = Object.keys(side.config.mix.models);
      const lanes = expandLanes(side.config).map((l) => l.name);
      const writer = new CsvTraceWriter(
        (bytes) => write(decoder.decode(bytes)),
        models,
        lanes,
        1 << 16,
        side.name !== undefined
          ? { lead: { column: 'side', value: side.name }, header: k === 0 }
          : {},
      );
      engines.push(
        replay(side.config, side.controls, side.until, { trace: writer, ...start(side) }),
      );
      writer.flush();
      rows += writer.rows;
    });
    return { rows, engines };
  }
  const chrome = new ChromeTraceWriter(write);
  sides.forEach((side, k) => {
    const models = Object.keys(side.config.mix.models);
    const lanes = expandLanes(side.config).map((l) => l.name);
    const label =
      side.name !== undefined
        ? `${side.name.toUpperCase()}: ${side.scheduler ?? side.config.scheduler.name} (SchedLab, simulated)`
        : 'SchedLab (simulated)';
    chrome.process(k + 1, label, lanes, models, side.name !== undefined);
    engines.push(replay(side.config, side.controls, side.until, { spans: chrome, ...start(side) }));
  });
  chrome.flush();
  return { rows: chrome.rows, engines };
}
