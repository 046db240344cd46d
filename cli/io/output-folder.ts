// The one way the CLI writes its results: every file a command writes goes through an
// OutputFolder, which
//  - checks `--out` before any work (`OutputFolder.check`): not a file, not inside /proc, /sys or
//    /dev (where recursive mkdir hangs or writes reach the kernel), and its nearest existing
//    folder writable; nothing is created until the command has something to write (`create`);
//  - resolves every name inside the folder and refuses any other: a name is one or two plain
//    segments (`summary.json`, `runs/<key>.json`, `plots/x.svg`) of letters, digits, `.`, `_`
//    and `-`, never `..`, absolute or empty; names that come from data are checked against their
//    own format by their caller too (a run key is 16 hex characters, cli/sweep/store.ts);
//  - never follows a link it did not create: a file is written to a fresh temporary name opened
//    with O_EXCL (which fails on an existing name, link or not) and renamed over the final name
//    (a rename replaces a link, it does not write through it); a subfolder is made here or must be
//    a real folder, not a link;
//  - writes atomically: a reader, or a command killed half-way, sees the old file or the new one,
//    whole. Streams (trace.csv) are written to their temporary name and renamed when closed.
// The LLM serving work and any new command write through here too (cli/io/README.md).

import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  accessSync,
  writeSync,
} from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';

export class OutputError extends Error {
  override name = 'OutputError';
}

/** One segment of an output name. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

/** Temporary names: `.<name>.tmp-<pid>-<thread>-<n>` (removed by `clean` after a kill). */
const TEMP = /\.tmp-\d+-\d+-\d+$/;
let tempCounter = 0;

/** Folders where a command's output never belongs (kernel interfaces, devices). */
const PSEUDO = ['/proc', '/sys', '/dev'];

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root + sep);
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** A stream being written to its temporary name; `close` renames it into place. */
export interface OutputStream {
  write(chunk: Uint8Array | string): void;
  /** Close and rename into place (also after a failure: what was written is kept). */
  close(): void;
}

export class OutputFolder {
  private created = false;
  private readonly subfolders = new Set<string>();

  private constructor(
    /** The folder as the person gave it (messages). */
    readonly given: string,
    /** Absolute path. */
    readonly path: string,
  ) {}

  /**
   * Check `given` (an `--out`) before any work: throws an OutputError saying why it cannot hold
   * results. Creates nothing.
   */
  static check(given: string, label = '--out'): OutputFolder {
    if (given === '' || given.includes('\0')) throw new OutputError(`${label}: not a folder name`);
    const path = resolve(given);
    // The nearest part of the path that exists, resolved through links.
    let existing = path;
    for (;;) {
      try {
        lstatSync(existing);
        break;
      } catch (e) {
        if (code(e) !== 'ENOENT') {
          throw new OutputError(`${label}: cannot use ${given} (${code(e)})`);
        }
        const up = dirname(existing);
        if (up === existing) break;
        existing = up;
      }
    }
    let real: string;
    try {
      real = realpathSync(existing);
    } catch (e) {
      throw new OutputError(`${label}: cannot use ${given} (${code(e)})`);
    }
    const inside = real === existing ? path : join(real, path.slice(existing.length));
    for (const root of PSEUDO) {
      if ((isUnder(inside, root) || isUnder(real, root)) && !isUnder(inside, '/dev/shm')) {
        throw new OutputError(`${label}: ${given} is inside ${root}, not a place for results`);
      }
    }
    if (existing === path) {
      if (!statSync(path).isDirectory()) {
        throw new OutputError(`${label}: ${given} exists and is not a folder`);
      }
    } else if (!statSync(existing).isDirectory()) {
      throw new OutputError(`${label}: ${existing} is a file, so ${given} cannot be a folder`);
    }
    try {
      accessSync(existing, constants.W_OK | constants.X_OK);
    } catch {
      throw new OutputError(`${label}: ${existing} is not writable`);
    }
    return new OutputFolder(given, path);
  }

  /** An output folder for a path that a command found (a sweep folder) rather than was given. */
  static at(path: string): OutputFolder {
    return OutputFolder.check(path, path);
  }

  /** Make the folder (and its parents, one level at a time: recursive mkdir hangs in /proc). */
  create(): void {
    if (this.created) return;
    const missing: string[] = [];
    for (let p = this.path; ; p = dirname(p)) {
      try {
        if (!statSync(p).isDirectory()) {
          throw new OutputError(`${this.given}: ${p} is not a folder`);
        }
        break;
      } catch (e) {
        if (e instanceof OutputError) throw e;
        if (code(e) !== 'ENOENT')
          throw new OutputError(`${this.given}: cannot use ${p} (${code(e)})`);
        missing.push(p);
        if (dirname(p) === p) break;
      }
    }
    for (const p of missing.reverse()) {
      try {
        mkdirSync(p);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw new OutputError(`cannot create ${p} (${code(e)})`);
      }
    }
    this.created = true;
  }

  /** The absolute path of output `name`, after checking the name; makes its subfolder. */
  resolve(name: string): string {
    const segments = name.split('/');
    if (
      isAbsolute(name) ||
      segments.length > 2 ||
      !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
    ) {
      throw new OutputError(`refused to write ${JSON.stringify(name)}: not a plain file name`);
    }
    this.create();
    if (segments.length === 2) this.subfolder(segments[0]!);
    return join(this.path, ...segments);
  }

  /** Make subfolder `name` here, or check that the one there is a real folder (not a link). */
  subfolder(name: string): void {
    if (!SEGMENT.test(name)) throw new OutputError(`refused to make ${JSON.stringify(name)}`);
    this.create();
    if (this.subfolders.has(name)) return;
    const path = join(this.path, name);
    try {
      mkdirSync(path);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw new OutputError(`cannot create ${path} (${code(e)})`);
      const st = lstatSync(path);
      if (st.isSymbolicLink() || !st.isDirectory()) {
        throw new OutputError(
          `${path} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}: refused to write through it`,
        );
      }
    }
    this.subfolders.add(name);
  }

  /** A fresh temporary file beside `final`, opened exclusively. */
  private openTemp(final: string): { fd: number; tmp: string } {
    const tmp = join(
      dirname(final),
      `.${final.slice(dirname(final).length + 1)}.tmp-${process.pid}-${threadId}-${tempCounter++}`,
    );
    try {
      return { fd: openSync(tmp, 'wx', 0o644), tmp };
    } catch (e) {
      throw new OutputError(`cannot create ${tmp} (${code(e)})`);
    }
  }

  /** Write output `name` whole, atomically. Returns its path. */
  write(name: string, data: string | Uint8Array): string {
    const final = this.resolve(name);
    const { fd, tmp } = this.openTemp(final);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, final);
    return final;
  }

  /** Stream output `name`: written to a temporary name, renamed into place by `close`. */
  stream(name: string): OutputStream {
    const final = this.resolve(name);
    const { fd, tmp } = this.openTemp(final);
    let open = true;
    return {
      write(chunk) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        let at = 0;
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      },
      close() {
        if (!open) return;
        open = false;
        closeSync(fd);
        renameSync(tmp, final);
      },
    };
  }

  /** Remove temporary files a killed command left here and in `subs` (never a finished file;
   * each subfolder is checked to be a real folder first). */
  clean(...subs: string[]): void {
    for (const sub of subs) this.subfolder(sub);
    for (const sub of ['', ...subs]) {
      const dir = sub === '' ? this.path : join(this.path, sub);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) if (TEMP.test(name)) rmSync(join(dir, name), { force: true });
    }
  }
}
