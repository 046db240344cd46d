// Where a user policy's code lives: a realm (a set of built-ins: Array, Object, Math, Promise...).
// Issue 19 measured the candidates on the policy API's own path (bench/policy-realm.ts, decisions
// per CPU second of examples/policies/fifo.js, relative to evaluating it in the engine's realm):
// a Node `vm` context 0.95x, Hardened JavaScript (`ses` lockdown + Compartment) 0.50x, and a
// dedicated worker with one synchronous round trip per decision 0.04x. Lockdown also slowed the
// engine's own built-in schedulers to 0.34x in the realm it froze (a frozen Object.prototype takes
// V8 off its fast paths for every property store), so it cannot be the engine worker's realm.
// Hence:
//  - in Node (`npm run sim -- --policy`), a `vm` context (cli/policy-realm.ts) with code
//    generation from strings off and a microtask queue of its own that nothing drains;
//  - in the page, the engine worker: user code runs in it, and the page replaces the worker before
//    the next run without user code and whenever it stops answering (app/engine-client.ts), so no
//    built-in run ever shares a realm with a policy's leftovers.
// Both go through `PolicyRealm.evaluate`. Into the realm goes a kit (below) evaluated there before
// any user code: the guards, the exports object, the seeded Math and the bridge are the realm's
// own functions and objects, holding what they need from the engine in closures, with the
// intrinsics they use captured before the policy can replace any.

/** Evaluates source text in the policy's realm. */
export interface PolicyRealm {
  /** Evaluate `code`, a script whose value is a function; `filename` names it in stack traces. */
  evaluate(code: string, filename: string): unknown;
}

/** The engine's own realm: indirect eval (global scope, nothing of this module's scope). */
export const ENGINE_REALM: PolicyRealm = {
  evaluate: (code) => (0, eval)(code),
};

/** What the kit gives each instance of a policy: all of it the policy realm's own. */
export interface RealmKit {
  /** Guard state: [ticks, next check at, last return line]. */
  state: number[];
  /** Loop guard, function-entry guard, return hook (instrument.ts inserts calls to them). */
  g: (line: number) => boolean;
  f: (line: number) => void;
  r: (line: number, value: unknown) => unknown;
  /** The module's exports (no prototype). */
  exports: Record<string, unknown>;
  /** The realm's Math, frozen, with `random` replaced. */
  math: Math;
  /** A fresh array of the realm holding `items` (PolicyBridge.list). */
  list: <T>(items: readonly T[]) => T[];
  /** A realm function calling `host`; its exceptions arrive as the realm's TypeError. */
  fn: <A extends unknown[], R>(host: (...args: A) => R) => (...args: A) => R;
}

/**
 * The kit's source: evaluated once per compiled policy, before any of its code runs, it captures
 * the intrinsics it needs (a policy may replace any of them later, in its realm) and returns the
 * maker of each instance's kit, which uses only what it captured: no iteration protocol, no
 * inherited setter, no method looked up afresh. `check(line)` is the engine's: true while the
 * decision may go on.
 */
const KIT = `(function () {
  "use strict";
  const freeze = Object.freeze, create = Object.create, defineProperty = Object.defineProperty;
  const ownKeys = Reflect.ownKeys, TE = TypeError, ERR = Error;
  const StringOf = String, M = Math, A = Array, from = Array.from;
  const apply = Reflect.apply;
  const mathKeys = ownKeys(M), mathValues = [];
  for (let i = 0; i < mathKeys.length; i++) mathValues[i] = M[mathKeys[i]];
  const stopName = { __proto__: null, value: "PolicyStopped" };
  return function (check, random) {
    const s = [0, 0, 0];
    const g = (line) => ++s[0] < s[1] || check(line);
    const f = (line) => {
      if (++s[0] < s[1] || check(line)) return;
      const e = new ERR("stopped at line " + line + ": the decision ran past its time limit");
      defineProperty(e, "name", stopName);
      throw e;
    };
    const r = (line, value) => { s[2] = line; return value; };
    // The API's functions take at most three arguments: fixed arity keeps the call cheap.
    const fn = (host) => function (a, b, c) {
      try { return host(a, b, c); }
      catch (e) {
        let message = "the call failed";
        try { message = StringOf(e.message); } catch (_) {}
        throw new TE(message);
      }
    };
    const math = create(null);
    for (let i = 0; i < mathKeys.length; i++) math[mathKeys[i]] = mathValues[i];
    math.random = fn(random);
    // Array.from defines each item as an own property (no setter runs) and reads our array
    // through our own iterator.
    const list = (items) => apply(from, A, [items]);
    return { state: s, g, f, r, exports: create(null), math: freeze(math), list, fn };
  };
})()`;

/** Build a kit in `realm` (throws what evaluating there throws, such as a CSP refusal). */
export function kitMaker(
  realm: PolicyRealm,
): (check: (line: number) => boolean, random: () => number) => RealmKit {
  return realm.evaluate(KIT, 'schedlab-policy-kit.js') as (
    check: (line: number) => boolean,
    random: () => number,
  ) => RealmKit;
}
