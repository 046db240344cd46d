// An LLM run's steps as Chrome trace-event JSON (opens in Perfetto or chrome://tracing): one thread
// per lane, one complete ("X") slice per step named by its batch (sequences, prompt tokens,
// decodes), with the step's figures as arguments, and the KV blocks in use as a counter track.
// Streamed in chunks like the CSV files; lane names go through JSON.stringify, never raw. A live
// run's steps carry more arguments (the lane's own measured time, its backend).

import type { StepFigures } from './step-batch.ts';
import { TraceEventStream } from '../trace-events.ts';

export class ChromeStepsWriter extends TraceEventStream {
  constructor(
    write: (chunk: string) => void,
    lanes: readonly string[],
    name = 'SchedLab LLM (simulated)',
  ) {
    super(write);
    this.event(JSON.stringify({ name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name } }));
    lanes.forEach((lane, i) =>
      this.event(
        JSON.stringify({ name: 'thread_name', ph: 'M', pid: 1, tid: i + 1, args: { name: lane } }),
      ),
    );
  }

  step(
    lane: number,
    start: number,
    end: number,
    b: StepFigures,
    blocksUsed: number,
    args?: Readonly<Record<string, string | number>>,
  ): void {
    const ts = Math.round(start * 1e6) / 1000;
    const extra = args === undefined ? '' : JSON.stringify(args).slice(1, -1);
    const more = extra === '' ? '' : ',' + extra;
    const name =
      b.prefillTokens > 0
        ? `step ×${b.size} (${b.prefillTokens} prompt tokens, ${b.decodeSeqs} decodes)`
        : `step ×${b.size} (decode)`;
    this.event(
      `{"name":${JSON.stringify(name)},"cat":"step","ph":"X","pid":1,"tid":${lane + 1},"ts":${ts},"dur":${Math.round((end - start) * 1e6) / 1000},` +
        `"args":{"sequences":${b.size},"prefill_tokens":${b.prefillTokens},"decode_sequences":${b.decodeSeqs},"kv_tokens_read":${b.kvRead},"preempted":${b.preemptedCount},"swap_bytes":${b.swapBytes},"blocks_in_use":${blocksUsed}${more}}}`,
    );
    this.event(
      `{"name":"KV blocks lane ${lane + 1}","ph":"C","pid":1,"ts":${Math.round(end * 1e6) / 1000},"args":{"blocks":${blocksUsed}}}`,
    );
    this.rows++;
  }
}
