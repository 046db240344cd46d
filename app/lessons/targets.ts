// The controls and charts a lesson step can point at, and how the page finds each one: by the
// visible label or heading a person sees, so a lesson names things the way the page does. The e2e
// test checks that every target resolves in the page.

export const TARGETS = [
  'Arrival rate',
  'Scheduler',
  'Scheduler B',
  'Lanes',
  'Batching',
  'Autoscale CPU lanes',
  'Live figures',
  'The queue',
  'Latency CDF',
  'Timeline',
  'Latency percentiles',
  'Lane Gantt chart',
  'Compare',
  // LLM serving mode's (an LLM lesson points at these).
  'KV-cache block map',
  'Step Gantt',
  'LLM headline numbers',
] as const;
/** The targets of LLM serving mode (not on the page in request mode, and the reverse; llm-schema.ts
 * keeps a lesson's points to its mode's). */
export const LLM_TARGETS: readonly Target[] = [
  'KV-cache block map',
  'Step Gantt',
  'LLM headline numbers',
];
export type Target = (typeof TARGETS)[number];
