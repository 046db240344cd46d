/** The repository root. */
export const ROOT: string;
/** Output folder of the compiled CLI, relative to the root. */
export const OUTDIR: string;
/** Command name -> entry source. */
export const ENTRIES: Record<string, string>;
/** Build the CLI into `<root>/<outdir>` atomically. */
export function buildCli(
  root?: string,
  outdir?: string,
): Promise<{ inputs: number; engineVersion: string }>;
