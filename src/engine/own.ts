// Own-key lookups in records that come from configs. A config's records (mix.models, model_ms,
// memory.models, profile tables) are keyed by names a person typed, and `record[name]` on a plain
// object finds inherited members for names like "constructor" or "toString": a function where a
// number was expected. Every lookup by a user-given name goes through here instead.

/** `record[key]` when `key` is the record's own property, else undefined. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
