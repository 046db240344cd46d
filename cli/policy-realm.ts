// The realm a user policy runs in under Node (`npm run sim -- --policy`, validate, tests): a `vm`
// context of its own (src/policy/realm.ts says why, with the measurements). Its built-ins are its
// own, so a policy that replaces `Array.prototype.push` or `Math.max` replaces them there, not in
// the engine or the CLI. Code generation from strings is off inside it (`Function('...')`,
// reached through any function's constructor, throws), and its microtask queue is its own and is
// only run after an evaluation here, which happens before any policy code runs: a promise callback
// or an async loop a decision schedules never runs at all. Node's documentation is plain that
// `vm` is not a security mechanism; what it gives here is isolation of built-ins and of leftovers.

import { createContext, runInContext } from 'node:vm';
import type { PolicyRealm } from '../src/policy/realm.ts';

/** A fresh `vm` realm for one compiled policy. */
export function nodePolicyRealm(): PolicyRealm {
  const context = createContext(Object.create(null) as object, {
    name: 'schedlab policy',
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  return { evaluate: (code, filename) => runInContext(code, context, { filename }) as unknown };
}
