/** Engine source files (relative to `root`, sorted) that the engine version covers. */
export function engineSourceFiles(root: string): string[];
/** Package version plus 12 hex digits of SHA-256 over the engine's source files. */
export function computeEngineVersion(root: string): string;
