// What `npm run sim` writes for an LLM run besides summary.json: trace.csv with one row per request
// and steps.csv with one row per step (both streamed to disk as the run goes), the LLM plots (TTFT,
// TPOT and ITL CDFs per class against their SLOs, KV blocks in use over time), and the lines it
// prints. Every file goes through the output folder (cli/io/output-folder.ts): names checked,
// streams written to a temporary name and renamed into place when closed, never through a link.

import type { OutputFolder, OutputStream } from './io/output-folder.ts';
import { expandLanes, type Config } from '../src/engine/config.ts';
import type { Engine } from '../src/engine/engine.ts';
import { ChromeStepsWriter } from '../src/engine/llm/chrome-trace.ts';
import { LlmCsvSink, LlmTraceCsv, StepsCsv } from '../src/engine/llm/csv-writers.ts';
import type { Dist } from '../src/engine/llm/metrics.ts';
import type { Summary } from '../src/engine/summary.ts';
import { CLASS_COLOURS, latencyCdfSvg, timelineSvg } from './plots.ts';
import { CDF_PROBS } from './report.ts';

export interface LlmFiles {
  sink: LlmCsvSink;
  /** Create trace.csv, steps.csv (and with `chrome`, steps.trace.json) in `out`, streamed to
   * temporary names until `close`; the sink may be handed to an engine before, but writes only
   * after. */
  open(out: OutputFolder): void;
  /** Close the files (renaming them into place); call after `engine.finish()` has flushed. */
  close(): void;
}

/** The files an LLM run streams, by the output name each goes to. */
const STREAMS = { trace: 'trace.csv', steps: 'steps.csv', chrome: 'steps.trace.json' } as const;
type StreamKey = keyof typeof STREAMS;

/** trace.csv and steps.csv of an LLM run, opened once the output folder exists. */
export function deferredLlmFiles(config: Config, chrome = false, chunkBytes = 1 << 20): LlmFiles {
  const lanes = expandLanes(config).map((l) => l.name);
  const streams: Partial<Record<StreamKey, OutputStream>> = {};
  const to = (key: StreamKey) => (chunk: Uint8Array | string) => {
    const stream = streams[key];
    if (stream === undefined) throw new Error(`${STREAMS[key]}: written before it was opened`);
    stream.write(chunk);
  };
  const sink = new LlmCsvSink(
    new LlmTraceCsv(to('trace'), lanes, chunkBytes),
    new StepsCsv(to('steps'), lanes, chunkBytes),
    ...(chrome ? [new ChromeStepsWriter(to('chrome'), lanes)] : []),
  );
  const keys: StreamKey[] = chrome ? ['trace', 'steps', 'chrome'] : ['trace', 'steps'];
  return {
    sink,
    open(out) {
      for (const key of keys) streams[key] = out.stream(STREAMS[key]);
    },
    close() {
      for (const key of keys) {
        streams[key]?.close();
        delete streams[key];
      }
    },
  };
}

/** The LLM plots: TTFT, TPOT and ITL CDFs per class with their SLOs; KV blocks over time. */
export function writeLlmPlots(engine: Engine, out: OutputFolder): void {
  const llm = engine.llm;
  if (llm === undefined) return;
  const cfg = llm.config;
  const classes = [
    {
      cls: 0,
      name: 'interactive',
      colour: CLASS_COLOURS.interactive,
      slo: cfg.classes.interactive,
    },
    { cls: 1, name: 'batch', colour: CLASS_COLOURS.batch, slo: cfg.classes.batch },
  ].filter((c) => llm.m.classes[c.cls]!.completed > 0);
  const cdf = (
    pick: (cls: number) => Dist,
    slo: (c: (typeof classes)[number]) => number | undefined,
  ) =>
    classes
      .filter((c) => pick(c.cls).count > 0)
      .map((c) => {
        const s = pick(c.cls).sketch;
        const sloMs = slo(c);
        return {
          label: c.name,
          colour: c.colour,
          values: CDF_PROBS.map((q) => s.getValueAtQuantile(q)),
          ...(sloMs !== undefined ? { sloMs } : {}),
        };
      });
  const m = llm.m;
  const cdfs: [
    string,
    (c: number) => Dist,
    (c: (typeof classes)[number]) => number | undefined,
    string,
    string,
    string,
  ][] = [
    [
      'ttft-cdf.svg',
      (c) => m.classes[c]!.ttft,
      (c) => c.slo.ttft_ms,
      'Time to first token (TTFT) CDF',
      'TTFT: arrival to first token (ms, log scale)',
      'fraction of requests',
    ],
    [
      'tpot-cdf.svg',
      (c) => m.classes[c]!.tpot,
      (c) => c.slo.tpot_ms,
      'Time per output token (TPOT) CDF',
      'TPOT: after the first token, per further token (ms, log scale)',
      'fraction of requests',
    ],
    [
      'itl-cdf.svg',
      (c) => m.classes[c]!.itl,
      () => undefined,
      'Inter-token latency (ITL) CDF',
      'gap between consecutive tokens of a request (ms, log scale)',
      'fraction of token gaps',
    ],
  ];
  for (const [file, pick, slo, title, x, y] of cdfs) {
    out.write(file, latencyCdfSvg(CDF_PROBS, cdf(pick, slo), title, x, y));
  }
  out.write(
    'kv-timeline.svg',
    timelineSvg(
      'KV-cache blocks in use (all lanes, most in each second)',
      [{ label: 'blocks in use', colour: '#7048e8', values: m.kvPerSecond }],
      'blocks',
    ),
  );
}

/** The lines `npm run sim` prints for an LLM run. */
export function llmLines(summary: Summary): string[] {
  const t = summary.ttft_ms!;
  const p = summary.tpot_ms!;
  const i = summary.itl_ms!;
  const tok = summary.tokens!;
  const llm = summary.llm!;
  return [
    `TTFT p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms; TPOT p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms; ITL p99 ${i.p99.toFixed(2)} ms`,
    `goodput ${summary.goodput_per_s!.toFixed(2)} requests/s; ${tok.prompt_per_s.toFixed(0)} prompt and ${tok.generated_per_s.toFixed(0)} generated tokens/s; ${summary.preemptions} preemptions`,
    `KV blocks in use: mean ${llm.kv_blocks.mean.toFixed(0)}, peak ${llm.kv_blocks.peak} of ${llm.kv_blocks.capacity}; ${llm.steps.count} steps, ${llm.steps.mean_batch_size.toFixed(1)} sequences a step`,
  ];
}
