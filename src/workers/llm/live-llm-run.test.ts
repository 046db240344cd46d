// The page's live LLM run, in Node (onnxruntime-web's WASM backend standing in for the lane
// workers): a lane asked for on WebGPU that cannot start runs on WASM and says why, a lane that
// cannot start at all is left out and the run goes on, every request writes what greedy decoding
// of its prompt alone writes, the frames' tokens are those tokens, the ledgers balance, and
// "Check the simulation" replays the same requests with costs fitted on the run's own steps; the
// run's exports carry its measured steps and the decoder's token ids.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECODERS } from '../../models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../../models/decoders/decoder-models.ts';
import { DecoderRunner, decoderSessionOptions } from '../lanes/decoder-runner.ts';
import { runScript, scriptPrompt } from '../lanes/decoder-scenarios.ts';
import { csvRecords } from '../../engine/csv-test-support.ts';
import type { LlmExportKind, LlmLiveOptions, LlmLiveTokens } from '../llm-protocol.ts';
import { checkLiveLlm } from './llm-check.ts';
import { LIVE_VOCAB, LiveLlmRun, type LaneStarter } from './live-llm-run.ts';

const ID = 'decoder_tiny';
const CONFIG = DECODERS[ID].config;
let bytes: Uint8Array;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  bytes = makeDecoderModel(ID, 'standard', 0);
}, 60_000);

const runner = async (): Promise<{ r: DecoderRunner; close(): void }> => {
  const session = await ort.InferenceSession.create(bytes, decoderSessionOptions('wasm', CONFIG));
  const r = new DecoderRunner({
    Tensor: ort.Tensor,
    session,
    config: CONFIG,
    attention: 'standard',
    blockTokens: 16,
    numBlocks: 512,
  });
  return { r, close: () => (r.close(), void session.release()) };
};

/** Greedy decoding of `prompt` alone, `n` tokens. */
async function alone(prompt: number[], n: number): Promise<number[]> {
  const { r, close } = await runner();
  const out = (await runScript(r, [{ prompt, joinAt: 0, outputs: n }])).tokens[0]!;
  close();
  return out;
}

const OPTIONS: LlmLiveOptions = {
  requests: 14,
  rate: 8,
  lanes: 3,
  webgpu: true,
  scheduler: 'continuous',
  preemption: 'recompute',
  seed: 5,
};

