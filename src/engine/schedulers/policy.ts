// A policy's descriptor: everything SchedLab knows about a scheduling policy, in the one file that
// defines it (policies/<name>.ts). The registry (registry.ts) is a list of descriptors, and
// everything that names policies derives from it: the config schema (`scheduler.name` and the
// policy's own fields), the page's scheduler select and its hint, `sim --help`, and the table in docs/policies.md.

import type { z } from 'zod';
import type { Scheduler, SchedulerOptions } from './types.ts';

/** Config fields a policy reads from the `scheduler` section beside `name`, with their defaults. */
export type PolicyParams = z.ZodRawShape;

export interface PolicyDescriptor<
  N extends string = string,
  P extends PolicyParams = PolicyParams,
> {
  /** The config name (`scheduler.name`), snake_case. */
  readonly name: N;
  /** Its plain name, for people who do not know the id (the page's scheduler select). */
  readonly title: string;
  /** One line for help texts, the page and docs/policies.md. */
  readonly description: string;
  /** Its own config fields (a zod shape, each with a default); `{}` for most policies. */
  readonly params: P;
  /** The engine builds a latency predictor for it (the policy consults `options.predictor`). */
  readonly needsPredictor: boolean;
  /** A fresh scheduler for a run, with the policy's config fields parsed. */
  create(options: SchedulerOptions, params: z.output<z.ZodObject<P>>): Scheduler;
}

/** What a built-in policy's name looks like; a test's example of an unknown name never does. */
export const POLICY_NAME = /^[a-z][a-z0-9_]*$/;

/** Throws unless `name` is a config name (snake_case): every policy, of either kind, is named so. */
export function checkPolicyName(name: string): void {
  if (!POLICY_NAME.test(name)) {
    throw new Error(`policy name "${name}" must be snake_case (a-z, 0-9, _), as config names are`);
  }
}

/** Define a policy (a descriptor with defaults filled in), keeping its name's literal type. */
export function definePolicy<
  const N extends string,
  P extends PolicyParams = Record<never, never>,
>(d: {
  name: N;
  title: string;
  description: string;
  params?: P;
  needsPredictor?: boolean;
  create(options: SchedulerOptions, params: z.output<z.ZodObject<P>>): Scheduler;
}): PolicyDescriptor<N, P> {
  checkPolicyName(d.name);
  return {
    name: d.name,
    title: d.title,
    description: d.description,
    params: d.params ?? ({} as P),
    needsPredictor: d.needsPredictor ?? false,
    create: d.create,
  };
}
