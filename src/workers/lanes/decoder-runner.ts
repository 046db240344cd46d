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
// than are free is refused before anything changes.

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
import {
  packRows,
  runsAfterDecode,
  runTokens,
  stepMask,
  type RowSource,
  type Runs,
} from './decoder-layout.ts';
import { KvBlocks, type BlockUsage, type SeqId } from './kv-blocks.ts';

export type { BlockUsage, SeqId } from './kv-blocks.ts';

type Tensor = OrtWeb.Tensor;
type Feeds = Record<string, Tensor>;

/** The slice of an InferenceSession the runner uses (onnxruntime-web's, or -node's). */
export interface DecoderSession {
  run(feeds: Feeds): Promise<Record<string, Tensor>>;
}

/** How a step's decoding sequences run: one padded batch, or one run each. */
export type DecoderBatching = 'padded' | 'per-sequence';
const BATCHINGS: readonly DecoderBatching[] = ['padded', 'per-sequence'];

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

/** One sequence's part of a step. */
export interface SeqStep {
  seq: SeqId;
  /** Token ids the step feeds: one for a decode, several for a prompt or a chunk of one. */
  tokens: number[];
  /** Tokens the sequence already has in the cache (0 for a new or dropped one): checked. */
  position: number;
  /** Return the next token after these (default true; false for a prefill chunk before the
   * last, as vLLM samples no token there). */
  emit?: boolean;
}

export interface StepRequest {
  seqs: SeqStep[];
  /** This step's batching, in place of the runner's (benchmarks compare both on the same
   * sequences; the first step after a change moves KV between the batch and per-sequence
   * tensors). */
  batching?: DecoderBatching;
}

export interface SeqOutput {
  seq: SeqId;
  /** The greedy next token (argmax of the logits; the lowest id on a tie). */
  token: number;
  logits?: Float32Array;
}

/** One session.run of a step, for cost models: what it computed and how long it took. */
export interface StepRun {
  kind: 'decode' | 'prefill';
  seqs: number;
  /** New tokens computed (each sequence's tokens, no padding). */
  newTokens: number;
  /** Cached tokens attended to (no padding). */
  kvTokens: number;
  /** Past width the run read: kvTokens plus padding, per sequence. */
  width: number;
  ms: number;
}

export interface StepResult {
  outputs: SeqOutput[];
  /** Wall time of the whole step: packing, runs, reading the logits. */
  ms: number;
  /** Of which packing and moving KV between tensors. */
  packMs: number;
  runs: StepRun[];
  blocks: BlockUsage;
  /** Where the step left the keys and values it computed: 'gpu-buffer' on a WebGPU lane (they
   * stay on the GPU between steps), 'cpu' on a WASM lane. */
  kvLocation: string;
}

/** A step refused before it changed anything (bad request, no free blocks). */
export class DecoderStepError extends Error {
  override name = 'DecoderStepError';
}

type Kv =
  | { at: 'none' }
  | { at: 'alone'; keys: Tensor[]; values: Tensor[] }
  | { at: 'batch' }
  | { at: 'host'; keys: Float32Array[]; values: Float32Array[] };

interface Seq {
  id: SeqId;
  /** Tokens in the cache. */
  tokens: number;
  kv: Kv;
}

/** The decode batch: one row per sequence that decoded in it (rows of dropped, swapped or evicted
 * sequences stay until the next pack, unused). */
interface Batch {
  ids: SeqId[];
  keys: Tensor[];
  values: Tensor[];
  width: number;
  runs: Runs[];
}

const now = (): number => performance.now();

/** Session options for a decoder on `provider`: on WebGPU the present keys and values stay in GPU
 * buffers (fed back as the next past), the logits come back to the CPU. */
export function decoderSessionOptions(
  provider: 'wasm' | 'webgpu',
  config: DecoderConfig,
): OrtWeb.InferenceSession.SessionOptions {
  const options: OrtWeb.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  };
  if (provider === 'webgpu') {
    const where: Record<string, 'gpu-buffer' | 'cpu'> = { logits: 'cpu' };
    for (let i = 0; i < config.layers; i++) {
      where[presentKey(i)] = 'gpu-buffer';
      where[presentValue(i)] = 'gpu-buffer';
    }
    options.preferredOutputLocation = where;
  }
  return options;
}

/** The index of the largest value (the first on a tie). */
export function argmax(x: Float32Array, from = 0, to = x.length): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (x[i]! > x[best]!) best = i;
  return best - from;
}

