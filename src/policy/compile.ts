// Compile a user policy (a plain JavaScript module, see src/engine/policy-api/api.ts) into something
// the engine runs: instrument it (instrument.ts), evaluate it in its realm (realm.ts: a `vm`
// context in Node, the disposable engine worker in the page) inside a function that shadows the
// obvious globals, and hand out fresh instances of its module, each with its own decision guard.
// Used by the engine worker (loaded on demand) and by `npm run sim -- --policy`.
//
// Shadowing keeps a policy deterministic (Math.random is a seeded stream, the wall clock is hidden)
// and keeps eval'd code, which would escape the guards, out; the realm keeps what it does to its
// built-ins away from the engine. Outside a decision window the guards stop everything, so no
// work the policy scheduled for later (a promise callback, an async loop) ever runs.

import {
  DEFAULT_LIMITS,
  SAME_REALM,
  type LlmHooks,
  type PolicyBridge,
  type PolicyLimits,
  type PolicyRuntime,
  type ThrownValue,
} from '../engine/policy-api/runtime.ts';
import type { DecideContext } from '../engine/policy-api/api.ts';
import { pluginAutoscaler } from '../engine/policy-api/plugin-autoscaler.ts';
import { pluginFactory } from '../engine/policy-api/plugin-scheduler.ts';
import { llmPluginFactory, type LlmPolicyFactory } from '../engine/policy-api/llm-plugin.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import { uniformStream } from '../engine/rng.ts';
import { HOOKS, instrument, type CompileProblem } from './instrument.ts';
import { ENGINE_REALM, kitMaker, type PolicyRealm, type RealmKit } from './realm.ts';

export type { CompileProblem } from './instrument.ts';

/** A user autoscaler's evaluation period when its module gives no `period_s` (the HPA's). */
const DEFAULT_SCALE_PERIOD_S = 15;

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
  /** A scheduler factory for Engine (`options.scheduler`, `setCustomScheduler`); throws for a
   * module that exports only `scale` (an autoscaler). */
  factory(limits?: PolicyLimits): SchedulerFactory;
  /** The module exports `scale(ctx)`: an autoscaler (`options.autoscaler`); its `period_s`. */
  scale: { periodS: number } | undefined;
  /** An autoscaler for Engine (`options.autoscaler`); throws for a module without `scale`. */
  autoscaler(limits?: PolicyLimits): ReturnType<typeof pluginAutoscaler>;
  /** The module exports `decide(ctx)`: a scheduler. */
  decides: boolean;
  /** The module has LLM hooks (`llm: { rank, ... }`). */
  isLlm: boolean;
  /** An LLM policy factory for Engine (`options.llmPolicy`). */
  llmFactory(limits?: PolicyLimits): LlmPolicyFactory;
}

export type CompileResult =
  { ok: true; policy: CompiledPolicy } | { ok: false; error: CompileProblem };

let compiled = 0;

