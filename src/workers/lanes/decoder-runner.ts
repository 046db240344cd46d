// A decoder lane's runner: steps of several sequences, each at its own position, over one ONNX
// decoder session with a KV cache, in terms of sequences and tokens:
//
//   step({ seqs: [{ seq, tokens, position, emit }] }) -> the next (greedy) token of each emitting seq
//   drop(seq)                 forget a sequence's KV (finished, or preempted to be recomputed)
//   swapOut(seq) / swapIn(seq) move its KV to host memory and back (preempted by swapping)
//
// A step runs its single-token sequences (decodes, and one-token prompts or chunks) as one batched
// run, and each longer chunk (a prefill, whole or chunked) as a run of its own beside them: a
// GroupQueryAttention graph takes several new tokens only in a batch of one, and padding a decode
// row out to a chunk's length would multiply its cost. With `batching: 'per-sequence'` every
// sequence runs alone instead (its own KV tensors, no padding, no copies, no batching gain);
// bench/decoders.ts measures both.
//
// The decode batch's KV lives in the model's own present tensors, fed back as the next step's past
// (on WebGPU they stay on the GPU: the session keeps present.* in GPU buffers), so a step whose
// decoding sequences are the batch's rows copies nothing. When the set changes (a sequence joins,
// leaves, or is preempted) the batch is packed again, right-padded, from the rows that stay and
// the sequences that join (decoder-layout.ts), which costs a copy of their KV.
//
// Memory is counted in blocks of `blockTokens` (kv-blocks.ts); a step that would need more blocks
// than are free is refused before anything changes (decoder-step.ts: the step's types and that
// check; decoder-kv.ts: where KV lives and the copies between places).

import type * as OrtWeb from 'onnxruntime-web';
import {
  headSize,
  pastKey,
  pastValue,
  presentKey,
  presentValue,
  kvBytesPerToken,
  type AttentionKind,
  type DecoderConfig,
} from '../../models/decoders/decoder-config.ts';
import { runsAfterDecode, runTokens, stepMask } from './decoder-layout.ts';
import {
  disposeGpu,
  emptyKv,
  hostKv,
  packBatch,
  rowTensors,
  tensorData,
  type Batch,
  type Kv,
  type KvShape,
  type Seq,
} from './decoder-kv.ts';
import { KvBlocks, type BlockUsage, type SeqId } from './kv-blocks.ts';
import {
  argmax,
  DecoderStepError,
  validateStep,
  type DecoderBatching,
  type DecoderSession,
  type Feeds,
  type SeqOutput,
  type SeqStep,
  type StepRequest,
  type StepResult,
  type StepRun,
} from './decoder-step.ts';

export type { BlockUsage, SeqId } from './kv-blocks.ts';
export * from './decoder-step.ts';

type Tensor = OrtWeb.Tensor;

export interface DecoderRunnerOptions {
  /** Makes input tensors (onnxruntime-web's Tensor class, or -node's: the same API). */
  Tensor: typeof OrtWeb.Tensor;
  session: DecoderSession;
  config: DecoderConfig;
  attention: AttentionKind;
  batching?: DecoderBatching;
  /** Tokens per KV block (vLLM's block_size). Default 16. */
  blockTokens?: number;
  /** Device blocks in the pool; default: as many as fit in `kvBudgetBytes`. */
  numBlocks?: number;
  /** Device memory for the KV cache when numBlocks is not given. Default 256 MiB. */
  kvBudgetBytes?: number;
  /** Return each emitting sequence's logits too (tests, provider comparisons). */
  keepLogits?: boolean;
}

const now = (): number => performance.now();

/** The session runs in flight in this realm. onnxruntime-web's WASM backend is one instance per
 * realm, and two runs at once (two lanes of headless live mode stepping together) corrupted each
 * other's inputs ("input name cannot be empty"); in the page each lane is a worker of its own. A
 * run is timed from its start, not from its wait. */
let realmRuns: Promise<unknown> = Promise.resolve();

function runExclusive(
  session: DecoderSession,
  feeds: Feeds,
): Promise<{ out: Record<string, Tensor>; ms: number }> {
  const run = async () => {
    const t0 = now();
    const out = await session.run(feeds);
    return { out, ms: now() - t0 };
  };
  const next = realmRuns.then(run, run);
  realmRuns = next.catch(() => undefined);
  return next;
}