describe('live LLM run (the page live mode) on the tiny decoder', () => {
  it('falls back to WASM, leaves out a lane that cannot start, writes the real tokens and checks the simulation', async () => {
    const closed: string[] = [];
    const start: LaneStarter = async (name, provider) => {
      if (provider === 'webgpu') throw new Error('this browser has no WebGPU');
      if (name === 'cpu1') throw new Error('session failed to load on wasm: out of memory');
      const { r, close } = await runner();
      return {
        handle: r,
        provider,
        detail: 'WASM in Node',
        close: () => (closed.push(name), close()),
      };
    };
    const progress: string[] = [];
    const run = await LiveLlmRun.start(OPTIONS, start, (p) =>
      progress.push(`${p.lane}: ${p.detail}`),
    );
    expect(progress.some((p) => p.startsWith('gpu0: WebGPU could not start'))).toBe(true);
    const lanes = run.state().lanes;
    expect(lanes.map((l) => [l.name, l.provider, l.down])).toEqual([
      ['cpu0', 'wasm', false],
      ['cpu1', 'wasm', false],
      ['lane 3 (not started)', 'wasm', true],
    ]);
    expect(lanes[0]!.note).toMatch(/WebGPU could not start \(this browser has no WebGPU\)/);
    expect(lanes[2]!.note).toMatch(/out of memory/);
    expect(run.config.lanes).toEqual([expect.objectContaining({ kind: 'cpu', count: 2 })]);

    // Paused until played: the clock does not move.
    await new Promise((r) => setTimeout(r, 50));
    expect(run.engine.now).toBe(0);
    run.play();
    const seen = new Map<number, LlmLiveTokens>();
    const t0 = performance.now();
    while (!run.finished && performance.now() - t0 < 120_000) {
      await new Promise((r) => setTimeout(r, 20));
      for (const r of run.state().requests) seen.set(r.id, r);
    }
    expect(run.failure).toBeUndefined();
    expect(run.finished).toBe(true);
    const s = run.engine.summary();
    const l = s.ledger;
    expect(l.completed).toBe(OPTIONS.requests);
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    expect(run.liveSteps.length).toBe(s.llm!.steps.count);
    expect(new Set(run.liveSteps.map((st) => st.lane))).toEqual(new Set([0, 1]));
    const state = run.state();
    expect(state.finished).toBe(true);
    expect(state.steps).toBe(run.liveSteps.length);
    expect(state.lanes[0]!.medianStepMs).toBeGreaterThan(0);

    // The tokens the frames showed are the model's: greedy decoding of the request's prompt alone.
    const done = [...seen.values()].filter((r) => r.done);
    expect(done.length).toBeGreaterThanOrEqual(3);
    for (const r of done.slice(0, 3)) {
      const prompt = scriptPrompt(r.promptLength, r.id, LIVE_VOCAB);
      expect(r.tokens, `request ${r.id}`).toEqual(await alone(prompt, r.tokens.length));
    }

    // The exports of the live run: every request with the token ids the decoder wrote (those the
    // frames showed), every step with its lane's measured time, backend and device.
    const exported = (kind: LlmExportKind): Record<string, string>[] => {
      const parts: Uint8Array[] = [];
      run.export(kind, (c) => parts.push(c.slice()));
      return csvRecords(Buffer.concat(parts).toString('utf8')).rows;
    };
    const requests = exported('requests');
    expect(requests).toHaveLength(OPTIONS.requests);
    const byId = new Map(requests.map((r) => [Number(r.id), r]));
    for (const r of done) {
      expect(byId.get(r.id)!.synthetic_token_ids, `request ${r.id}`).toBe(r.tokens.join(' '));
    }
    for (const r of requests) {
      expect(r.synthetic_token_ids!.split(' ')).toHaveLength(Number(r.output_tokens));
      expect([r.backend, r.device]).toEqual(['wasm', 'WASM in Node']);
    }
    const steps = exported('steps');
    expect(steps).toHaveLength(run.liveSteps.length);
    for (const lane of [0, 1]) {
      const measured = run.liveSteps.filter((st) => st.lane === lane).map((st) => st.laneMs);
      const written = steps.filter((st) => st.lane === `cpu${lane}`).map((st) => st.lane_ms);
      expect(written.sort()).toEqual(measured.map((ms) => ms.toFixed(3)).sort());
    }

    const checked = checkLiveLlm({
      config: run.config,
      controls: [],
      kinds: run.kinds,
      steps: run.liveSteps,
      summary: s,
    });
    if (!checked.ok) throw new Error(checked.problem);
    const c = checked.check;
    expect(c.fits).toEqual([expect.objectContaining({ kind: 'cpu', steps: run.liveSteps.length })]);
    // The twin serves the same requests.
    expect(c.twinCompleted).toBe(OPTIONS.requests);
    expect(c.liveCompleted).toBe(OPTIONS.requests);
    const row = c.rows.find((r) => r.class === 'all' && r.metric === 'ttft_p50')!;
    expect(row.measured_ms).toBeCloseTo(s.ttft_ms!.p50, 6);
    expect(row.error_pct).toBeCloseTo(
      ((row.predicted_ms - row.measured_ms) / row.measured_ms) * 100,
      6,
    );
    expect(c.verdict).toMatch(c.good ? /good guide/ : /misses|Too few/);

    run.close();
    // The starter hears the planned names: gpu0 (on WASM instead) and cpu0.
    expect(closed.sort()).toEqual(['cpu0', 'gpu0']);
  }, 180_000);

  it('refuses with every lane reason when no lane starts', async () => {
    const start: LaneStarter = (name) => Promise.reject(new Error(`no ${name}`));
    await expect(LiveLlmRun.start({ ...OPTIONS, lanes: 2, webgpu: false }, start)).rejects.toThrow(
      'no decoder lane could start: cpu0: no cpu0; cpu1: no cpu1',
    );
  });

  it('says a check needs steps', () => {
    expect(
      checkLiveLlm({
        config: undefined as never,
        controls: [],
        kinds: ['cpu'],
        steps: [],
        summary: undefined as never,
      }),
    ).toEqual({ ok: false, problem: 'the live run ran no step yet' });
  });
});