export interface CompileOptions {
  /** The policy's file name: its default name, and where errors point. */
  file?: string;
  /** The time limit for the module's top-level code (as for one decision). */
  limits?: PolicyLimits;
  /** The realm the policy's code runs in (default: the engine's own, as in the page's worker). */
  realm?: PolicyRealm;
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
  const realm = options.realm ?? ENGINE_REALM;
  let body: (...args: unknown[]) => void;
  let makeKit: ReturnType<typeof kitMaker>;
  try {
    makeKit = kitMaker(realm);
    body = realm.evaluate(wrapper, url) as typeof body;
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
  const sameRealm = realm === ENGINE_REALM;
  const instantiate = (seed: number): PolicyRuntime =>
    load(body, makeKit, url, seed, limits, sameRealm);
  // Load it once now: a module that throws, loops at top level or has no decide is a compile error.
  const trial = instantiate(0) as Runtime;
  if (!trial.decide && !trial.llm && !trial.scale) {
    const e = trial.loadError ?? { message: 'the policy exports no decide(ctx) function', line: 1 };
    return fail(e.message, e.line ?? 1);
  }
  const period = trial.meta.period_s;
  const periodS =
    typeof period === 'number' && period >= 0.1 && period <= 3600 ? period : DEFAULT_SCALE_PERIOD_S;
  const policy: CompiledPolicy = {
    name: cleanText(trial.meta.name, 60) ?? fallbackName,
    description: cleanText(trial.meta.description, 200) ?? '',
    source,
    instantiate,
    classPriority: trial.meta.classPriority === true,
    factory: (l = limits) => {
      if (!trial.decide && trial.scale) {
        throw new Error(`${policy.name} is an autoscaler (scale), not a scheduler`);
      }
      return pluginFactory(policy.name, instantiate, l, policy.classPriority);
    },
    scale: trial.scale ? { periodS } : undefined,
    decides: trial.decide !== undefined,
    autoscaler: (l = limits) => {
      if (!trial.scale) throw new Error(`${policy.name} exports no scale(ctx) function`);
      return pluginAutoscaler(policy.name, instantiate, l, periodS);
    },
    isLlm: trial.llm !== undefined,
    llmFactory: (l = limits) => llmPluginFactory(policy.name, instantiate, l),
  };
  return { ok: true, policy };
}

function fail(message: string, line: number): CompileResult {
  return { ok: false, error: { message, line, column: 1 } };
}

function cleanText(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t.slice(0, max);
}

/** Guards look at the clock once per this many loop iterations and calls. */
const CHECK_EVERY = 256;

/** `state` slots of the kit's guards. */
const TICKS = 0;
const NEXT = 1;
const RETURN_LINE = 2;

class Runtime implements PolicyRuntime {
  decide: ((ctx: DecideContext) => unknown) | undefined;
  scale: ((ctx: unknown) => unknown) | undefined;
  llm: LlmHooks | undefined;
  loadError: { message: string; line?: number } | undefined;
  meta: { name?: unknown; description?: unknown; classPriority?: unknown; period_s?: unknown } = {};
  readonly kit: RealmKit;
  readonly bridge: PolicyBridge;
  private open = false;
  private deadline = 0;
  private stoppedAt = 0;

  constructor(
    private readonly url: string,
    makeKit: ReturnType<typeof kitMaker>,
    random: () => number,
    sameRealm: boolean,
  ) {
    this.kit = makeKit((line) => this.check(line), random);
    this.kit.state[NEXT] = -Infinity;
    this.bridge = sameRealm ? SAME_REALM : { fn: this.kit.fn, list: this.kit.list };
  }

  get returnLine(): number {
    return this.kit.state[RETURN_LINE]!;
  }

  /** The guards' slow path: true while the decision may go on. */
  private check(line: number): boolean {
    const s = this.kit.state;
    // Outside a window (a promise callback, an async loop after decide returned): stop at once.
    if (!this.open || this.stoppedAt > 0) return false;
    s[NEXT] = s[TICKS]! + CHECK_EVERY;
    if (performance.now() <= this.deadline) return true;
    this.stoppedAt = line;
    // Every later guard takes this path and says stop.
    s[NEXT] = -Infinity;
    return false;
  }

  begin(limitMs: number): void {
    const s = this.kit.state;
    s[TICKS] = 0;
    s[NEXT] = CHECK_EVERY;
    s[RETURN_LINE] = 0;
    this.stoppedAt = 0;
    this.deadline = performance.now() + limitMs;
    this.open = true;
  }

  end(): number {
    const stopped = this.stoppedAt;
    this.stoppedAt = 0;
    this.open = false;
    this.kit.state[NEXT] = -Infinity;
    return stopped;
  }

