// A live LLM run: the engine, with its arrivals, step scheduler and metrics, on the wall clock, its
// steps run by real decoder lanes through DecoderExecutor. The engine's clock is milliseconds since
// the run began; the loop advances it to now, then sleeps until the next arrival or until a step in
// flight ends, whichever comes first. Nothing is simulated but the arrivals' times and lengths,
// which come from the seed exactly as in the simulated twin (same config, same seed, no executor).
// Used by `npm run validate -- --llm` and the tests; the page's worker drives the same executor.

import { Engine } from '../engine/engine.ts';
import type { Config } from '../engine/config.ts';
import type { Summary } from '../engine/summary.ts';
import type { SimMs } from '../engine/units.ts';
import type { LlmTraceSink } from '../engine/llm/trace-sink.ts';
import { DecoderExecutor, type DecoderLaneHandle, type LiveStep } from './llm-executor.ts';

export interface LiveLlmOptions {
  config: Config;
  /** One decoder lane per lane of the config. */
  lanes: readonly DecoderLaneHandle[];
  vocab: number;
  /** Give up (with an error) after this much wall time, ms. */
  timeoutMs?: number;
  onToken?: (id: number, token: number, index: number) => void;
  sink?: LlmTraceSink;
}

export interface LiveLlmResult {
  summary: Summary;
  steps: LiveStep[];
  /** Each completed request's generated tokens, by id (the ones it ended with). */
  outputs: Map<number, number[]>;
  /** Each request's prompt tokens, by id. */
  prompts: Map<number, number[]>;
  wallMs: number;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, 2 ** 31 - 1))));

export async function runLiveLlm(o: LiveLlmOptions): Promise<LiveLlmResult> {
  if (o.config.llm === undefined)
    throw new Error('live LLM mode needs a config with an llm section');
  if (o.config.llm.prefix_caching) {
    throw new Error(
      'live LLM mode does not run prefix caching: a decoder lane shares no KV blocks',
    );
  }
  const t0 = performance.now();
  const clock = (): number => performance.now() - t0;
  const steps: LiveStep[] = [];
  const outputs = new Map<number, number[]>();
  const prompts = new Map<number, number[]>();
  // The executor answers the engine, which is made with the executor: set just below.
  const ref: { engine?: Engine } = {};
  const exec = new DecoderExecutor({
    lanes: o.lanes,
    vocab: o.vocab,
    clock,
    complete: (lane, seq, end) => ref.engine!.completeStep(lane, seq, end as SimMs),
    promptOf: (req) => ref.engine!.llm!.reqs.prompt[req]!,
    onToken: o.onToken,
    onStep: (s) => steps.push(s),
  });
  // Keep each completed request's tokens before the executor forgets them.
  const keep: LlmTraceSink = {
    request(row) {
      const known = exec.tokensOf(row.id);
      const n = exec.promptLengthOf(row.id);
      if (row.outcome === 'completed' && known && n !== undefined) {
        prompts.set(row.id, known.slice(0, n));
        outputs.set(row.id, known.slice(n));
      }
      o.sink?.request(row);
    },
    step: (lane, start, end, batch, used) => o.sink?.step(lane, start, end, batch, used),
    flush: () => o.sink?.flush(),
  };
  const engine = new Engine(o.config, { llmExecutor: exec, llmSink: exec.sink(keep) });
  ref.engine = engine;
  const timeout = o.timeoutMs ?? 600_000;
  for (;;) {
    if (exec.error !== undefined) throw exec.error;
    engine.advanceTo(clock() as SimMs);
    if (exec.error !== undefined) throw exec.error;
    if (engine.done) break;
    if (clock() > timeout) {
      throw new Error(`live LLM run passed its ${timeout / 1000} s limit`);
    }
    const wait = engine.nextEventTime - clock();
    if (exec.inFlight > 0) await Promise.race([exec.settled(), sleep(wait)]);
    else if (Number.isFinite(wait)) await sleep(wait);
    else throw new Error('live LLM run is stuck: nothing runs and nothing is due');
  }
  // Requests still held by the lanes when the run ended (a stopped run) are dropped.
  engine.finish();
  await exec.settled();
  return { summary: engine.summary(), steps, outputs, prompts, wallMs: clock() };
}
