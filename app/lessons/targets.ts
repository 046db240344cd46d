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
] as const;
export type Target = (typeof TARGETS)[number];