export class DecoderRunner {
  readonly config: DecoderConfig;
  readonly attention: AttentionKind;
  readonly batching: DecoderBatching;
  private readonly Tensor: typeof OrtWeb.Tensor;
  private readonly session: DecoderSession;
  private readonly blocks: KvBlocks;
  private readonly keepLogits: boolean;
  private readonly seqs = new Map<SeqId, Seq>();
  private batch: Batch | undefined;
  private busy = false;
  /** Location of the last present tensors a run returned. */
  private kvLocation = 'none';
  private broken: string | undefined;
  private readonly heads: number;
  private readonly head: number;

  constructor(o: DecoderRunnerOptions) {
    this.Tensor = o.Tensor;
    this.session = o.session;
    this.config = o.config;
    this.attention = o.attention;
    this.batching = o.batching ?? 'padded';
    this.keepLogits = o.keepLogits === true;
    this.heads = o.config.heads;
    this.head = headSize(o.config);
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
    this.validate(req);
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
    }
  }

  /** Forget `seq`'s KV and free its blocks (a finished sequence, or one preempted to be
   * recomputed: its next step starts again at position 0). */
  drop(seq: SeqId): void {
    const s = this.seqs.get(seq);
    if (!s) return;
    if (s.kv.at === 'alone') this.dispose([...s.kv.keys, ...s.kv.values]);
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
    this.dispose([...kv.keys, ...kv.values]);
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
    const dims = [1, this.heads, s.tokens, this.head];
    const make = (d: Float32Array) => new this.Tensor('float32', d, dims);
    s.kv = { at: 'alone', keys: s.kv.keys.map(make), values: s.kv.values.map(make) };
    return { ms: now() - started };
  }

  /** Free every tensor the runner holds. */
  close(): void {
    for (const id of [...this.seqs.keys()]) this.drop(id);
    if (this.batch) this.dispose([...this.batch.keys, ...this.batch.values]);
    this.batch = undefined;
  }

  private seq(id: SeqId): Seq {
    const s = this.seqs.get(id);
    if (!s) throw new Error(`seq ${id} is unknown`);
    return s;
  }

  private validate(req: StepRequest): void {
    if (!Array.isArray(req.seqs) || req.seqs.length === 0) {
      throw new DecoderStepError('a step needs at least one sequence');
    }
    if (req.batching !== undefined && !BATCHINGS.includes(req.batching)) {
      throw new DecoderStepError(`batching must be ${BATCHINGS.join(' or ')}`);
    }
    const seen = new Set<SeqId>();
    for (const s of req.seqs) {
      if (!Number.isSafeInteger(s.seq))
        throw new DecoderStepError(`seq id ${s.seq} is not an integer`);
      if (seen.has(s.seq)) throw new DecoderStepError(`seq ${s.seq} appears twice in one step`);
      seen.add(s.seq);
      if (!Array.isArray(s.tokens) || s.tokens.length === 0) {
        throw new DecoderStepError(`seq ${s.seq}: tokens must hold at least one token id`);
      }
      const bad = s.tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= this.config.vocab);
      if (bad !== undefined) {
        throw new DecoderStepError(
          `seq ${s.seq}: token ${bad} is outside the vocabulary (0..${this.config.vocab - 1})`,
        );
      }
      const held = this.seqs.get(s.seq);
      if (held?.kv.at === 'host') {
        throw new DecoderStepError(`seq ${s.seq} is swapped out: swap it in before it runs`);
      }
      const at = held?.tokens ?? 0;
      if (s.position !== at) {
        throw new DecoderStepError(
          `seq ${s.seq}: position ${s.position}, but the cache holds ${at} of its tokens`,
        );
      }
      if (at + s.tokens.length > this.config.maxPositions) {
        throw new DecoderStepError(
          `seq ${s.seq} would reach ${at + s.tokens.length} tokens; the model has ${this.config.maxPositions} positions`,
        );
      }
    }
    const need = this.blocks.needed(
      req.seqs.map((s) => ({ seq: s.seq, tokens: s.position + s.tokens.length })),
    );
    const { free, blockTokens } = this.blocks.usage();
    if (need > free) {
      throw new DecoderStepError(
        `the step needs ${need} more KV blocks of ${blockTokens} tokens, ${free} are free: preempt a sequence first`,
      );
    }
  }

  /** Moves a sequence out of the decode batch into tensors of its own (its row stays, unused). */
  private async evict(seq: Seq): Promise<number> {
    const started = now();
    const b = this.batch!;
    const row = b.ids.indexOf(seq.id);
    const one = async (t: Tensor): Promise<Tensor> => {
      const { data, width } = packRows(
        [{ data: await tensorData(t), width: b.width, row, runs: b.runs[row]! }],
        this.heads,
        this.head,
      );
      return new this.Tensor('float32', data, [1, this.heads, width, this.head]);
    };
    seq.kv = {
      at: 'alone',
      keys: await Promise.all(b.keys.map(one)),
      values: await Promise.all(b.values.map(one)),
    };
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
    const layers = this.config.layers;
    const oldKeys = old ? await Promise.all(old.keys.map(tensorData)) : [];
    const oldValues = old ? await Promise.all(old.values.map(tensorData)) : [];
    const aloneKeys = new Map<SeqId, Float32Array[]>();
    const aloneValues = new Map<SeqId, Float32Array[]>();
    for (const id of ids) {
      const kv = this.seq(id).kv;
      if (kv.at === 'alone') {
        aloneKeys.set(id, await Promise.all(kv.keys.map(tensorData)));
        aloneValues.set(id, await Promise.all(kv.values.map(tensorData)));
      }
    }
    const sources = (layer: number, oldData: Float32Array[], alone: Map<SeqId, Float32Array[]>) =>
      ids.map((id): RowSource => {
        const s = this.seq(id);
        if (s.kv.at === 'batch' && old) {
          const row = old.ids.indexOf(id);
          return { data: oldData[layer]!, width: old.width, row, runs: old.runs[row]! };
        }
        if (s.kv.at === 'alone') {
          return { data: alone.get(id)![layer]!, width: s.tokens, row: 0, runs: [[0, s.tokens]] };
        }
        return { data: new Float32Array(0), width: 0, row: 0, runs: [] };
      });
    const keys: Tensor[] = [];
    const values: Tensor[] = [];
    let width = 0;
    for (let i = 0; i < layers; i++) {
      const k = packRows(sources(i, oldKeys, aloneKeys), this.heads, this.head);
      const v = packRows(sources(i, oldValues, aloneValues), this.heads, this.head);
      width = k.width;
      const dims = [ids.length, this.heads, width, this.head];
      keys.push(new this.Tensor('float32', k.data, dims));
      values.push(new this.Tensor('float32', v.data, dims));
    }
    if (old) this.dispose([...old.keys, ...old.values]);
    for (const id of ids) {
      const s = this.seq(id);
      if (s.kv.at === 'alone') this.dispose([...s.kv.keys, ...s.kv.values]);
      s.kv = { at: 'batch' };
    }
    this.batch = {
      ids: [...ids],
      keys,
      values,
      width,
      runs: ids.map((id) => {
        const n = this.seq(id).tokens;
        return n > 0 ? ([[0, n]] as Runs) : [];
      }),
    };
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
      attention_mask: new this.Tensor('int64', stepMask(this.attention, b.runs, b.width, 1), [
        B,
        b.width + 1,
      ]),
    };
    this.feedPast(feeds, b.keys, b.values);
    const t0 = now();
    const out = await this.session.run(feeds);
    const ms = now() - t0;
    const keys = this.presents(out, presentKey);
    const values = this.presents(out, presentValue);
    const width = keys[0]!.dims[2]!;
    if (width !== b.width + 1)
      throw new Error(`decode batch: present is ${width} wide, expected ${b.width + 1}`);
    this.dispose([...b.keys, ...b.values]);
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
      attention_mask: new this.Tensor('int64', new BigInt64Array(past + n).fill(1n), [1, past + n]),
    };
    const empty = () =>
      new this.Tensor('float32', new Float32Array(0), [1, this.heads, 0, this.head]);
    const kv = seq.kv.at === 'alone' ? seq.kv : undefined;
    this.feedPast(
      feeds,
      kv?.keys ?? Array.from({ length: this.config.layers }, empty),
      kv?.values ?? Array.from({ length: this.config.layers }, empty),
    );
    const t0 = now();
    const out = await this.session.run(feeds);
    const ms = now() - t0;
    if (kv) this.dispose([...kv.keys, ...kv.values]);
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
    return new this.Tensor(
      'int64',
      BigInt64Array.from(values, (v) => BigInt(v)),
      dims,
    );
  }

  private dispose(ts: Tensor[]): void {
    for (const t of ts) if (t.location === 'gpu-buffer') t.dispose();
  }
}

/** A tensor's float32 data on the CPU (downloaded from the GPU when it lives there). */
async function tensorData(t: Tensor): Promise<Float32Array> {
  if (t.location === 'cpu') return t.data as Float32Array;
  return (await t.getData()) as Float32Array;
}
