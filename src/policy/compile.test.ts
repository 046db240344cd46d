// Compiling a user policy: syntax errors and refused constructs name their line, the instrumented
// code keeps the source's line numbers, runaway code is stopped, and a policy sees neither the
// page's globals nor the wall clock.

import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import type { PluginScheduler } from '../engine/policy-api/plugin-scheduler.ts';
import { testConfig } from '../engine/test-support.ts';
import { compilePolicy } from './compile.ts';

const LIMITS = { decisionMs: 5, maxTimeouts: 3 };

function compileError(source: string) {
  const r = compilePolicy(source, { limits: LIMITS });
  if (r.ok) throw new Error('expected a compile error');
  return r.error;
}

/** Run a policy over a small config; its status and the final ledger. */
function run(source: string, jobs = 300) {
  const r = compilePolicy(source, { limits: LIMITS });
  if (!r.ok) throw new Error(r.error.message);
  const engine = new Engine(testConfig({ jobs, lanes: [{ kind: 'cpu', count: 2 }] }), {
    scheduler: r.policy.factory(LIMITS),
  });
  engine.runToEnd();
  return {
    status: (engine.currentScheduler as PluginScheduler).status(),
    ledger: engine.ledger(),
  };
}

describe('compilePolicy', () => {
  it('reports a syntax error with its line and column', () => {
    const e = compileError(
      'export default {\n  decide(ctx) {\n    return ctx.queue[0;\n  },\n};\n',
    );
    expect(e.message).toMatch(/^SyntaxError: /);
    expect(e.line).toBe(3);
    expect(e.column).toBe(23);
  });

  it('refuses imports, eval and a module without decide, naming the line', () => {
    expect(compileError("import x from 'y';\nexport default { decide() {} };")).toMatchObject({
      line: 1,
      message: expect.stringMatching(/cannot import/),
    });
    expect(compileError('export default {\n decide() { eval("1"); } };')).toMatchObject({
      line: 2,
      message: expect.stringMatching(/eval/),
    });
    expect(compileError('export default { name: "x" };').message).toMatch(/no decide/);
    // A property called eval is fine.
    expect(compilePolicy('export default { eval: 1, decide() {} };').ok).toBe(true);
  });

  it('stops top-level code that never ends and reports its line', () => {
    const e = compileError('let n = 0;\nwhile (true) { n++; }\nexport default { decide() {} };');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/ran past 5 ms/);
  });

  it('takes named exports and a default export alike', () => {
    const named = compilePolicy(
      'export const name = "mine";\nexport function decide() { return null; }',
    );
    expect(named.ok && named.policy.name).toBe('mine');
    const byFile = compilePolicy('export default { decide: () => null };', { file: 'dir/sjf.js' });
    expect(byFile.ok && byFile.policy.name).toBe('sjf');
  });

  it('reports an exception at the line it was thrown, after instrumented lines', () => {
    const { status, ledger } = run(
      [
        'export default {',
        '  decide({ queue, lanes }) {',
        '    for (const l of lanes) { if (l.available) break; }',
        '    const f = (j) => j.deadline;',
        '    queue.map(f);',
        '    return queue[0].nope.deeper;',
        '  },',
        '};',
      ].join('\n'),
    );
    expect(status.problems[0]).toMatchObject({ kind: 'exception', line: 6 });
    expect(status.problems[0]!.message).toMatch(/^TypeError: /);
    expect(ledger.completed).toBe(300);
  });

  it('stops a loop that catches its own stop signal, and a runaway recursion', () => {
    const loop = run(
      'export default { decide() {\n  for (;;) { try { (() => 1)(); } catch (e) {} }\n} };',
    );
    expect(loop.status.problems[0]).toMatchObject({ kind: 'timeout', line: 2 });
    expect(loop.status.disabled).toMatch(/FIFO decides/);
    expect(loop.ledger.completed).toBe(300);
    const deep = run(
      'function f(n) { return f(n + 1) + 1; }\nexport default { decide() { return f(0); } };',
    );
    expect(deep.status.problems[0]!.message).toMatch(/RangeError|stopped/);
    expect(deep.ledger.completed).toBe(300);
  });

  it('hides the page and the wall clock, and seeds Math.random from the run', () => {
    const probe = [
      'const seen = [typeof window, typeof self, typeof globalThis, typeof fetch, typeof Date,',
      '  typeof performance, typeof setTimeout, typeof postMessage, typeof Function].join();',
      'export default { description: seen + "|" + Math.random(), decide: () => null };',
    ].join('\n');
    const a = compilePolicy(probe);
    const b = compilePolicy(probe);
    if (!a.ok || !b.ok) throw new Error('compile');
    const [seen, random] = a.policy.description.split('|');
    expect(seen).toBe(Array(9).fill('undefined').join());
    // The same seed draws the same numbers.
    expect(b.policy.description.split('|')[1]).toBe(random);
    expect(Number(random)).toBeGreaterThan(0);
  });

  it('keeps line numbers in the instrumented code', () => {
    const { status } = run(
      [
        'export default {',
        '  decide: (ctx) =>',
        '    ctx.queue.length > 0',
        '      ? { job: ctx.queue[0], lane: 7 }',
        '      : null,',
        '};',
      ].join('\n'),
    );
    expect(status.problems[0]).toMatchObject({ kind: 'invalid', line: 3 });
    expect(status.problems[0]!.message).toMatch(/lane 7 does not exist/);
  });
});
