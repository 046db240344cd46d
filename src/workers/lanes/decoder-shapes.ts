// Designed batch shapes, timed: a step of `decodeSeqs` sequences decoding one token each, every one
// holding `context` tokens in its cache, optionally with a prefill chunk of `prefillTokens` beside
// them for a sequence that already holds `prefillPast`. The benchmark sweeps these shapes (prefill
// against prompt length, decode against batch size and context), and the step cost model's
// calibration (issue 23, part B) fits its coefficients on them: per step, per prefill token,
// prefill attention work, per decoding sequence, per KV token read.
//
// Setting a shape up (prefilling its sequences) is untimed; each timed step is one lane step of
// exactly the shape, except that the decoding sequences' contexts grow by one per step (the
// benchmark reports the contexts it measured at).

import type { DecoderBatching, SeqId, StepRequest, StepResult } from './decoder-runner.ts';
import { scriptPrompt, type DecoderStepper } from './decoder-scenarios.ts';

export interface BatchShape {
  decodeSeqs: number;
  /** Tokens each decoding sequence holds when the shape is set up (at least 1). */
  context: number;
  /** A prefill chunk of this many tokens beside the decodes (0 or absent: none). */
  prefillTokens?: number;
  /** Tokens the prefilling sequence already holds (a later chunk of a chunked prefill). */
  prefillPast?: number;
}

export interface ShapeRunner {
  /** Prefills the decoding sequences (untimed). */
  setUp(): Promise<void>;
  /** Gets the next step ready (untimed): prefills the prefilling sequence's past, if any. */
  prepare(): Promise<void>;
  /** One step of the shape, timed by the lane (prepared first if `prepare` was not called). */
  step(batching?: DecoderBatching): Promise<StepResult>;
  /** Mean context of the decoding sequences now. */
  context(): number;
  /** Drops every sequence of the shape. */
  close(): Promise<void>;
}

/** A shape on `lane`, with sequence ids from `firstSeq` up (the prefilling one is firstSeq - 1). */
export function shapeRunner(
  lane: DecoderStepper,
  shape: BatchShape,
  vocab: number,
  firstSeq: SeqId = 1_000_000,
): ShapeRunner {
  if (!(shape.context >= 1)) throw new Error('a shape needs a context of at least one token');
  const ids = Array.from({ length: shape.decodeSeqs }, (_, i) => firstSeq + i);
  const last = new Map<SeqId, number>();
  const pos = new Map<SeqId, number>();
  const prefillSeq = firstSeq - 1;
  const prefill = shape.prefillTokens ?? 0;
  const past = shape.prefillPast ?? 0;
  let prepared = false;
  const prepare = async (): Promise<void> => {
    if (!prepared && prefill > 0 && past > 0) {
      await lane.step({
        seqs: [{ seq: prefillSeq, tokens: scriptPrompt(past, 3, vocab), position: 0, emit: false }],
      });
    }
    prepared = true;
  };
  return {
    async setUp() {
      for (const [i, id] of ids.entries()) {
        const res = await lane.step({
          seqs: [{ seq: id, tokens: scriptPrompt(shape.context, i + 11, vocab), position: 0 }],
        });
        last.set(id, res.outputs[0]!.token);
        pos.set(id, shape.context);
      }
    },
    prepare,
    async step(batching) {
      await prepare();
      prepared = false;
      const req: StepRequest = {
        seqs: ids.map((id) => ({ seq: id, tokens: [last.get(id)!], position: pos.get(id)! })),
        ...(batching ? { batching } : {}),
      };
      if (prefill > 0) {
        req.seqs.push({ seq: prefillSeq, tokens: scriptPrompt(prefill, 5, vocab), position: past });
      }
      const res = await lane.step(req);
      for (const o of res.outputs) {
        if (o.seq === prefillSeq) continue;
        last.set(o.seq, o.token);
        pos.set(o.seq, pos.get(o.seq)! + 1);
      }
      if (prefill > 0) await lane.drop(prefillSeq);
      return res;
    },
    context: () => [...pos.values()].reduce((a, b) => a + b, 0) / Math.max(1, pos.size),
    async close() {
      for (const id of ids) await lane.drop(id);
      await lane.drop(prefillSeq);
    },
  };
}
