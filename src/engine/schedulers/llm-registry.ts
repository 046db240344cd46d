// The LLM policies: iteration-level schedulers, one file each in src/engine/llm/policies/, listed
// here as the request kind's are in registry.ts. The `llm.scheduler` config section (name and every
// policy's own fields), `sim --help` and README's LLM table derive from this list.

import type { z } from 'zod';
import { chunkedPrefill } from '../llm/policies/chunked-prefill.ts';
import { continuous } from '../llm/policies/continuous.ts';
import { priority } from '../llm/policies/priority.ts';
import { shortestPromptFirst } from '../llm/policies/shortest-prompt-first.ts';
import { staticBatching } from '../llm/policies/static.ts';
import type { LlmPolicy, LlmPolicyDescriptor, LlmPolicyOptions } from './llm-policy.ts';
import type { UnionToIntersection } from './type-utils.ts';

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

export type LlmSchedulerParamsShape = UnionToIntersection<(typeof LLM_POLICIES)[number]['params']>;

export const LLM_SCHEDULER_PARAMS = Object.assign(
  {},
  ...LLM_POLICIES.map((p) => p.params),
) as LlmSchedulerParamsShape;

export type LlmSchedulerSection = { name: LlmSchedulerName } & z.output<
  z.ZodObject<LlmSchedulerParamsShape>
>;

const byName = new Map<string, LlmPolicyDescriptor>(
  LLM_POLICIES.map((p) => [p.name, p as unknown as LlmPolicyDescriptor]),
);

export function isLlmSchedulerName(name: string): name is LlmSchedulerName {
  return byName.has(name);
}

export function llmPolicyByName(name: LlmSchedulerName): LlmPolicyDescriptor {
  return byName.get(name)!;
}

/** A fresh LLM policy for a run, configured by the `llm.scheduler` section. */
export function createLlmPolicy(
  section: LlmSchedulerSection,
  options: LlmPolicyOptions,
): LlmPolicy {
  return llmPolicyByName(section.name).create(options, section);
}