  describe(thrown: unknown): ThrownValue {
    try {
      if (typeof thrown === 'string') return { message: `threw "${thrown.slice(0, 200)}"` };
      if ((typeof thrown !== 'object' && typeof thrown !== 'function') || thrown === null) {
        return { message: `threw ${thrown === null ? 'null' : typeof thrown}` };
      }
      // Property reads only (no instanceof: a Proxy's getPrototypeOf trap may throw), each of
      // which may run the policy's code, under its guard.
      const { name, message, stack } = thrown as {
        name?: unknown;
        message?: unknown;
        stack?: unknown;
      };
      const text =
        typeof message === 'string'
          ? `${typeof name === 'string' ? name.slice(0, 60) : 'Error'}: ${message.slice(0, 300)}`
          : 'threw an object that is not an Error';
      const m =
        typeof stack === 'string'
          ? new RegExp(`${this.url.replace(/[.-]/g, '\\$&')}:(\\d+):(\\d+)`).exec(stack)
          : null;
      return m ? { message: text, line: Number(m[1]), column: Number(m[2]) } : { message: text };
    } catch {
      return { message: 'threw a value that could not be read' };
    }
  }
}

/** Run the module's top level in a fresh scope: exports, state and guards of its own. */
function load(
  body: (...args: unknown[]) => void,
  makeKit: ReturnType<typeof kitMaker>,
  url: string,
  seed: number,
  limits: PolicyLimits,
  sameRealm: boolean,
): Runtime {
  const rt = new Runtime(url, makeKit, uniformStream(seed, 'policy'), sameRealm);
  const kit = rt.kit;
  rt.begin(limits.decisionMs);
  try {
    Reflect.apply(body, undefined, [
      kit.g,
      kit.f,
      kit.r,
      kit.exports,
      kit.math,
      ...SHADOWED.map(() => undefined),
    ]);
    const exported = kit.exports;
    const mod = (exported['default'] ?? exported) as Record<string, unknown> | null;
    if (typeof mod !== 'object' && typeof mod !== 'function') {
      rt.loadError = {
        message: 'the default export must be an object with a decide(ctx) function',
      };
    } else if (
      mod === null ||
      (typeof mod['decide'] !== 'function' &&
        !isLlm(mod['llm']) &&
        typeof mod['scale'] !== 'function')
    ) {
      rt.loadError = {
        message:
          "the policy exports no decide(ctx) function (export default { decide(ctx) { ... } }), nor llm: { rank(request) { ... } } for an LLM config, nor an autoscaler's scale(ctx)",
      };
    } else {
      if (typeof mod['decide'] === 'function') {
        const decide = mod['decide'] as (this: unknown, ctx: unknown) => unknown;
        // Reflect.apply, not decide.call: the policy may have replaced its Function.prototype.call.
        rt.decide = (ctx) => Reflect.apply(decide, mod, [ctx]);
      }
      const scale = mod['scale'];
      if (typeof scale === 'function') rt.scale = (ctx) => Reflect.apply(scale, mod, [ctx]);
      if (isLlm(mod['llm'])) rt.llm = llmHooks(mod['llm']);
      rt.meta = {
        name: mod['name'],
        description: mod['description'],
        classPriority: mod['classPriority'],
        period_s: mod['period_s'],
      };
    }
  } catch (e) {
    const thrown = rt.describe(e);
    rt.loadError =
      thrown.line !== undefined
        ? { message: thrown.message, line: thrown.line }
        : { message: thrown.message };
  }
  const stopped = rt.end();
  if (stopped > 0) {
    rt.decide = undefined;
    rt.scale = undefined;
    rt.llm = undefined;
    rt.loadError = {
      message: `the module's top-level code ran past ${limits.decisionMs} ms and was stopped`,
      line: stopped,
    };
  }
  return rt;
}

type Hook = (this: unknown, ...args: unknown[]) => unknown;

function isLlm(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Record<string, unknown>)['rank'] === 'function'
  );
}

/** The module's `llm` hooks, bound to their object (read once, at load, inside its window). */
function llmHooks(llm: Record<string, unknown>): LlmHooks {
  const rank = llm['rank'] as Hook;
  const chunk = typeof llm['chunk'] === 'function' ? (llm['chunk'] as Hook) : undefined;
  // Reflect.apply, not .call: the policy may have replaced its Function.prototype.call.
  return {
    rank: (request) => Reflect.apply(rank, llm, [request]),
    chunk:
      chunk &&
      ((request, remaining, budget) => Reflect.apply(chunk, llm, [request, remaining, budget])),
    continuous: llm['continuous'] !== false,
  };
}