export class DecoderRunner {
  readonly config: DecoderConfig;
  readonly attention: AttentionKind;
  readonly batching: DecoderBatching;
  /** The Tensor class and the cache's shape. */
  private readonly shape: KvShape;
  private readonly session: DecoderSession;
  private readonly blocks: KvBlocks;
  private readonly keepLogits: boolean;
  private readonly seqs = new Map<SeqId, Seq>();
  private batch: Batch | undefined;
  private busy = false;
  /** Drops asked for while a step runs, done as it ends: a request ends (its trace row written) or
   * moves off a failed lane whenever the engine says so, and its KV must not be pulled from under
   * a run in flight (the session would read disposed tensors). */
  private dropsAfterStep: SeqId[] = [];
  /** Location of the last present tensors a run returned. */
  private kvLocation = 'none';
  private broken: string | undefined;

  constructor(o: DecoderRunnerOptions) {
    this.session = o.session;
    this.config = o.config;
    this.attention = o.attention;
    this.batching = o.batching ?? 'padded';
    this.keepLogits = o.keepLogits === true;
    this.shape = {
      Tensor: o.Tensor,
      layers: o.config.layers,
      heads: o.config.heads,
      head: headSize(o.config),
    };
    const blockTokens = o.blockTokens ?? 16;
    const numBlocks =
      o.numBlocks ??
      Math.floor((o.kvBudgetBytes ?? 256 * 2 ** 20) / (blockTokens * kvBytesPerToken(o.config)));
    this.blocks = new KvBlocks(blockTokens, numBlocks);
  }

  /** Tokens in the cache of `seq` (0 for one the runner does not hold). */
  position(seq: SeqId): number {
    return this.seqs.get(seq)?.tokens ?? 0;
  }

  /** Where `seq`'s KV is: 'device', 'host' (swapped out) or 'none'. */
  residence(seq: SeqId): 'device' | 'host' | 'none' {
    const s = this.seqs.get(seq);
    if (!s || s.kv.at === 'none') return 'none';
    return s.kv.at === 'host' ? 'host' : 'device';
  }

  usage(): BlockUsage {
    return this.blocks.usage();
  }

  async step(req: StepRequest): Promise<StepResult> {
    if (this.broken) throw new Error(`decoder runner is unusable: ${this.broken}`);
    if (this.busy) throw new DecoderStepError('a step is already running on this runner');
    validateStep(
      req,
      this.config,
      (id) => {
        const held = this.seqs.get(id);
        return held && { tokens: held.tokens, swapped: held.kv.at === 'host' };
      },
      this.blocks,
    );
    this.busy = true;
    const started = now();
    try {
      for (const s of req.seqs) {
        if (!this.seqs.has(s.seq))
          this.seqs.set(s.seq, { id: s.seq, tokens: 0, kv: { at: 'none' } });
      }
      const padded = (req.batching ?? this.batching) === 'padded';
      const decodes = padded ? req.seqs.filter((s) => s.tokens.length === 1) : [];
      const alone = padded ? req.seqs.filter((s) => s.tokens.length > 1) : req.seqs;
      let packMs = 0;
      const runs: StepRun[] = [];
      const logits = new Map<SeqId, { data: Float32Array; offset: number }>();

      for (const s of alone) {
        const seq = this.seq(s.seq);
        if (seq.kv.at === 'batch') packMs += await this.evict(seq);
      }
      if (decodes.length > 0) {
        packMs += await this.ensureBatch(decodes.map((s) => s.seq));
        runs.push(await this.runBatch(decodes, logits));
      }
      for (const s of alone) runs.push(await this.runAlone(s, logits));

      const vocab = this.config.vocab;
      const outputs: SeqOutput[] = [];
      for (const s of req.seqs) {
        this.blocks.setTokens(s.seq, this.seq(s.seq).tokens);
        if (s.emit === false) continue;
        const l = logits.get(s.seq)!;
        const out: SeqOutput = { seq: s.seq, token: argmax(l.data, l.offset, l.offset + vocab) };
        if (this.keepLogits) out.logits = l.data.slice(l.offset, l.offset + vocab);
        outputs.push(out);
      }
      return {
        outputs,
        ms: now() - started,
        packMs,
        runs,
        blocks: this.blocks.usage(),
        kvLocation: this.kvLocation,
      };
    } catch (e) {
      this.broken = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.busy = false;
      const later = this.dropsAfterStep;
      this.dropsAfterStep = [];
      for (const id of later) this.drop(id);
    }
  }

