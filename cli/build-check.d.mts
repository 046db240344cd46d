export const BUILD_INFO: string;
export const BUILD_FORMAT: string;
export function sha256(path: string): string;
/** Why the build in `outdir` cannot be used, or undefined when it is current. */
export function staleReason(root: string, outdir: string): string | undefined;
