// Where a decoder lane keeps each sequence's keys and values between steps, and the moves between
// those places: a sequence's own tensors ('alone', [1, heads, tokens, head] per layer), a row of the
// padded decode batch ('batch'), host memory after a swap ('host'), or nowhere yet ('none').
// Tensors may live on the GPU (a WebGPU lane keeps present.* in GPU buffers): moving a row reads
// them back first. decoder-runner.ts decides when to move; this module moves.

import type * as OrtWeb from 'onnxruntime-web';
import { packRows, type RowSource, type Runs } from './decoder-layout.ts';
import type { SeqId } from './kv-blocks.ts';

type Tensor = OrtWeb.Tensor;

export type Kv =
  | { at: 'none' }
  | { at: 'alone'; keys: Tensor[]; values: Tensor[] }
  | { at: 'batch' }
  | { at: 'host'; keys: Float32Array[]; values: Float32Array[] };

export interface Seq {
  id: SeqId;
  /** Tokens in the cache. */
  tokens: number;
  kv: Kv;
}

/** The decode batch: one row per sequence that decoded in it (rows of dropped, swapped or evicted
 * sequences stay until the next pack, unused). */
export interface Batch {
  ids: SeqId[];
  keys: Tensor[];
  values: Tensor[];
  width: number;
  runs: Runs[];
}

/** What moving KV needs: a Tensor class and the cache's shape. */
export interface KvShape {
  Tensor: typeof OrtWeb.Tensor;
  layers: number;
  heads: number;
  head: number;
}

/** A tensor's float32 data on the CPU (downloaded from the GPU when it lives there). */
export async function tensorData(t: Tensor): Promise<Float32Array> {
  if (t.location === 'cpu') return t.data as Float32Array;
  return (await t.getData()) as Float32Array;
}

/** Frees tensors that hold GPU buffers (CPU tensors are the garbage collector's). */
export function disposeGpu(ts: Tensor[]): void {
  for (const t of ts) if (t.location === 'gpu-buffer') t.dispose();
}

/** A new sequence's past: zero tokens per layer. */
export function emptyKv(k: KvShape): { keys: Tensor[]; values: Tensor[] } {
  const empty = () => new k.Tensor('float32', new Float32Array(0), [1, k.heads, 0, k.head]);
  return {
    keys: Array.from({ length: k.layers }, empty),
    values: Array.from({ length: k.layers }, empty),
  };
}

/** A swapped-out sequence's host copy as tensors again (`tokens` long). */
export function hostKv(
  k: KvShape,
  host: { keys: Float32Array[]; values: Float32Array[] },
  tokens: number,
): { keys: Tensor[]; values: Tensor[] } {
  const make = (d: Float32Array) => new k.Tensor('float32', d, [1, k.heads, tokens, k.head]);
  return { keys: host.keys.map(make), values: host.values.map(make) };
}

/** Row `row` of the batch as tensors of its own, its tokens packed to the front. */
export async function rowTensors(
  k: KvShape,
  b: Batch,
  row: number,
): Promise<{ keys: Tensor[]; values: Tensor[] }> {
  const one = async (t: Tensor): Promise<Tensor> => {
    const { data, width } = packRows(
      [{ data: await tensorData(t), width: b.width, row, runs: b.runs[row]! }],
      k.heads,
      k.head,
    );
    return new k.Tensor('float32', data, [1, k.heads, width, k.head]);
  };
  return { keys: await Promise.all(b.keys.map(one)), values: await Promise.all(b.values.map(one)) };
}

/**
 * A new decode batch of `ids`, right-padded: each row from the old batch (its row there), from the
 * sequence's own tensors, or empty (a sequence with no cache yet). Frees nothing: the caller
 * disposes what the old places held once the batch stands.
 */
export async function packBatch(
  k: KvShape,
  ids: readonly SeqId[],
  seqOf: (id: SeqId) => Seq,
  old: Batch | undefined,
): Promise<Batch> {
  const oldKeys = old ? await Promise.all(old.keys.map(tensorData)) : [];
  const oldValues = old ? await Promise.all(old.values.map(tensorData)) : [];
  const aloneKeys = new Map<SeqId, Float32Array[]>();
  const aloneValues = new Map<SeqId, Float32Array[]>();
  for (const id of ids) {
    const kv = seqOf(id).kv;
    if (kv.at === 'alone') {
      aloneKeys.set(id, await Promise.all(kv.keys.map(tensorData)));
      aloneValues.set(id, await Promise.all(kv.values.map(tensorData)));
    }
  }
  const sources = (layer: number, oldData: Float32Array[], alone: Map<SeqId, Float32Array[]>) =>
    ids.map((id): RowSource => {
      const s = seqOf(id);
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
  for (let i = 0; i < k.layers; i++) {
    const kd = packRows(sources(i, oldKeys, aloneKeys), k.heads, k.head);
    const vd = packRows(sources(i, oldValues, aloneValues), k.heads, k.head);
    width = kd.width;
    const dims = [ids.length, k.heads, width, k.head];
    keys.push(new k.Tensor('float32', kd.data, dims));
    values.push(new k.Tensor('float32', vd.data, dims));
  }
  return {
    ids: [...ids],
    keys,
    values,
    width,
    runs: ids.map((id) => {
      const n = seqOf(id).tokens;
      return n > 0 ? ([[0, n]] as Runs) : [];
    }),
  };
}
