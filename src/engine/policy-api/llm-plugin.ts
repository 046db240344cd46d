// A user's LLM policy (`llm: { rank, chunk, continuous }`, api.ts) as an LlmPolicy the step
// scheduler asks like a built-in. Each call runs inside a decision window; a hook that throws, runs
// past the time limit or answers something it may not (a rank that is not a finite number, a chunk
// that is not a whole number from 0 to what is left) is logged with its line and that decision falls
// back to the `continuous` policy's answer (arrival order, the whole prompt): the run goes on and
// the ledgers balance whatever the policy does.

import { CLASS_NAMES } from '../job-table.ts';
import type { LlmPolicy, LlmPolicyOptions, LlmPolicyView } from '../schedulers/llm-policy.ts';
import { wholePrompt } from '../schedulers/llm-policy.ts';
import type { LlmRequestView } from './api.ts';
import { describeType } from './plugin-scheduler.ts';
import type { PolicyInstantiator, PolicyLimits, PolicyRuntime, ThrownValue } from './runtime.ts';
import { PolicyLog } from './status.ts';

/** Builds a user LLM policy for a run: what Engine takes as `llmPolicy`. */
export type LlmPolicyFactory = (
  options: LlmPolicyOptions,
  seed: number,
) => LlmPolicy & { log: PolicyLog };

export function llmPluginFactory(
  name: string,
  instantiate: PolicyInstantiator,
  limits: PolicyLimits,
): LlmPolicyFactory {
  return (o, seed) => new PluginLlmPolicy(name, instantiate(seed), o, limits);
}

class PluginLlmPolicy implements LlmPolicy {
  readonly log: PolicyLog;
  readonly stepTokens: number;
  readonly continuous: boolean;
  private view: LlmPolicyView | undefined;
  private timeouts = 0;

  constructor(
    readonly name: string,
    private readonly rt: PolicyRuntime,
    o: LlmPolicyOptions,
    private readonly limits: PolicyLimits,
  ) {
    this.log = new PolicyLog(name);
    this.stepTokens = o.maxNumBatchedTokens;
    this.continuous = rt.llm?.continuous ?? true;
    if (rt.llm === undefined) {
      this.log.disabled = `the policy has no llm: { rank(request) { ... } } hooks: continuous batching decides`;
    }
  }

  key(req: number, view: LlmPolicyView): number {
    this.view = view;
    const hooks = this.rt.llm;
    const fallback = view.jobs.id[req]!;
    if (hooks === undefined || this.log.disabled !== undefined) return fallback;
    const v = this.call(() => hooks.rank(this.request(req)), 'rank');
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return this.invalid(
        `rank returned ${typeof v === 'number' ? String(v) : describeType(v)}; return a finite number (lower is admitted first)`,
        fallback,
      );
    }
    return v;
  }

  chunk(req: number, remaining: number, budget: number, prefilled: number): number {
    const hooks = this.rt.llm;
    const fallback = wholePrompt(remaining, budget, prefilled);
    if (hooks?.chunk === undefined || this.log.disabled !== undefined || this.view === undefined)
      return fallback;
    const chunk = hooks.chunk;
    const v = this.call(() => chunk(this.request(req), remaining, budget), 'chunk');
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > remaining) {
      return this.invalid(
        `chunk returned ${typeof v === 'number' ? String(v) : describeType(v)}; return a whole number of tokens from 0 to ${remaining} (what is left)`,
        fallback,
      );
    }
    return v;
  }

  /** Run one hook in a decision window; undefined (logged) when it threw or ran past the limit. */
  private call(hook: () => unknown, what: string): unknown {
    const rt = this.rt;
    const now = this.view?.now ?? 0;
    this.log.decisions++;
    let result: unknown;
    let thrown: ThrownValue | undefined;
    rt.begin(this.limits.decisionMs);
    try {
      result = hook();
    } catch (e) {
      // Read while the window is open: reading a thrown value may run the policy's code.
      thrown = rt.describe(e);
    }
    const stoppedAt = rt.end();
    if (stoppedAt > 0) {
      this.log.report(
        'timeout',
        `${what} ran past ${this.limits.decisionMs} ms and was stopped`,
        now,
        stoppedAt,
      );
      this.log.fallbacks++;
      if (++this.timeouts >= this.limits.maxTimeouts) {
        this.log.disabled = `${this.timeouts} decisions ran past the ${this.limits.decisionMs} ms limit: the policy is off for the rest of the run, continuous batching decides`;
      }
      return undefined;
    }
    if (thrown !== undefined) {
      this.log.report('exception', thrown.message, now, thrown.line, thrown.column);
      this.log.fallbacks++;
      return undefined;
    }
    return result;
  }

  private invalid<T>(message: string, fallback: T): T {
    this.log.report('invalid', message, this.view?.now ?? 0, this.rt.returnLine);
    this.log.fallbacks++;
    return fallback;
  }

  /** A fresh, frozen view of request `req` (user policies only: the built-ins read columns). */
  private request(req: number): LlmRequestView {
    const { jobs, reqs } = this.view!;
    return Object.freeze({
      id: jobs.id[req]!,
      class: CLASS_NAMES[jobs.cls[req]!]!,
      arrival: jobs.arrival[req]!,
      prompt: reqs.prompt[req]!,
      estimate: reqs.estimate[req]!,
      generated: reqs.generated[req]!,
      prefixGroup: reqs.group[req]!,
      preemptions: reqs.preemptions[req]!,
    });
  }
}
