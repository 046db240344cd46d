/** Groups of commands built together, each in one module format. */
export const GROUPS: { format: 'cjs' | 'esm'; entries: Record<string, string> }[];
/** Command name -> entry source. */
export const ENTRIES: Record<string, string>;
/** The compiled file of a command (`sim.cjs`, `sweep.mjs`), or undefined for no such command. */
export function entryFile(command: string): string | undefined;
