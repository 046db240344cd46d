// A user's autoscaler, written against the policy API like a scheduler: a module that exports
// `scale(ctx)` (and optionally `name`, `description`, `period_s`), compiled by src/policy/compile.ts
// into the same guarded runtime. Every `period_s` it sees what an operator's metrics show and
// returns how many replicas it wants; the pool (../autoscale.ts) clamps that to [min, max], waits
// each new replica's cold start and drains the ones let go, so a policy can never lose a job.
//
//   export default {
//     name: 'queue-target', period_s: 10,
//     scale(ctx) { return Math.ceil((ctx.running + ctx.queued) / (ctx.concurrency * 0.8)); },
//   };
//
// ctx (numbers, read-only): now_ms, replicas (asked for and kept), ready, starting, min, max,
// running, queued, utilisation (0..1, NaN with no ready replica), busy, concurrency, arrival_rate
// (per s), per_replica_rate (per s at full use), cold_start_ms.
//
// A decision that throws, returns something other than a finite number, or runs past the time
// limit keeps the replicas as they are (the problem is logged with its line, as for schedulers);
// after `maxTimeouts` such timeouts the policy is switched off and the pool holds its size.

import type { AutoscalerFactory } from '../engine-types.ts';
import type { ScalePolicy, ScaleSignals } from '../autoscalers/types.ts';
import type { PolicyLimits, PolicyRuntime } from './runtime.ts';
import { decideInWindow } from './decision-window.ts';
import { PolicyLog, type PolicyStatus } from './status.ts';

/** The factory the engine takes as `options.autoscaler`, and the log of the last instance made. */
export function pluginAutoscaler(
  name: string,
  instantiate: (seed: number) => PolicyRuntime,
  limits: PolicyLimits,
  periodS: number,
): AutoscalerFactory & { status(): PolicyStatus | undefined } {
  let last: PluginAutoscaler | undefined;
  return {
    name,
    create: () => (last = new PluginAutoscaler(name, instantiate(0), limits, periodS)),
    status: () => last?.log.status(),
  };
}

export class PluginAutoscaler implements ScalePolicy {
  readonly periodMs: number;
  readonly log: PolicyLog;

  constructor(
    name: string,
    private readonly rt: PolicyRuntime,
    private readonly limits: PolicyLimits,
    periodS: number,
  ) {
    this.periodMs = periodS * 1000;
    this.log = new PolicyLog(name);
  }

  decide(s: ScaleSignals): number {
    const scale = this.rt.scale;
    if (this.log.disabled !== undefined || !scale) return s.replicas;
    // A fresh plain object each time: nothing the policy does to it reaches the pool.
    const ctx = {
      now_ms: s.now,
      replicas: s.replicas,
      ready: s.ready,
      starting: s.starting,
      min: s.min,
      max: s.max,
      running: s.running,
      queued: s.queued,
      utilisation: s.utilisation,
      busy: s.busy,
      concurrency: s.concurrency,
      arrival_rate: s.arrivalRate,
      per_replica_rate: s.perReplicaRate,
      cold_start_ms: s.coldStartMs,
    };
    this.log.decisions++;
    let wanted = NaN;
    const ok = decideInWindow(
      this.rt,
      this.limits,
      this.log,
      s.now,
      'the autoscaler is off for the rest of the run, the pool keeps its size',
      () => {
        const result = scale(ctx);
        if (typeof result === 'number' && Number.isFinite(result)) wanted = result;
        else
          return `scale returned ${result === null ? 'null' : typeof result}; return a number of replicas`;
        return undefined;
      },
    );
    if (ok) return Math.round(wanted);
    this.log.fallbacks++;
    return s.replicas;
  }
}