  /** Forget `seq`'s KV and free its blocks (a finished sequence, or one preempted to be
   * recomputed: its next step starts again at position 0). */
  drop(seq: SeqId): void {
    if (this.busy) {
      this.dropsAfterStep.push(seq);
      return;
    }
    const s = this.seqs.get(seq);
    if (!s) return;
    if (s.kv.at === 'alone') disposeGpu([...s.kv.keys, ...s.kv.values]);
    this.seqs.delete(seq);
    this.blocks.release(seq);
  }

  /** Move `seq`'s KV to host memory and free its device blocks (preempted by swapping). */
  async swapOut(seq: SeqId): Promise<{ ms: number }> {
    const started = now();
    const s = this.seqs.get(seq);
    if (!s || s.kv.at === 'none') throw new DecoderStepError(`seq ${seq} holds no KV to swap out`);
    if (s.kv.at === 'host') return { ms: 0 };
    if (s.kv.at === 'batch') await this.evict(s);
    const kv = s.kv as Extract<Kv, { at: 'alone' }>;
    const read = (ts: Tensor[]) => Promise.all(ts.map(async (t) => (await tensorData(t)).slice()));
    const keys = await read(kv.keys);
    const values = await read(kv.values);
    disposeGpu([...kv.keys, ...kv.values]);
    s.kv = { at: 'host', keys, values };
    this.blocks.swapOut(seq);
    return { ms: now() - started };
  }

  /** Bring a swapped-out `seq` back to the device; refused when its blocks do not fit. */
  swapIn(seq: SeqId): { ms: number } {
    const started = now();
    const s = this.seqs.get(seq);
    if (!s || s.kv.at !== 'host') throw new DecoderStepError(`seq ${seq} is not swapped out`);
    const free = this.blocks.usage().free;
    if (!this.blocks.swapIn(seq)) {
      throw new DecoderStepError(
        `seq ${seq} needs ${this.blocks.blocksFor(s.tokens)} blocks to swap in, ${free} free`,
      );
    }
    s.kv = { at: 'alone', ...hostKv(this.shape, s.kv, s.tokens) };
    return { ms: now() - started };
  }

  /** Free every tensor the runner holds. */
  close(): void {
    for (const id of [...this.seqs.keys()]) this.drop(id);
    if (this.batch) disposeGpu([...this.batch.keys, ...this.batch.values]);
    this.batch = undefined;
  }

  private seq(id: SeqId): Seq {
    const s = this.seqs.get(id);
    if (!s) throw new Error(`seq ${id} is unknown`);
    return s;
  }

  /** Moves a sequence out of the decode batch into tensors of its own (its row stays, unused). */
  private async evict(seq: Seq): Promise<number> {
    const started = now();
    const b = this.batch!;
    seq.kv = { at: 'alone', ...(await rowTensors(this.shape, b, b.ids.indexOf(seq.id))) };
    return now() - started;
  }

  /** Makes the decode batch's rows exactly `ids` (packing it again if they differ); returns the
   * time spent packing. */
  private async ensureBatch(ids: SeqId[]): Promise<number> {
    const old = this.batch;
    const live = old?.ids.filter((id) => this.seqs.get(id)?.kv.at === 'batch') ?? [];
    const want = new Set(ids);
    if (
      old &&
      live.length === old.ids.length &&
      live.length === ids.length &&
      live.every((id) => want.has(id))
    ) {
      return 0;
    }
    const started = now();
    // Sequences of the old batch that are not decoding now keep their KV in tensors of their own.
    for (const id of live) if (!want.has(id)) await this.evict(this.seq(id));
    const batch = await packBatch(this.shape, ids, (id) => this.seq(id), old);
    if (old) disposeGpu([...old.keys, ...old.values]);
    for (const id of ids) {
      const s = this.seq(id);
      if (s.kv.at === 'alone') disposeGpu([...s.kv.keys, ...s.kv.values]);
      s.kv = { at: 'batch' };
    }
    this.batch = batch;
    return now() - started;
  }

