// Live LLM mode on a real decoder: the engine's step scheduler drives the tiny decoder on
// onnxruntime-web's WASM backend (the CPU lane's runtime) in Node. Continuous batching, chunked
// prefill and preemption (recompute and swap) must not change what the model writes: every request's
// tokens equal those of greedy decoding its prompt alone. The ledgers balance, every step is
// measured, and a step's load is the one the engine priced.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../engine/config.ts';
import { DECODERS } from '../models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../models/decoders/decoder-models.ts';
import { DecoderRunner, decoderSessionOptions } from './lanes/decoder-runner.ts';
import { runLiveLlm } from './llm-live.ts';

const ID = 'decoder_tiny';
const CONFIG = DECODERS[ID].config;
let session: ort.InferenceSession;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  session = await newSession();
}, 60_000);

const newSession = (): Promise<ort.InferenceSession> =>
  ort.InferenceSession.create(
    makeDecoderModel(ID, 'standard', 0),
    decoderSessionOptions('wasm', CONFIG),
  );

const runner = (numBlocks?: number, blockTokens = 16, own = session): DecoderRunner =>
  new DecoderRunner({
    Tensor: ort.Tensor,
    session: own,
    config: CONFIG,
    attention: 'standard',
    blockTokens,
    ...(numBlocks === undefined ? {} : { numBlocks }),
  });

/** Greedy decoding of `prompt` alone, `n` tokens. */
async function alone(prompt: number[], n: number): Promise<number[]> {
  const r = runner();
  const out: number[] = [];
  let res = await r.step({ seqs: [{ seq: 1, tokens: prompt, position: 0 }] });
  out.push(res.outputs[0]!.token);
  while (out.length < n) {
    res = await r.step({
      seqs: [{ seq: 1, tokens: [out[out.length - 1]!], position: prompt.length + out.length - 1 }],
    });
    out.push(res.outputs[0]!.token);
  }
  r.close();
  return out;
}

function config(llm: Record<string, unknown>, rate = 40, more: Record<string, unknown> = {}) {
  return parseConfig({
    seed: 7,
    jobs: 6,
    arrivals: { process: 'poisson', rate_per_s: rate },
    mix: { interactive_ratio: 0.5 },
    lanes: [{ kind: 'cpu', count: 1 }],
    ...more,
    llm: {
      prompt: { dist: 'lognormal', mean: 12, cv: 0.6, max: 40 },
      output: { dist: 'lognormal', mean: 6, cv: 0.5, max: 12 },
      block_tokens: 4,
      blocks: 64,
      max_num_seqs: 8,
      ...llm,
    },
  });
}

async function check(
  llm: Record<string, unknown>,
  rate?: number,
  more: Record<string, unknown> = {},
) {
  const cfg = config(llm, rate, more);
  // A session per lane, as in the page (a worker each): lanes step at the same time, and one
  // onnxruntime-web session does not take concurrent runs.
  const count = cfg.lanes.reduce((n, l) => n + l.count, 0);
  const lanes: DecoderRunner[] = [];
  for (let i = 0; i < count; i++) {
    const own = i === 0 ? session : await newSession();
    lanes.push(runner(cfg.llm!.blocks, cfg.llm!.block_tokens, own));
  }
  const tokens: number[] = [];
  const r = await runLiveLlm({
    config: cfg,
    lanes,
    vocab: CONFIG.vocab,
    timeoutMs: 120_000,
    onToken: (_id, t) => tokens.push(t),
  });
  const s = r.summary;
  const l = s.ledger;
  expect(l.completed).toBe(6);
  expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
  expect(s.llm!.token_ledger.balanced).toBe(true);
  expect(r.outputs.size).toBe(6);
  let generated = 0;
  for (const [id, out] of r.outputs) {
    generated += out.length;
    expect(out, `request ${id}`).toEqual(await alone(r.prompts.get(id)!, out.length));
  }
  expect(generated).toBe(s.tokens!.generated);
  expect(tokens.length).toBeGreaterThanOrEqual(generated);
  // A step a lane failure cut short still ran on the decoder (measured), but the engine ignores it.
  if (more['faults']) expect(r.steps.length).toBeGreaterThanOrEqual(s.llm!.steps.count);
  else expect(r.steps.length).toBe(s.llm!.steps.count);
  for (const st of r.steps) {
    expect(st.laneMs).toBeGreaterThan(0);
    expect(st.end).toBeGreaterThanOrEqual(st.start + st.laneMs * 0.99);
  }
  // The lane holds nothing once every request ended.
  for (const lane of lanes) {
    expect(lane.usage().used).toBe(0);
    lane.close();
  }
  return s;
}

describe('live LLM mode on the tiny decoder', () => {
  it('writes with continuous batching what each prompt gives alone, every step measured', async () => {
    const s = await check({ scheduler: { name: 'continuous' } });
    expect(s.llm!.steps.max_batch_size).toBeGreaterThan(1);
  }, 120_000);

  it('writes the same with chunked prefills', async () => {
    const s = await check({ scheduler: { name: 'chunked_prefill', token_budget: 8 } });
    expect(s.llm!.steps.mean_batched_tokens).toBeLessThanOrEqual(8);
  }, 120_000);

  it('writes the same when the cache runs out and requests are preempted by recompute or swap', async () => {
    // Six requests arriving together into 10 blocks of 4 tokens; the longest needs 8.
    const tight = {
      scheduler: { name: 'continuous' },
      prompt: { dist: 'lognormal', mean: 12, cv: 0.6, max: 20 },
      output: { dist: 'fixed', value: 12 },
      blocks: 10,
      watermark: 0,
    };
    const rec = await check(tight, 500);
    expect(rec.llm!.preemption.recompute).toBeGreaterThan(0);
    const swap = await check({ ...tight, preemption: 'swap' }, 500);
    expect(swap.llm!.preemption.swap).toBeGreaterThan(0);
  }, 240_000);

  // The fault falls on the wall clock, so which requests it cuts mid-answer varies from run to run;
  // whatever it cuts, every request must still write what its prompt gives alone.
  it('writes the same when a lane fails and its requests start again on another', async () => {
    const s = await check({ scheduler: { name: 'continuous' } }, 200, {
      lanes: [{ kind: 'cpu', count: 2 }],
      faults: [{ lane: 0, at_ms: 40, duration_ms: 60 }],
    });
    expect(s.llm!.lanes.reduce((n, l) => n + l.steps, 0)).toBeGreaterThan(0);
  }, 120_000);
});
