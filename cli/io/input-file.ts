// The one way the CLI reads a file a person (or a config, a grid, a shard) names: a regular file,
// within a size limit, refused with one line naming it otherwise. Before this, `--config`,
// `--policy` and `arrivals.file` went through readFileSync whatever they were: `/dev/zero` passed
// 2.5 GB in seconds, a FIFO hung for ever, a sparse 5 GB file filled the heap.
//
// How: the file is opened non-blocking (a FIFO with no writer opens at once instead of waiting),
// `fstat` on that descriptor must say "regular file" (not a folder, FIFO, device or socket) and a
// size within the limit, and at most limit + 1 bytes are read, so a file that grows meanwhile or a
// pseudo-file whose size the kernel reports as 0 (`/proc/self/environ`) cannot pass the limit
// either; a size-0 file that holds bytes is refused as the pseudo-file it is. Text is decoded as
// UTF-8 with a leading byte-order mark dropped. `noFollow` refuses a symbolic link (files inside a
// folder SchedLab writes, such as a sweep's run records, are never read through a link).

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { formatCount } from '../../src/engine/limits.ts';

const MiB = 1024 * 1024;

/** The most bytes each kind of input may hold (docs/checks.md "Hostile input" states them). */
export const INPUT_LIMITS = {
  /** An experiment config, JSON or YAML (an inline trace in `arrivals.data` counts). */
  config: 64 * MiB,
  /** A sweep grid. */
  grid: 4 * MiB,
  /** A policy's source (src/policy/compile.ts MAX_SOURCE). */
  policy: 256 * 1024,
  /** A replayed trace file (`arrivals.file`): 16,777,216 timestamp rows of ~15 bytes. */
  trace: 256 * MiB,
  /** A sweep's sweep.json (every run's key and values). */
  manifest: 64 * MiB,
  /** One run record of a sweep (figures and four serialised sketches). */
  record: 4 * MiB,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

export class InputError extends Error {
  override name = 'InputError';
}

function sizeText(bytes: number): string {
  return bytes >= MiB
    ? `${formatCount(Math.round(bytes / MiB))} MiB`
    : `${formatCount(bytes)} bytes`;
}

/** What a file that is not a regular file is, for messages. */
function kindOf(st: ReturnType<typeof fstatSync>): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface ReadOptions {
  /** The byte limit; by default the kind's. */
  limit?: number;
  /** Refuse a symbolic link instead of following it. */
  noFollow?: boolean;
}

/**
 * The bytes of the regular file at `path`. Throws an InputError naming `label` (the option or
 * field that named the file) and the path.
 */
export function readInputBytes(
  path: string,
  label: string,
  kind: InputKind,
  options: ReadOptions = {},
): Uint8Array {
  const limit = options.limit ?? INPUT_LIMITS[kind];
  const where = `${label}: ${path}`;
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0),
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' && options.noFollow) {
      throw new InputError(`${where}: a symbolic link (not followed)`);
    }
    throw new InputError(`${where}: cannot read (${code ?? String(e)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${where}: ${kindOf(st)}, not a file`);
    if (st.size > limit) {
      throw new InputError(
        `${where}: ${sizeText(st.size)}, more than the ${sizeText(limit)} allowed`,
      );
    }
    // Read up to limit + 1 bytes whatever the size said: proc files report 0, files grow.
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) break;
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw new InputError(`${where}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`);
      }
      if (n === 0) break;
      length += n;
    }
    if (length > limit) {
      throw new InputError(`${where}: more than the ${sizeText(limit)} allowed`);
    }
    if (st.size === 0 && length > 0) {
      throw new InputError(
        `${where}: a pseudo-file (its size is unknown, as in /proc or /sys), not a file`,
      );
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The file at `path` as text (UTF-8, a leading byte-order mark dropped). */
export function readInputText(
  path: string,
  label: string,
  kind: InputKind,
  options: ReadOptions = {},
): string {
  const bytes = readInputBytes(path, label, kind, options);
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
