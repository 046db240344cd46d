// An LLM lesson step's run: the LLM mode's settings (the preset's over the defaults, the step's
// over those, the learner's rate kept where the step says so), the engine config they make with
// the step's engine fields, and whether the learner has done what an LLM action asks. The page
// (llm-runner.ts) and the claim tests (llm-test-support.ts) both build runs through here.

import type { ConfigInput } from '../../src/engine/config.ts';
import { llmConfig, presetSettings, type LlmSettings } from '../llm/llm-settings.ts';
import type { LlmEnginePatch } from './llm-schema.ts';
import type { LessonAction, LessonSetup } from './schema.ts';

/** The settings a step's setup makes; `current` is what the learner has now (for `keep_rate`). */
export function llmSettingsOf(setup: LessonSetup, current?: LlmSettings): LlmSettings {
  const patch = setup.llm ?? {};
  const s: LlmSettings = { ...presetSettings(patch.preset ?? 'chat') };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) Object.assign(s, { [k]: v });
  }
  if (setup.keep_rate && current) s.rate = current.rate;
  return s;
}

/** The engine config of `settings` with a lesson's engine fields over its `llm` section. */
export function llmLessonConfig(settings: LlmSettings, engine?: LlmEnginePatch): ConfigInput {
  const cfg = llmConfig(settings);
  if (!engine) return cfg;
  return { ...cfg, llm: { ...cfg.llm, ...engine } };
}

/** Whether `s` satisfies an LLM action (false for a request mode action). */
export function llmActionDone(action: LessonAction, s: LlmSettings): boolean {
  switch (action.kind) {
    case 'llm_rate_above':
      return s.rate > action.above && (action.below === undefined || s.rate < action.below);
    case 'llm_rate_below':
      return s.rate < action.below;
    case 'llm_scheduler':
      return s.scheduler === action.name;
    case 'llm_preemption':
      return s.preemption === action.mode;
    case 'llm_blocks_at_most':
      return s.blocks <= action.most;
    default:
      return false;
  }
}

/** The settings an LLM action leaves (its `demo`, or `value` for a rate or blocks action). */
export function llmActionSettings(
  action: LessonAction,
  s: LlmSettings,
  value?: number,
): LlmSettings {
  switch (action.kind) {
    case 'llm_rate_above':
    case 'llm_rate_below':
      return { ...s, rate: value ?? action.demo };
    case 'llm_scheduler':
      return { ...s, scheduler: action.name };
    case 'llm_preemption':
      return { ...s, preemption: action.mode };
    case 'llm_blocks_at_most':
      return { ...s, blocks: Math.round(value ?? action.demo) };
    default:
      return s;
  }
}

/** Plain words for what an LLM action waits for, with where the learner stands now. */
export function llmActionStatus(action: LessonAction, s: LlmSettings): string {
  switch (action.kind) {
    case 'llm_rate_above':
      return action.below !== undefined
        ? `Waiting for you: set Arrival rate between ${action.above} and ${action.below} requests/s (now ${s.rate}).`
        : `Waiting for you: raise Arrival rate above ${action.above} requests/s (now ${s.rate}).`;
    case 'llm_rate_below':
      return `Waiting for you: lower Arrival rate below ${action.below} requests/s (now ${s.rate}).`;
    case 'llm_scheduler':
      return `Waiting for you: switch Scheduler to ${action.name} (now ${s.scheduler}).`;
    case 'llm_preemption':
      return `Waiting for you: set Preemption mode to ${action.mode} (now ${s.preemption}).`;
    case 'llm_blocks_at_most':
      return `Waiting for you: set KV blocks per replica to ${action.most} or fewer (now ${s.blocks}).`;
    default:
      return '';
  }
}
