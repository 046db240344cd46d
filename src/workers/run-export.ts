// Exports by deterministic replay. The live run keeps no per-job history (its memory is bounded by the
// jobs in flight), so an export re-runs the same seeded config from zero, applying each recorded
// control change at the simulated time it happened, up to the moment of the export, and streams the
// output in chunks. The engine is deterministic for a seed and a control log, so the replay ends
// with the same ledger as the live run; a million jobs replay in about a second, off the page's
// thread.

import { Engine, type SpanSink } from '../engine/engine.ts';
import { expandLanes, type Config, type SchedulerName } from '../engine/config.ts';
import { CsvTraceWriter } from '../engine/trace-writer.ts';
import { CLASS_NAMES } from '../engine/job-table.ts';
import type { ExportFormat } from './protocol.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';

/** A control change applied to the live engine, at simulated time `t` (all events <= t processed). */
export type Control =
  | { t: number; op: 'rate'; value: number }
  | { t: number; op: 'scheduler'; value: SchedulerName }
  | { t: number; op: 'ratio'; value: number }
  | { t: number; op: 'fail'; value: number }
  | { t: number; op: 'recover'; value: number }
  /** A user policy took over (`value`: its source; `factory` builds a fresh instance of it). */
  | { t: number; op: 'policy'; value: string; factory: SchedulerFactory };

export function applyControl(engine: Engine, c: Control): void {
  switch (c.op) {
    case 'rate':
      engine.setRate(c.value);
      break;
    case 'scheduler':
      engine.setScheduler(c.value);
      break;
    case 'ratio':
      engine.setInteractiveRatio(c.value);
      break;
    case 'fail':
      engine.failLane(c.value);
      break;
    case 'recover':
      engine.recoverLane(c.value);
      break;
    case 'policy':
      engine.setCustomScheduler(c.factory);
      break;
  }
}

/** Re-run `config` with `controls` up to `until` (ms). */
export function replay(
  config: Config,
  controls: readonly Control[],
  until: number,
  options: { trace?: CsvTraceWriter; spans?: SpanSink; scheduler?: SchedulerFactory },
): Engine {
  const engine = new Engine(config, options);
  for (const c of controls) {
    engine.advanceTo(c.t);
    applyControl(engine, c);
  }
  engine.advanceTo(until);
  return engine;
}

/** Chrome trace-event JSON: one process, lanes as threads, runs as complete ("X") slices. */
class ChromeTraceWriter implements SpanSink {
  private buf: string;
  private first = true;
  rows = 0;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly models: readonly string[],
    lanes: readonly string[],
  ) {
    const meta = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'SchedLab (simulated)' } },
      ...lanes.map((name, i) => ({
        name: 'thread_name',
        ph: 'M',
        pid: 1,
        tid: i + 1,
        args: { name },
      })),
    ];
    this.buf =
      '{"displayTimeUnit":"ms","traceEvents":[\n' + meta.map((m) => JSON.stringify(m)).join(',\n');
    this.first = meta.length === 0;
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
      pid: 1,
      tid: lane + 1,
      ts: Math.round(start * 1e6) / 1000,
      dur: Math.round((end - start) * 1e6) / 1000,
      args: { first_job: firstJobId, batch_size: batchSize, model: this.models[model], failed },
    };
    this.buf += (this.first ? '' : ',\n') + JSON.stringify(event);
    this.first = false;
    this.rows++;
    if (this.buf.length >= 1 << 16) {
      this.write(this.buf);
      this.buf = '';
    }
  }

  flush(): void {
    this.write(this.buf + '\n]}\n');
    this.buf = '';
  }
}

/** Replay and stream one export; returns the row count and the replayed engine. */
export function exportRun(
  config: Config,
  controls: readonly Control[],
  until: number,
  format: ExportFormat,
  write: (chunk: string) => void,
  /** The user policy the run started with, if any. */
  scheduler?: SchedulerFactory,
): { rows: number; engine: Engine } {
  const start = scheduler ? { scheduler } : {};
  const models = Object.keys(config.mix.models);
  const lanes = expandLanes(config).map((l) => l.name);
  if (format === 'trace-csv') {
    const decoder = new TextDecoder();
    const writer = new CsvTraceWriter((bytes) => write(decoder.decode(bytes)), models, lanes);
    const engine = replay(config, controls, until, { trace: writer, ...start });
    writer.flush();
    return { rows: writer.rows, engine };
  }
  const chrome = new ChromeTraceWriter(write, models, lanes);
  const engine = replay(config, controls, until, { spans: chrome, ...start });
  chrome.flush();
  return { rows: chrome.rows, engine };
}