  private async runBatch(
    decodes: SeqStep[],
    logits: Map<SeqId, { data: Float32Array; offset: number }>,
  ): Promise<StepRun> {
    const b = this.batch!;
    const B = b.ids.length;
    const token = new Map(decodes.map((s) => [s.seq, s.tokens[0]!]));
    const positions = b.runs.map(runTokens);
    const feeds: Feeds = {
      input_ids: this.int64(
        b.ids.map((id) => token.get(id)!),
        [B, 1],
      ),
      position_ids: this.int64(positions, [B, 1]),
      attention_mask: new this.shape.Tensor('int64', stepMask(this.attention, b.runs, b.width, 1), [
        B,
        b.width + 1,
      ]),
    };
    this.feedPast(feeds, b.keys, b.values);
    const { out, ms } = await runExclusive(this.session, feeds);
    const keys = this.presents(out, presentKey);
    const values = this.presents(out, presentValue);
    const width = keys[0]!.dims[2]!;
    if (width !== b.width + 1)
      throw new Error(`decode batch: present is ${width} wide, expected ${b.width + 1}`);
    disposeGpu([...b.keys, ...b.values]);
    b.runs = b.runs.map((r) => runsAfterDecode(this.attention, r, b.width));
    b.keys = keys;
    b.values = values;
    b.width = width;
    const data = (out['logits'] as Tensor).data as Float32Array;
    b.ids.forEach((id, row) => {
      logits.set(id, { data, offset: row * this.config.vocab });
      this.seq(id).tokens += 1;
    });
    return {
      kind: 'decode',
      seqs: B,
      newTokens: B,
      kvTokens: positions.reduce((a, n) => a + n, 0),
      width: width - 1,
      ms,
    };
  }

  private async runAlone(
    s: SeqStep,
    logits: Map<SeqId, { data: Float32Array; offset: number }>,
  ): Promise<StepRun> {
    const seq = this.seq(s.seq);
    const past = seq.tokens;
    const n = s.tokens.length;
    const feeds: Feeds = {
      input_ids: this.int64(s.tokens, [1, n]),
      position_ids: this.int64(
        Array.from({ length: n }, (_, i) => past + i),
        [1, n],
      ),
      attention_mask: new this.shape.Tensor('int64', new BigInt64Array(past + n).fill(1n), [
        1,
        past + n,
      ]),
    };
    const kv = seq.kv.at === 'alone' ? seq.kv : undefined;
    const { keys, values } = kv ?? emptyKv(this.shape);
    this.feedPast(feeds, keys, values);
    const { out, ms } = await runExclusive(this.session, feeds);
    if (kv) disposeGpu([...kv.keys, ...kv.values]);
    seq.kv = {
      at: 'alone',
      keys: this.presents(out, presentKey),
      values: this.presents(out, presentValue),
    };
    seq.tokens += n;
    logits.set(s.seq, { data: (out['logits'] as Tensor).data as Float32Array, offset: 0 });
    return {
      kind: n > 1 ? 'prefill' : 'decode',
      seqs: 1,
      newTokens: n,
      kvTokens: past,
      width: past,
      ms,
    };
  }

  private feedPast(feeds: Feeds, keys: Tensor[], values: Tensor[]): void {
    for (let i = 0; i < this.config.layers; i++) {
      feeds[pastKey(i)] = keys[i]!;
      feeds[pastValue(i)] = values[i]!;
    }
  }

  private presents(out: Record<string, Tensor>, name: (layer: number) => string): Tensor[] {
    return Array.from({ length: this.config.layers }, (_, i) => {
      const t = out[name(i)];
      if (!t) throw new Error(`the decoder returned no ${name(i)}`);
      this.kvLocation = t.location;
      return t;
    });
  }

  private int64(values: readonly number[], dims: number[]): Tensor {
    return new this.shape.Tensor(
      'int64',
      BigInt64Array.from(values, (v) => BigInt(v)),
      dims,
    );
  }
}
