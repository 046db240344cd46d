// Types of the module Vite's site-files plugin (scripts/site/site-files-plugin.ts) generates.

declare module 'virtual:schedlab-site-files' {
  /** A run-time file of the site, served gzip-compressed. */
  export interface SiteFile {
    /** URL of the .gz (absolute, or relative to the worker's location in the dev server). */
    url: string;
    /** Size and sha256 (hex) of the expanded bytes. */
    bytes: number;
    sha256: string;
    /** Size of the .gz as served. */
    servedBytes: number;
  }
  /** public/models/manifest.json as built (parse it with parseManifest). */
  export const manifest: unknown;
  /** `runtime/<ONNX Runtime .wasm>` and `models/<file>` for every shipped (pretrained) model. */
  export const files: Record<string, SiteFile>;
}
