// The registry: every built-in policy, as a list of descriptors (one file each in policies/). To add
// a policy, write policies/<name>.ts and list it here; the config schema, the page's scheduler
// select, `sim --help` and the table in docs/policies.md (`npm run docs:policies`) follow from this list.

import type { z } from 'zod';
import { batchAware } from './policies/batch-aware.ts';
import { dynamic } from './policies/dynamic.ts';
import { edf } from './policies/edf.ts';
import { fifo } from './policies/fifo.ts';
import { greedyGpuFirst } from './policies/greedy-gpu-first.ts';
import { leastLoaded } from './policies/least-loaded.ts';
import { prioritySlo } from './policies/priority-slo.ts';
import { roundRobin } from './policies/round-robin.ts';
import type { PolicyDescriptor } from './policy.ts';
import type { Scheduler, SchedulerOptions } from './types.ts';

/** Every built-in policy, in the order help texts and the page list them. */
export const POLICIES = [
  fifo,
  edf,
  prioritySlo,
  greedyGpuFirst,
  leastLoaded,
  roundRobin,
  batchAware,
  dynamic,
] as const;

export type SchedulerName = (typeof POLICIES)[number]['name'];

export const SCHEDULER_NAMES = POLICIES.map((p) => p.name) as unknown as readonly [
  SchedulerName,
  ...SchedulerName[],
];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** Every policy's own config fields, merged: the `scheduler` section's fields beside `name`. */
export type SchedulerParamsShape = UnionToIntersection<(typeof POLICIES)[number]['params']>;

export const SCHEDULER_PARAMS = Object.assign(
  {},
  ...POLICIES.map((p) => p.params),
) as SchedulerParamsShape;

/** The `scheduler` config section as parsed (name plus every policy's fields, defaults filled). */
export type SchedulerSection = { name: SchedulerName } & z.output<
  z.ZodObject<SchedulerParamsShape>
>;

const byName = new Map<string, PolicyDescriptor>(
  POLICIES.map((p) => [p.name, p as unknown as PolicyDescriptor]),
);

export function isSchedulerName(name: string): name is SchedulerName {
  return byName.has(name);
}

/** The descriptor of a built-in policy. */
export function policyByName(name: SchedulerName): PolicyDescriptor {
  return byName.get(name)!;
}

/** One line per policy, for help texts and the page. */
export function describePolicy(name: SchedulerName): string {
  return policyByName(name).description;
}

/** A fresh scheduler of a built-in policy for a run, configured by the `scheduler` section. */
export function createScheduler(
  section: SchedulerSection,
  options: SchedulerOptions,
  name: SchedulerName = section.name,
): Scheduler {
  return policyByName(name).create(options, section);
}
