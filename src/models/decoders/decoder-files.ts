// What each decoder's ONNX file is, as `npm run models` made it: size and sha256 per decoder and
// attention kind (decoder-files.json, written by scripts/models/decoders.ts and committed). A lane
// that makes a decoder from its seed checks the bytes against this record before it creates a
// session, so the page runs exactly the graph Node measured.
//
// Pure data + zod schema: no DOM, no Node APIs.

import { z } from 'zod';
import type { AttentionKind } from './decoder-config.ts';
import recorded from './decoder-files.json' with { type: 'json' };
import { DECODER_IDS, type DecoderId } from './decoder-config.ts';

const FileSchema = z.object({
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const DecoderFilesSchema = z.object({
  note: z.string(),
  /** scripts/models/decoders.ts's DECODER_GENERATOR_VERSION when the record was made. */
  generatorVersion: z.number().int().positive(),
  /** Keyed `<decoder id>.<attention kind>`. */
  files: z.record(z.string(), FileSchema),
});
export type DecoderFiles = z.infer<typeof DecoderFilesSchema>;

/** One decoder file: where a lane caches it, what it must be. */
export interface DecoderFile {
  /** `models/<id>.<attention>.onnx`: the Cache Storage key and the file name under public/. */
  key: string;
  file: string;
  bytes: number;
  sha256: string;
}

export const decoderFileKey = (id: DecoderId, attention: AttentionKind): string =>
  `${id}.${attention}`;
export const decoderFileName = (id: DecoderId, attention: AttentionKind): string =>
  `${decoderFileKey(id, attention)}.onnx`;

export function parseDecoderFiles(json: unknown): DecoderFiles {
  const r = DecoderFilesSchema.safeParse(json);
  if (!r.success) throw new Error(`Invalid decoder-files.json: ${z.prettifyError(r.error)}`);
  for (const key of Object.keys(r.data.files)) {
    const [id] = key.split('.');
    if (!(DECODER_IDS as readonly string[]).includes(id ?? '')) {
      throw new Error(`decoder-files.json: ${key} names no decoder`);
    }
  }
  return r.data;
}

let parsed: DecoderFiles | undefined;

/** The recorded file of `id` with `attention`; throws if `npm run models` has not recorded it. */
export function decoderFile(id: DecoderId, attention: AttentionKind): DecoderFile {
  parsed ??= parseDecoderFiles(recorded);
  const f = parsed.files[decoderFileKey(id, attention)];
  if (!f) {
    throw new Error(
      `${decoderFileName(id, attention)} is not recorded in src/models/decoders/decoder-files.json: run npm run models`,
    );
  }
  const file = decoderFileName(id, attention);
  return { key: `models/${file}`, file, bytes: f.bytes, sha256: f.sha256 };
}
