// The schedulers' public face: the registry of built-in policies and the interfaces a scheduler
// implements. See README.md beside this file for how a policy is defined.

export type { Dispatcher, Scheduler, SchedulerFactory, SchedulerOptions } from './types.ts';
export type { PolicyDescriptor } from './policy.ts';
export {
  POLICIES,
  SCHEDULER_NAMES,
  SCHEDULER_PARAMS,
  createScheduler,
  describePolicy,
  isSchedulerName,
  policyTitle,
  policyByName,
  type SchedulerName,
  type SchedulerSection,
} from './registry.ts';
