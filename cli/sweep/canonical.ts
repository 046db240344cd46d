// Run keys. A run is identified by a hash of its canonical config (every default filled in, keys
// sorted, a replayed trace by the hash of its text rather than its path), its seed (part of the
// config) and the engine version. Equal keys mean equal results, so a sweep skips a run whose result
// exists, and shards computed anywhere merge without duplicates.

import { createHash } from 'node:crypto';
import type { Config } from '../../src/engine/config.ts';

/** JSON with object keys sorted at every level; undefined fields are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Bumped when the key's recipe changes. */
const KEY_FORMAT = 'schedlab.run-key/1';

/**
 * The run key: 16 hex digits (64 bits) of SHA-256 over the key format, the engine version and the
 * canonical config, in which a replayed trace stands as `sha256:<hash of its text>`.
 */
export function runKey(
  config: Config,
  traceSha256: string | undefined,
  engineVersion: string,
): string {
  const arrivals =
    config.arrivals.process === 'trace'
      ? { ...config.arrivals, file: undefined, data: `sha256:${traceSha256 ?? ''}` }
      : config.arrivals;
  const text = `${KEY_FORMAT}\n${engineVersion}\n${canonicalJson({ ...config, arrivals })}`;
  return sha256Hex(text).slice(0, 16);
}
