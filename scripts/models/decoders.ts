// `npm run models`' part for the decoders: makes each decoder's ONNX file from its seed (both
// attention kinds), records its size and sha256 in src/models/decoders/decoder-files.json (what a
// lane checks the file it makes against), and writes the file to public/models/ where that is
// cheap. The tiny decoder's two 16 MB files are always written; GPT-2 small's two 498 MB files take
// about 15 s each to make, so they are made only when their record is missing or stale (a new
// DECODER_GENERATOR_VERSION, or --force) and written to disk only with --gpt2. None of them is
// part of the built site: lanes make them on the device.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decoderFileKey,
  decoderFileName,
  parseDecoderFiles,
  type DecoderFiles,
} from '../../src/models/decoders/decoder-files.ts';
import {
  ATTENTION_KINDS,
  DECODER_IDS,
  parametersOf,
  type DecoderId,
} from '../../src/models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../../src/models/decoders/decoder-models.ts';

/** Bump when a decoder's graph or weights change. */
export const DECODER_GENERATOR_VERSION = 1;

export const DECODER_FILES_PATH = join(
  import.meta.dirname,
  '../../src/models/decoders/decoder-files.json',
);

/** Decoders whose files `npm run models` always writes (the others only with --gpt2). */
const ALWAYS_WRITTEN: readonly DecoderId[] = ['decoder_tiny'];

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function previousRecord(): DecoderFiles['files'] {
  try {
    const record = parseDecoderFiles(JSON.parse(readFileSync(DECODER_FILES_PATH, 'utf8')));
    return record.generatorVersion === DECODER_GENERATOR_VERSION ? record.files : {};
  } catch {
    return {};
  }
}

export interface DecoderOptions {
  /** Remake every file (and its record). */
  force: boolean;
  /** Write GPT-2 small's files too (--gpt2). */
  writeAll: boolean;
  modelsDir: string;
  log: (line: string) => void;
}

/** Makes, records and writes the decoders' files as described above; returns the record. */
export function generateDecoders(o: DecoderOptions): DecoderFiles {
  const previous = o.force ? {} : previousRecord();
  const files: DecoderFiles['files'] = {};
  for (const id of DECODER_IDS) {
    for (const attention of ATTENTION_KINDS) {
      const key = decoderFileKey(id, attention);
      const name = decoderFileName(id, attention);
      const dest = join(o.modelsDir, name);
      const write = o.writeAll || ALWAYS_WRITTEN.includes(id);
      const prev = previous[key];
      const started = performance.now();
      let action: string;
      if (prev && (!write || (existsSync(dest) && sha256(readFileSync(dest)) === prev.sha256))) {
        files[key] = prev;
        action = write ? 'up to date' : 'recorded';
      } else {
        const bytes = makeDecoderModel(id, attention, prev?.bytes ?? 0);
        const hash = sha256(bytes);
        if (prev && prev.sha256 !== hash) {
          console.warn(
            `  warning: ${name} differs from its record at the same decoder generator version; bump DECODER_GENERATOR_VERSION if the graph changed on purpose.`,
          );
        }
        if (write) writeAtomic(dest, bytes);
        files[key] = { bytes: bytes.byteLength, sha256: hash };
        action = write ? 'generated' : 'made';
      }
      const f = files[key];
      o.log(
        `  ${name.padEnd(24)} ${action.padEnd(10)} ${(f.bytes / 1e6).toFixed(1).padStart(6)} MB  ${parametersOf(id).toLocaleString('en-US').padStart(11)} params  ${(performance.now() - started).toFixed(0)} ms`,
      );
    }
  }
  const record: DecoderFiles = {
    note: "Written by npm run models (scripts/models/decoders.ts): size and sha256 of each decoder's ONNX file as made from its seed. Lanes check the files they make against it.",
    generatorVersion: DECODER_GENERATOR_VERSION,
    files,
  };
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (!existsSync(DECODER_FILES_PATH) || readFileSync(DECODER_FILES_PATH, 'utf8') !== text) {
    writeAtomic(DECODER_FILES_PATH, text);
    o.log('  wrote src/models/decoders/decoder-files.json');
  }
  return record;
}
