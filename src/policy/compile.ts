// Compile a user policy (a plain JavaScript module, see src/engine/policy-api/api.ts) into something
// the engine runs: instrument it (instrument.ts), evaluate it in a function that shadows the
// obvious globals, and hand out fresh instances of its module, each with its own decision guard.
// Used by the engine worker (loaded on demand) and by `npm run sim -- --policy`.
//
// This is not a security boundary: the engine worker is (no DOM, no page state). Shadowing stops a
// policy from reaching the page's globals by accident, keeps it deterministic (Math.random is a
// seeded stream, the wall clock is hidden) and keeps eval'd code, which would escape the guards,
// out.

import {
  DEFAULT_LIMITS,
  type PolicyLimits,
  type PolicyRuntime,
  type SourceLocation,
} from '../engine/policy-api/runtime.ts';
import type { DecideContext } from '../engine/policy-api/api.ts';
import { pluginFactory } from '../engine/policy-api/plugin-scheduler.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import { uniformStream } from '../engine/rng.ts';
import { HOOKS, instrument, type CompileProblem } from './instrument.ts';

export type { CompileProblem } from './instrument.ts';

/** Longest policy source accepted (characters). */
export const MAX_SOURCE = 256 * 1024;

/** Globals a policy cannot see (they are undefined inside it). */
const SHADOWED = [
  'globalThis',
  'self',
  'window',
  'document',
  'postMessage',
  'importScripts',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'MessageChannel',
  'indexedDB',
  'caches',
  'navigator',
  'location',
  'close',
  'setTimeout',
  'setInterval',
  'queueMicrotask',
  'requestAnimationFrame',
  'Function',
  'Date',
  'performance',
  'process',
  'require',
] as const;

export interface CompiledPolicy {
  /** The module's `name`, or the file's. */
  name: string;
  description: string;
  source: string;
  /** The module's `classPriority` (see PolicyModule). */
  classPriority: boolean;
  /** A fresh instance of the module (its own state); its Math.random is a stream of `seed`. */
  instantiate(seed: number): PolicyRuntime;
  /** A scheduler factory for Engine (`options.scheduler`, `setCustomScheduler`). */
  factory(limits?: PolicyLimits): SchedulerFactory;
}

export type CompileResult =
  { ok: true; policy: CompiledPolicy } | { ok: false; error: CompileProblem };

let compiled = 0;

export interface CompileOptions {
  /** The policy's file name: its default name, and where errors point. */
  file?: string;
  /** The time limit for the module's top-level code (as for one decision). */
  limits?: PolicyLimits;
  /** Evaluates the wrapped module's source to its function (benchmarks compare realms this way). */
  evaluate?: (code: string) => unknown;
}

/** Compile a policy's source. Errors carry a line (and column) in that source. */
export function compilePolicy(source: string, options: CompileOptions = {}): CompileResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (typeof source !== 'string') return fail('the policy must be JavaScript source text', 1);
  if (source.length > MAX_SOURCE) {
    return fail(
      `the policy is ${Math.ceil(source.length / 1024)} KiB; at most ${MAX_SOURCE / 1024} KiB`,
      1,
    );
  }
  const inst = instrument(source);
  if (!inst.ok) return { ok: false, error: inst.error };
  const url = `schedlab-policy-${++compiled}.js`;
  // The source starts on the wrapper's first line, so its line numbers are the code's own.
  const wrapper =
    `(function(${[...HOOKS, 'Math', ...SHADOWED].join(',')}){"use strict";{${inst.code}\n}})` +
    `\n//# sourceURL=${url}`;
  let body: (...args: unknown[]) => void;
  try {
    // Indirect eval: global scope, nothing of this module's scope visible.
    body = (options.evaluate ?? indirectEval)(wrapper) as typeof body;
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return fail(
      /unsafe-eval|Content Security Policy/i.test(message)
        ? `this page's Content-Security-Policy forbids running code ("unsafe-eval"): ${message}`
        : message,
      1,
    );
  }
  const fallbackName = (options.file ?? 'my-policy')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[cm]?js$/, '');
  const instantiate = (seed: number): PolicyRuntime => load(body, url, seed, limits);
  // Load it once now: a module that throws, loops at top level or has no decide is a compile error.
  const trial = instantiate(0) as Runtime;
  if (!trial.decide) {
    const e = trial.loadError ?? { message: 'the policy exports no decide(ctx) function', line: 1 };
    return fail(e.message, e.line ?? 1);
  }
  const policy: CompiledPolicy = {
    name: cleanText(trial.meta.name, 60) ?? fallbackName,
    description: cleanText(trial.meta.description, 200) ?? '',
    source,
    instantiate,
    classPriority: trial.meta.classPriority === true,
    factory: (l = limits) => pluginFactory(policy.name, instantiate, l, policy.classPriority),
  };
  return { ok: true, policy };
}

