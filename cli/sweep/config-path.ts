// Config paths as a sweep grid names them: `scheduler.name`, `arrivals.rate_per_s`, `lanes[1].count`,
// `mix.models.resnet50`. Parsed into keys and indices, then set on a plain config object with own-key
// lookups only (a path can never reach `__proto__` or an inherited property), creating objects
// where the base config leaves a section to its defaults and refusing to index past a list's end.

/** One step of a path: an object key or a list index. */
export type PathStep = string | number;

export class PathError extends Error {
  override name = 'PathError';
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** `lanes[1].count` -> ['lanes', 1, 'count']. Throws PathError saying what is wrong. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < path.length && (m = re.exec(path)) !== null) {
    at = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) throw new PathError(`"${path}": put a "." before "${m[1]}"`);
      if (!KEY.test(m[1])) throw new PathError(`"${path}": "${m[1]}" is not a field name`);
      if (FORBIDDEN.has(m[1])) throw new PathError(`"${path}": "${m[1]}" is not a config field`);
      steps.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (steps.length === 0) throw new PathError(`"${path}": starts with an index`);
      steps.push(Number(m[2]));
    } else {
      if (expectKey) throw new PathError(`"${path}": an empty field name`);
      expectKey = true;
    }
  }
  if (at !== path.length || path === '') {
    throw new PathError(`"${path}": not a config path (write it like lanes[1].count)`);
  }
  if (expectKey) throw new PathError(`"${path}": ends with "."`);
  return steps;
}

/** The canonical spelling of parsed steps: ['lanes', 1, 'count'] -> `lanes[1].count`. */
export function formatPath(steps: readonly PathStep[]): string {
  let out = '';
  for (const s of steps) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Set `value` at `steps` in `target` (mutated). Missing objects on the way are created; a list index
 * must exist already, since a lane group or fault half-described by a grid would be a surprise.
 */
export function setPath(
  target: Record<string, unknown>,
  steps: readonly PathStep[],
  value: unknown,
): void {
  let node: unknown = target;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    const here = formatPath(steps.slice(0, i)) || '(config)';
    if (typeof step === 'number') {
      if (!Array.isArray(node)) throw new PathError(`${formatPath(steps)}: ${here} is not a list`);
      if (step >= node.length) {
        throw new PathError(
          `${formatPath(steps)}: the base config's ${here} has ${node.length} entr${node.length === 1 ? 'y' : 'ies'} (${here}[0]..${here}[${node.length - 1}])`,
        );
      }
      if (last) node[step] = value;
      else node = node[step];
      continue;
    }
    if (!isPlainObject(node)) {
      throw new PathError(`${formatPath(steps)}: ${here} is not an object in the base config`);
    }
    if (last) {
      Object.defineProperty(node, step, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      if (!Object.hasOwn(node, step)) {
        Object.defineProperty(node, step, {
          value: {},
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      node = node[step];
    }
  }
}

/** The value at `steps`, or undefined when any step is missing (own keys only). */
export function getPath(target: unknown, steps: readonly PathStep[]): unknown {
  let node = target;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return undefined;
      node = node[step];
    } else {
      if (!isPlainObject(node) || !Object.hasOwn(node, step)) return undefined;
      node = node[step];
    }
  }
  return node;
}
