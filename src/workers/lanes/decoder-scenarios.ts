// Scripted work for a decoder lane, the same in Node and in the page: sequences that join a
// continuously batched lane at given steps, feed their prompts whole or in chunks beside the
// others' decodes, decode a given number of tokens and leave. Tests run one script on a runner in
// Node and on lane workers in Chromium (WASM and WebGPU) and compare what came out; the benchmark
// and, later, the live mode's demo use it to drive a lane.
//
// `forced` feeds given tokens instead of the lane's own picks (teacher forcing): two lanes whose
// logits differ by float noise then see identical inputs at every step, so their logits can be
// compared all along even where two tokens nearly tie.

import type { SeqId, StepRequest, StepResult } from './decoder-runner.ts';

/** What a script needs of a lane: a DecoderRunner, or a decoder lane worker's proxy. */
export interface DecoderStepper {
  step(req: StepRequest): Promise<StepResult>;
  drop(seq: SeqId): unknown;
}

export interface ScriptedSeq {
  prompt: number[];
  /** The step at which it arrives. */
  joinAt: number;
  /** Tokens to generate. */
  outputs: number;
  /** Prompt tokens per step (default: the whole prompt in one step). */
  chunk?: number;
}

export interface ScriptResult {
  /** Per sequence, the tokens it generated. */
  tokens: number[][];
  /** Per sequence, the logits behind each generated token (when the lane keeps them). */
  logits: Float32Array[][];
  /** Per step: its wall ms, runs and KV blocks in use. */
  steps: Pick<StepResult, 'ms' | 'packMs' | 'runs' | 'blocks' | 'kvLocation'>[];
}

/** A deterministic prompt of `n` token ids below `vocab`. */
export const scriptPrompt = (n: number, salt: number, vocab: number): number[] =>
  Array.from({ length: n }, (_, i) => (i * 131 + salt * 977 + 7) % vocab);

/** Runs the script to its end; a sequence is dropped once it has its outputs. */
export async function runScript(
  lane: DecoderStepper,
  seqs: readonly ScriptedSeq[],
  forced?: readonly (readonly number[])[],
): Promise<ScriptResult> {
  const fed = seqs.map(() => 0);
  const tokens: number[][] = seqs.map(() => []);
  const logits: Float32Array[][] = seqs.map(() => []);
  const steps: ScriptResult['steps'] = [];
  const done = (k: number) => tokens[k]!.length >= seqs[k]!.outputs;
  for (let step = 0; !seqs.every((_, k) => done(k)); step++) {
    const req: StepRequest = { seqs: [] };
    seqs.forEach((s, k) => {
      if (s.joinAt > step || done(k)) return;
      if (fed[k]! < s.prompt.length) {
        const n = Math.min(s.chunk ?? s.prompt.length, s.prompt.length - fed[k]!);
        req.seqs.push({
          seq: k,
          tokens: s.prompt.slice(fed[k], fed[k]! + n),
          position: fed[k]!,
          emit: fed[k]! + n === s.prompt.length,
        });
        fed[k]! += n;
      } else {
        const made = tokens[k]!.length;
        const last = forced?.[k]?.[made - 1] ?? tokens[k]![made - 1]!;
        req.seqs.push({ seq: k, tokens: [last], position: s.prompt.length + made - 1 });
      }
    });
    if (req.seqs.length === 0) continue;
    const res = await lane.step(req);
    const { ms, packMs, runs, blocks, kvLocation } = res;
    steps.push({ ms, packMs, runs, blocks, kvLocation });
    for (const o of res.outputs) {
      tokens[o.seq]!.push(o.token);
      if (o.logits) logits[o.seq]!.push(o.logits);
      if (done(o.seq)) await lane.drop(o.seq);
    }
  }
  return { tokens, logits, steps };
}

/** Largest absolute difference between two runs' logits, over every token of every sequence. */
export function maxLogitDiff(a: ScriptResult, b: ScriptResult): number {
  let worst = 0;
  a.logits.forEach((seq, k) =>
    seq.forEach((l, t) => {
      const m = b.logits[k]?.[t];
      if (!m || m.length !== l.length) {
        worst = Infinity;
        return;
      }
      for (let i = 0; i < l.length; i++) worst = Math.max(worst, Math.abs(l[i]! - m[i]!));
    }),
  );
  return worst;
}

/** How far apart the ways of computing the same tokens came out (max |logit difference|). */
export interface ConsistencyReport {
  /** Each sequence of the batched script against the same sequence run alone (whole prefill). */
  batchedVsAlone: number;
  /** The first token of sequences whose prompt went in chunks, against a whole prefill. */
  chunkedVsWhole: number;
  /** Every token decoded with the cache, against recomputing the whole sequence without one. */
  cachedVsRecomputed: number;
  /** Greedy tokens the same in all three. */
  tokensAgree: boolean;
  /** Steps that ran a prefill beside a batched decode of two or more sequences. */
  mixedSteps: number;
  batched: ScriptResult;
}

/** Runs `seqs` batched, then each alone, then recomputes every token from scratch, all on one
 * lane that keeps logits; reports how far they differ. */
export async function checkConsistency(
  lane: DecoderStepper,
  seqs: readonly ScriptedSeq[],
): Promise<ConsistencyReport> {
  const batched = await runScript(lane, seqs);
  const report: ConsistencyReport = {
    batchedVsAlone: 0,
    chunkedVsWhole: 0,
    cachedVsRecomputed: 0,
    tokensAgree: true,
    mixedSteps: batched.steps.filter(
      (s) => s.runs.some((r) => r.kind === 'prefill') && s.runs.some((r) => r.seqs > 1),
    ).length,
    batched,
  };
  const diff = (a: Float32Array | undefined, b: Float32Array | undefined): number => {
    if (!a || !b || a.length !== b.length) return Infinity;
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
  };
  const RECOMPUTE = Number.MAX_SAFE_INTEGER;
  for (const [k, s] of seqs.entries()) {
    const { chunk: _chunk, ...whole } = s;
    const alone = await runScript(lane, [{ ...whole, joinAt: 0 }]);
    const mine = batched.logits[k] ?? [];
    mine.forEach((l, t) => {
      report.batchedVsAlone = Math.max(report.batchedVsAlone, diff(l, alone.logits[0]?.[t]));
    });
    if (s.chunk !== undefined && s.chunk < s.prompt.length) {
      report.chunkedVsWhole = Math.max(report.chunkedVsWhole, diff(mine[0], alone.logits[0]?.[0]));
    }
    const made = batched.tokens[k] ?? [];
    if (made.join() !== (alone.tokens[0] ?? []).join()) report.tokensAgree = false;
    for (let t = 0; t < made.length; t++) {
      const res = await lane.step({
        seqs: [{ seq: RECOMPUTE, tokens: [...s.prompt, ...made.slice(0, t)], position: 0 }],
      });
      await lane.drop(RECOMPUTE);
      const out = res.outputs[0];
      if (out?.token !== made[t]) report.tokensAgree = false;
      report.cachedVsRecomputed = Math.max(report.cachedVsRecomputed, diff(mine[t], out?.logits));
    }
  }
  return report;
}
