// The registry: every built-in autoscaler, as a list of descriptors (one file each in policies/).
// The config schema (`autoscale.policy` and each policy's knobs under `autoscale.<name>`), the
// page's autoscaler select, `sim --help` and README's table follow from this list. A user's
// autoscaler (the policy API's `scale(ctx)`) runs through the same `ScalePolicy` interface.

import type { z } from 'zod';
import { hpa } from './policies/hpa.ts';
import { keda } from './policies/keda.ts';
import { predictive } from './policies/predictive.ts';
import { rayServe } from './policies/ray-serve.ts';
import { reactive } from './policies/reactive.ts';
import type { AutoscalerDescriptor, ScalePolicy, SectionKnobs } from './types.ts';

/** Every built-in autoscaler, in the order help texts and the page list them. */
export const AUTOSCALERS = [reactive, hpa, keda, rayServe, predictive] as const;

export type AutoscalerName = (typeof AUTOSCALERS)[number]['name'];

export const AUTOSCALER_NAMES = AUTOSCALERS.map((a) => a.name) as unknown as readonly [
  AutoscalerName,
  ...AutoscalerName[],
];

/** The policies with knobs of their own, each under `autoscale.<name>`. */
export const AUTOSCALER_SECTIONS = {
  hpa: hpa.params,
  keda: keda.params,
  ray_serve: rayServe.params,
  predictive: predictive.params,
};

export type AutoscalerSections = {
  [K in keyof typeof AUTOSCALER_SECTIONS]: z.output<(typeof AUTOSCALER_SECTIONS)[K]>;
};

/** The `autoscale` section as the registry reads it. */
export type AutoscalerSection = SectionKnobs & { policy: AutoscalerName } & AutoscalerSections;

const byName = new Map<string, AutoscalerDescriptor>(
  AUTOSCALERS.map((a) => [a.name, a as unknown as AutoscalerDescriptor]),
);

export function isAutoscalerName(name: string): name is AutoscalerName {
  return byName.has(name);
}

export function autoscalerByName(name: AutoscalerName): AutoscalerDescriptor {
  return byName.get(name)!;
}

/** A fresh policy of the section's `policy` for a run. */
export function createAutoscaler(section: AutoscalerSection): ScalePolicy {
  const d = autoscalerByName(section.policy);
  const params = (section as unknown as Record<string, unknown>)[section.policy] ?? {};
  return d.create(params, section);
}