/** Indirect eval: global scope, nothing of this module's scope visible. */
function indirectEval(code: string): unknown {
  return (0, eval)(code);
}

function fail(message: string, line: number): CompileResult {
  return { ok: false, error: { message, line, column: 1 } };
}

function cleanText(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t.slice(0, max);
}

/** Thrown at a function's entry once a decision's time is up. */
class PolicyStopped extends Error {
  override name = 'PolicyStopped';
}

class Runtime implements PolicyRuntime {
  decide: ((ctx: DecideContext) => unknown) | undefined;
  loadError: { message: string; line?: number } | undefined;
  meta: { name?: unknown; description?: unknown; classPriority?: unknown } = {};
  returnLine = 0;
  private ticks = 0;
  private next = CHECK_EVERY;
  private deadline = Infinity;
  private stoppedAt = 0;

  constructor(private readonly url: string) {}

  /** Loop guard: false once the time is up (the loop breaks). */
  readonly g = (line: number): boolean => ++this.ticks < this.next || this.check(line);
  /** Function-entry guard: throws once the time is up. */
  readonly f = (line: number): void => {
    if (++this.ticks < this.next || this.check(line)) return;
    throw new PolicyStopped(`stopped at line ${line}: the decision ran past its time limit`);
  };
  /** Return hook: remembers the line a value was returned from. */
  readonly r = (line: number, value: unknown): unknown => {
    this.returnLine = line;
    return value;
  };

  private check(line: number): boolean {
    if (this.stoppedAt > 0) return false;
    this.next = this.ticks + CHECK_EVERY;
    if (performance.now() <= this.deadline) return true;
    this.stoppedAt = line;
    // Every later guard takes this path and says stop.
    this.next = -Infinity;
    return false;
  }

  begin(limitMs: number): void {
    this.ticks = 0;
    this.next = CHECK_EVERY;
    this.stoppedAt = 0;
    this.returnLine = 0;
    this.deadline = performance.now() + limitMs;
  }

  end(): number {
    const stopped = this.stoppedAt;
    this.stoppedAt = 0;
    this.deadline = Infinity;
    this.next = CHECK_EVERY;
    return stopped;
  }

  locate(error: unknown): SourceLocation | undefined {
    if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined;
    const m = new RegExp(`${this.url.replace(/[.-]/g, '\\$&')}:(\\d+):(\\d+)`).exec(error.stack);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }
}

/** Guards look at the clock once per this many loop iterations and calls. */
const CHECK_EVERY = 256;

/** Run the module's top level in a fresh scope: exports, state and guards of its own. */
function load(
  body: (...args: unknown[]) => void,
  url: string,
  seed: number,
  limits: PolicyLimits,
): Runtime {
  const rt = new Runtime(url);
  const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  rt.begin(limits.decisionMs);
  try {
    body(rt.g, rt.f, rt.r, exports, seededMath(seed), ...SHADOWED.map(() => undefined));
    const mod = (exports['default'] ?? exports) as Record<string, unknown> | null;
    if (typeof mod !== 'object' && typeof mod !== 'function') {
      rt.loadError = {
        message: 'the default export must be an object with a decide(ctx) function',
      };
    } else if (mod === null || typeof mod['decide'] !== 'function') {
      rt.loadError = {
        message:
          'the policy exports no decide(ctx) function (export default { decide(ctx) { ... } })',
      };
    } else {
      const decide = mod['decide'] as (this: unknown, ctx: unknown) => unknown;
      rt.decide = (ctx) => decide.call(mod, ctx);
      rt.meta = {
        name: mod['name'],
        description: mod['description'],
        classPriority: mod['classPriority'],
      };
    }
  } catch (e) {
    const at = rt.locate(e);
    let message: string;
    try {
      message = e instanceof Error ? `${e.name}: ${e.message}` : `threw ${typeof e}`;
    } catch {
      message = 'threw a value that could not be read';
    }
    rt.loadError = at ? { message, line: at.line } : { message };
  }
  const stopped = rt.end();
  if (stopped > 0) {
    rt.decide = undefined;
    rt.loadError = {
      message: `the module's top-level code ran past ${limits.decisionMs} ms and was stopped`,
      line: stopped,
    };
  }
  return rt;
}

/** Math with a seeded random(): a policy's choices replay exactly for a seed. */
function seededMath(seed: number): Math {
  const m: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Math)) {
    m[key] = (Math as unknown as Record<string, unknown>)[key];
  }
  m['random'] = uniformStream(seed, 'policy');
  return Object.freeze(m) as unknown as Math;
}
