// The memory model: each lane has a capacity, and a run of `b` jobs of one model holds
// `base + per_sample x b` of it (times a factor with fp16) from start to end. A run starts only when
// that fits in what its lane has free, so usage can never pass capacity; the UI's gauges read the
// lane columns `memUsed`, `memPeak` and `memCapacity` that the engine keeps from this.
//
// Two calibrations:
// - `tokens`, the source system's abstract units: ResNet-18 80, ResNet-50 160, ViT 260, 4 per
//   sample, fp16 x0.7, 1000 per lane.
// - `bytes` (in MiB): weights and peak activations per sample of the real models, from the model
//   manifest (public/models/manifest.json, written by scripts/models). The engine does not import
//   the manifest (it is a served asset, and the engine bundle stays small); BYTES_TABLE below holds
//   its figures, a test checks them against the manifest, and callers holding a parsed manifest may
//   pass `bytesTableFromManifest(manifest)` instead. fp16 halves bytes (x0.5) unless told otherwise.

import type { LaneKind, MemoryConfig } from './config-sections.ts';
import type { Manifest } from '../models/manifest.ts';
import { own } from './own.ts';

/** What one model costs: held while a run of it is on a lane. */
export interface ModelMemory {
  /** Per run, whatever its size (weights and workspace). */
  base: number;
  /** Per job in the run (activations). */
  per_sample: number;
}

export type MemoryTable = Readonly<Record<string, ModelMemory>>;

/** The source system's token calibration. `vit` and `vit_s16` name the same model. */
export const TOKENS_TABLE: MemoryTable = {
  resnet18: { base: 80, per_sample: 4 },
  resnet50: { base: 160, per_sample: 4 },
  vit: { base: 260, per_sample: 4 },
  vit_s16: { base: 260, per_sample: 4 },
};

const MIB = 1024 * 1024;

/**
 * MiB figures of the manifest (weightBytes, activationBytesPerSample), rounded to 1/1000 MiB.
 * `memory.test.ts` checks them against public/models/manifest.json.
 */
export const BYTES_TABLE: MemoryTable = {
  resnet18: { base: 44.629, per_sample: 6.125 },
  resnet50: { base: 97.695, per_sample: 9.188 },
  vit_s16: { base: 84.117, per_sample: 3.751 },
  vit: { base: 84.117, per_sample: 3.751 },
  ppocr_det: { base: 4.47, per_sample: 44.531 },
  ppocr_rec: { base: 10.263, per_sample: 2.813 },
  ppocr_cls: { base: 0.51, per_sample: 0.463 },
  silero_vad: { base: 2.082, per_sample: 0.005 },
};

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The bytes calibration (MiB) from a parsed model manifest. */
export function bytesTableFromManifest(manifest: Manifest): MemoryTable {
  const table: Record<string, ModelMemory> = {};
  for (const m of manifest.models) {
    table[m.id] = {
      base: round3(m.weightBytes / MIB),
      per_sample: round3(m.activationBytesPerSample / MIB),
    };
  }
  if (table.vit_s16) table.vit = table.vit_s16;
  return table;
}

/** Default capacity per lane, by calibration. */
export const DEFAULT_CAPACITY = { tokens: 1000, bytes: 1024 } as const;
export const MEMORY_UNITS = { tokens: 'tokens', bytes: 'MiB' } as const;

/** Run costs for one experiment: index = model id. */
export class MemoryModel {
  readonly unit: string;
  private readonly base: Float64Array;
  private readonly perSample: Float64Array;

  constructor(
    readonly config: MemoryConfig,
    readonly models: readonly string[],
    table?: MemoryTable,
  ) {
    const builtIn = table ?? (config.calibration === 'tokens' ? TOKENS_TABLE : BYTES_TABLE);
    const factor = config.fp16
      ? (config.fp16_factor ?? (config.calibration === 'tokens' ? 0.7 : 0.5))
      : 1;
    this.unit = MEMORY_UNITS[config.calibration];
    const costs = models.map((name) => {
      const c = own(config.models, name) ?? own(builtIn, name);
      if (!c) {
        throw new Error(
          `invalid config:\n  - memory.models.${name}: no ${config.calibration} cost for "${name}" ` +
            `(known: ${Object.keys(builtIn).join(', ')}); give { "base": ..., "per_sample": ... }`,
        );
      }
      return c;
    });
    this.base = Float64Array.from(costs, (c) => c.base * factor);
    this.perSample = Float64Array.from(costs, (c) => c.per_sample * factor);
  }

  /** Capacity of a lane of this kind. */
  capacity(kind: LaneKind): number {
    return (
      own(this.config.capacity_by_kind, kind) ??
      this.config.capacity_per_lane ??
      DEFAULT_CAPACITY[this.config.calibration]
    );
  }

  /** What a run of `size` jobs of `model` holds. */
  cost(model: number, size: number): number {
    return this.base[model]! + this.perSample[model]! * size;
  }

  /** The largest run size <= `want` of `model` that fits in `free` (0 when not even one fits). */
  fitSize(model: number, want: number, free: number): number {
    if (free === Infinity) return want;
    const per = this.perSample[model]!;
    const room = free - this.base[model]!;
    if (room < per) return room >= 0 && per === 0 ? want : 0;
    if (per === 0) return want;
    // Guard against rounding: the size must satisfy cost(size) <= free exactly as `cost` computes it.
    let b = Math.min(want, Math.floor(room / per));
    while (b > 0 && this.cost(model, b) > free) b--;
    return b;
  }

  /** Problems with lanes too small for a run of one of some model (that job could never start). */
  gaps(kinds: readonly LaneKind[]): string[] {
    const out: string[] = [];
    for (const kind of kinds) {
      const cap = this.capacity(kind);
      this.models.forEach((name, m) => {
        if (this.cost(m, 1) > cap) {
          out.push(
            `memory: one ${name} job needs ${round3(this.cost(m, 1))} ${this.unit}, more than a ${kind} lane's ${cap}`,
          );
        }
      });
    }
    return out;
  }
}
