// Issue 19, defect 6: user policies that got past the decision guard, through `npm run sim --
// --policy` (its own `main`, in-process: the policy runs in its `vm` realm, cli/policy-realm.ts).
// Each must leave the run finishing with its results in --out, the policy's trouble reported, and
// the CLI's own realm untouched. (A clock that creeps by a nanosecond a decision is the engine's
// progress guard: src/engine/hostile-input.test.ts.)

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './run-sim.ts';

const CONFIG = {
  jobs: 400,
  arrivals: { process: 'poisson', rate_per_s: 300 },
  lanes: [{ kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 3 },
};

/** Run `policy` (the body of `decide(ctx)`, plus module-level `prelude`) on CONFIG. */
function runPolicy(
  decideBody: string,
  prelude = '',
): { status: number; stderr: string; out: string; summary: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-policy-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify(CONFIG));
  writeFileSync(
    join(dir, 'p.js'),
    `${prelude}\nexport default { name: 'hostile', decide(ctx) {\n${decideBody}\n} };\n`,
  );
  const out = join(dir, 'out');
  const err: string[] = [];
  const status = main(
    ['--config', join(dir, 'c.json'), '--out', out, '--policy', join(dir, 'p.js'), '--quiet'],
    { out: () => undefined, err: (l) => err.push(l) },
  );
  const summaryPath = join(out, 'summary.json');
  const summary = existsSync(summaryPath)
    ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>)
    : {};
  return { status, stderr: err.join('\n'), out, summary };
}

const FIFO =
  'const lane = ctx.lanes.find((l) => l.available); return lane ? { job: ctx.queue[0], lane } : null;';

function ledgerOf(summary: Record<string, unknown>): Record<string, number> {
  return summary.ledger as Record<string, number>;
}

describe('issue 19: policies that try to outlive or escape their decision', () => {
  it('work scheduled after decide returns never runs (a promise callback that loops for ever)', async () => {
    const r = runPolicy(`Promise.resolve().then(() => { for (;;) {} }); ${FIFO}`);
    expect(r.status).toBe(0);
    expect(ledgerOf(r.summary).completed).toBe(400);
    // Give queued microtasks their chance: the test (and the CLI) would hang here if one ran.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('an async loop started by a decision ends with it', async () => {
    const r = runPolicy(`(async () => { for (;;) { await null; } })(); ${FIFO}`);
    expect(r.status).toBe(0);
    expect(ledgerOf(r.summary).completed).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('a thrown Proxy whose traps throw is reported, not a crash', () => {
    const r = runPolicy(
      `throw new Proxy({}, { getPrototypeOf() { throw 1; }, get() { throw 2; } });`,
    );
    expect(r.status).toBe(0);
    const policy = r.summary.policy as { problems: { message: string }[]; fallbacks: number };
    expect(policy.problems[0]!.message).toBe('threw a value that could not be read');
    expect(policy.fallbacks).toBeGreaterThan(0);
    expect(ledgerOf(r.summary).completed).toBe(400);
  });

  it('replacing Array.prototype.push or Math.max stays inside the policy', () => {
    const cwd = process.cwd();
    const before = existsSync(join(cwd, 'trace.csv'));
    const push = runPolicy(FIFO, 'Array.prototype.push = function () { return 0; };');
    expect(push.status).toBe(0);
    expect(existsSync(join(push.out, 'trace.csv'))).toBe(true);
    expect(existsSync(join(cwd, 'trace.csv'))).toBe(before);
    expect([1, 2].concat([3]).length).toBe(3);
    const arr: number[] = [];
    arr.push(1);
    expect(arr).toEqual([1]);
    const max = runPolicy(`Math.max = () => NaN; ${FIFO}`);
    // The policy's Math is frozen: assigning to it throws in the policy, which falls back to FIFO.
    expect(max.status).toBe(0);
    expect(Math.max(1, 2)).toBe(2);
    expect(ledgerOf(max.summary).completed).toBe(400);
  });

  it('the function constructor reached through a function of the API cannot make code', () => {
    const r = runPolicy(
      `const g = ctx.fits.constructor('return globalThis')(); g.hacked = 1; ${FIFO}`,
    );
    expect(r.status).toBe(0);
    expect((globalThis as Record<string, unknown>).hacked).toBeUndefined();
    const policy = r.summary.policy as { problems: { message: string }[] };
    expect(policy.problems[0]!.message).toMatch(
      /EvalError|Code generation from strings disallowed/,
    );
  });
});
