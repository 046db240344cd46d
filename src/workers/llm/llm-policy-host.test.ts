// The LLM mode's user policies, as the page runs them (LlmHost.setPolicy in the engine worker, the
// same compiler and guards as the request mode): each LLM template reproduces its built-in request
// for request; an infinite loop is stopped by the time limit with a message, the policy switched
// off and the run going on with its ledger balanced; a syntax error names its line and leaves the
// run as it was; a request-mode policy is refused by name.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConfig, type ConfigInput } from '../../engine/config.ts';
import { DEFAULT_LIMITS } from '../../engine/policy-api/runtime.ts';
import { wallMs } from '../../engine/units.ts';
import { compilePolicy } from '../../policy/compile.ts';
import type { LlmFrame } from '../llm-protocol.ts';
import { exportLlmRun, type LlmControl } from './llm-export.ts';
import { LLM_TICK_MS, LlmHost } from './llm-host.ts';

const template = (file: string) => readFileSync(`examples/policies/${file}`, 'utf8');

/** A loaded chat-like run that preempts (a small cache), mixed classes and long prompts. */
function loaded(llm: Partial<NonNullable<ConfigInput['llm']>> = {}): ConfigInput {
  return {
    seed: 5,
    jobs: 600,
    arrivals: { process: 'poisson', rate_per_s: 8 },
    mix: { interactive_ratio: 0.7 },
    lanes: [{ kind: 'gpu', count: 1 }],
    llm: {
      prompt: { dist: 'lognormal', mean: 900, cv: 1, max: 8000 },
      output: { dist: 'lognormal', mean: 200, cv: 1, max: 2000 },
      blocks: 600,
      max_num_seqs: 48,
      ...llm,
    },
  };
}

/** The per-request CSV of `input` run to the end with `controls` (the page's export path). */
function requestsCsv(input: ConfigInput, controls: LlmControl[] = []): string {
  const checked = checkConfig(input);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  const chunks: Uint8Array[] = [];
  exportLlmRun(checked.config, controls, 1e9, 'requests', (c) => chunks.push(c.slice()));
  return Buffer.concat(chunks).toString('utf8');
}

function policyControl(source: string): LlmControl {
  const compiled = compilePolicy(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return { t: 0, op: 'policy', value: source, factory: compiled.policy.llmFactory() };
}

afterEach(() => vi.useRealTimers());

describe('user LLM policies in the page', () => {
  it.each([
    ['llm-continuous.js', 'continuous', {}],
    ['llm-static.js', 'static', {}],
    ['llm-chunked-prefill.js', 'chunked_prefill', { max_num_batched_tokens: 512 }],
    ['shortest-prompt-first.js', 'shortest_prompt_first', {}],
  ] as const)('template %s gives the built-in %s request for request', (file, builtin, over) => {
    const mine = requestsCsv(loaded(over), [policyControl(template(file))]);
    const theirs = requestsCsv(loaded({ ...over, scheduler: { name: builtin } }));
    expect(mine.split('\n').length).toBeGreaterThan(500);
    expect(mine).toBe(theirs);
  });

  it('the templates differ from one another (the test above could not pass by running one policy)', () => {
    const runs = ['llm-continuous.js', 'llm-static.js', 'shortest-prompt-first.js'].map((f) =>
      requestsCsv(loaded(), [policyControl(template(f))]),
    );
    expect(new Set(runs).size).toBe(3);
  });

  it('stops an infinite loop at the time limit, says so, switches the policy off and runs on', async () => {
    let frames: LlmFrame[] = [];
    const host = new LlmHost({ postMessage: (m) => frames.push(m as LlmFrame) });
    expect(host.reset(loaded(), true)).toMatchObject({ ok: true });
    host.setSpeed(50);
    const result = await host.setPolicy(
      'export default {\n  llm: {\n    rank(request) {\n      while (true) {}\n    },\n  },\n};\n',
    );
    expect(result).toMatchObject({ ok: true });
    const started = performance.now();
    await new Promise((r) => setTimeout(r, 1500));
    const f = frames[frames.length - 1]!;
    host.stop();
    expect(f.policy).toBeDefined();
    const timeout = f.policy!.problems.find((p) => p.kind === 'timeout');
    expect(timeout?.message).toBe(`rank ran past ${DEFAULT_LIMITS.decisionMs} ms and was stopped`);
    expect(f.policy!.disabled).toMatch(/ran past the 50 ms limit: the policy is off/);
    expect(f.policy!.fallbacks).toBe(DEFAULT_LIMITS.maxTimeouts);
    // The run went on under continuous batching's answers, with every request accounted for.
    expect(f.completed[0] + f.completed[1]).toBeGreaterThan(0);
    const l = f.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    expect(performance.now() - started).toBeLessThan(5000);
    frames = [];
  });

  it('names the line of a syntax error and leaves the run as it was', async () => {
    vi.useFakeTimers();
    let wall = 0;
    const frames: LlmFrame[] = [];
    const host = new LlmHost({ postMessage: (m) => frames.push(m as LlmFrame) }, () =>
      wallMs(wall),
    );
    host.reset(loaded({ scheduler: { name: 'shortest_prompt_first' } }), true);
    const result = await host.setPolicy(
      'export default {\n  llm: {\n    rank(request) {\n      return request.prompt +;\n    },\n  },\n};\n',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.line).toBe(4);
    wall += LLM_TICK_MS;
    vi.advanceTimersByTime(LLM_TICK_MS);
    const f = frames[frames.length - 1]!;
    expect(f.scheduler).toBe('shortest_prompt_first');
    expect(f.policy).toBeUndefined();
    host.stop();
  });

  it('refuses a request-mode policy (decide only) by what it lacks', async () => {
    const host = new LlmHost({ postMessage: () => {} });
    host.reset(loaded(), false);
    const result = await host.setPolicy(template('fifo.js'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/no llm: \{ rank\(request\)/);
    host.stop();
  });
});
