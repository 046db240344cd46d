// The registry: every built-in policy, as a list of descriptors, and the one door for policy names.
// Two lists, one per workload kind, since the two kinds ask different questions of a policy: the
// request kind's (one file each in policies/, a `Scheduler` that starts queued jobs on lanes) and
// the LLM kind's (one file each in ../llm/policies/, the decisions a step scheduler asks: admission
// order, preemption victim, prefill chunk). A name belongs to one kind only (checked when this
// module loads), so `--scheduler NAME` and a config's name say which kind they mean. To add a
// policy, write its file and list it here; the config schema (`scheduler` and `llm.scheduler`),
// the page's scheduler select, `sim --help` and the tables in docs/ (`npm run docs:policies`) follow.

import type { z } from 'zod';
import { batchAware } from './policies/batch-aware.ts';
import { dynamic } from './policies/dynamic.ts';
import { edf } from './policies/edf.ts';
import { fifo } from './policies/fifo.ts';
import { greedyGpuFirst } from './policies/greedy-gpu-first.ts';
import { leastLoaded } from './policies/least-loaded.ts';
import { prioritySlo } from './policies/priority-slo.ts';
import { roundRobin } from './policies/round-robin.ts';
import { chunkedPrefill } from '../llm/policies/chunked-prefill.ts';
import { continuous } from '../llm/policies/continuous.ts';
import { priority } from '../llm/policies/priority.ts';
import { shortestPromptFirst } from '../llm/policies/shortest-prompt-first.ts';
import { staticBatching } from '../llm/policies/static.ts';
import type { LlmPolicy, LlmPolicyDescriptor, LlmPolicyOptions } from './llm-policy.ts';
import type { PolicyDescriptor } from './policy.ts';
import type { Scheduler, SchedulerOptions } from './types.ts';

/** The intersection of a union's members (the policies' merged config fields). */
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

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

/** A policy's plain name ("Earliest deadline first"), for the page. */
export function policyTitle(name: SchedulerName): string {
  return policyByName(name).title;
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

// ---- The LLM kind's policies ---------------------------------------------------------------------

/** Every built-in LLM (iteration-level) policy, in the order help texts list them. */
export const LLM_POLICIES = [
  staticBatching,
  continuous,
  chunkedPrefill,
  priority,
  shortestPromptFirst,
] as const;

export type LlmSchedulerName = (typeof LLM_POLICIES)[number]['name'];

export const LLM_SCHEDULER_NAMES = LLM_POLICIES.map((p) => p.name) as unknown as readonly [
  LlmSchedulerName,
  ...LlmSchedulerName[],
];

/** Every LLM policy's own config fields, merged: `llm.scheduler`'s fields beside `name`. */
export type LlmSchedulerParamsShape = UnionToIntersection<(typeof LLM_POLICIES)[number]['params']>;

export const LLM_SCHEDULER_PARAMS = Object.assign(
  {},
  ...LLM_POLICIES.map((p) => p.params),
) as LlmSchedulerParamsShape;

/** The `llm.scheduler` config section as parsed (name plus every LLM policy's fields). */
export type LlmSchedulerSection = { name: LlmSchedulerName } & z.output<
  z.ZodObject<LlmSchedulerParamsShape>
>;

const llmByName = new Map<string, LlmPolicyDescriptor>(
  LLM_POLICIES.map((p) => [p.name, p as unknown as LlmPolicyDescriptor]),
);

export function isLlmSchedulerName(name: string): name is LlmSchedulerName {
  return llmByName.has(name);
}

/** The descriptor of a built-in LLM policy. */
export function llmPolicyByName(name: LlmSchedulerName): LlmPolicyDescriptor {
  return llmByName.get(name)!;
}

/** A fresh LLM policy for a run, configured by the `llm.scheduler` section. */
export function createLlmPolicy(
  section: LlmSchedulerSection,
  options: LlmPolicyOptions,
): LlmPolicy {
  return llmPolicyByName(section.name).create(options, section);
}

// ---- Both kinds ------------------------------------------------------------------------------

/** Which kind of workload a built-in policy name schedules; undefined for no built-in. */
export function policyKind(name: string): 'request' | 'llm' | undefined {
  return byName.has(name) ? 'request' : llmByName.has(name) ? 'llm' : undefined;
}

for (const name of llmByName.keys()) {
  if (byName.has(name)) {
    throw new Error(`policy name "${name}" is listed for both workload kinds; give each one name`);
  }
}
