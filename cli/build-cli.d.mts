/** The repository root. */
export const ROOT: string;
/** Output folder of the compiled CLI, relative to the root. */
export const OUTDIR: string;
export { ENTRIES, entryFile } from './cli-entries.mjs';
/** Build the CLI into `<root>/<outdir>` atomically. */
export function buildCli(
  root?: string,
  outdir?: string,
): Promise<{ inputs: number; engineVersion: string }>;
