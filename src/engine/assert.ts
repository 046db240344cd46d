// Assertion helpers that narrow types, so invariants read as code rather than comments.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertExists<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new AssertionError(`${what} is missing`);
  return value;
}

export function assertUnreachable(value: never): never {
  throw new AssertionError(`unreachable: ${String(value)}`);
}
