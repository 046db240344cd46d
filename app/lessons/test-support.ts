// A lesson played headless, as a learner who does what each step asks: the claim tests run every
// lesson through here. Each side is the engine worker's own `Side` (the same engine, sinks and frame
// data the page gets), advanced in lockstep like compare mode; figures are read from its frames by
// measures.ts, exactly as the page reads them. Node and tests only: the page never runs an engine.

import { checkConfig } from '../../src/engine/config.ts';
import { simMs, wallMs } from '../../src/engine/units.ts';
import { advanceTogether } from '../../src/workers/lockstep.ts';
import { Side } from '../../src/workers/side.ts';
import type { Settings } from '../config/settings.ts';
import { InSystemAverage, claimHolds, recordFigures, type Sides } from './measures.ts';
import { actionRate, configsOf, loadOf, scenarioOf, type Scenario } from './scenario.ts';
import type { Claim, Lesson, LessonAction } from './schema.ts';
import { playLlmLesson } from './llm-test-support.ts';

/** Simulated ms between two samples of the in-system average (a frame at speed 6 in the page). */
const SAMPLE_MS = 100;

export interface StepOutcome {
  step: number;
  /** Simulated time (ms) when the step's figures were recorded. */
  at: number;
  figures: Record<string, number>;
  claims: { claim: Claim; holds: boolean }[];
}

export interface PlayOptions {
  /** The load a load action sets (default: the action's `demo`). */
  actionLoad?: (action: LessonAction) => number | undefined;
  /** Extra simulated ms the learner takes before acting, and after each wait (a frame late). */
  lateMs?: number;
}

function makeSide(input: ReturnType<typeof configsOf>['a']): Side {
  const checked = checkConfig(input);
  if (!checked.ok) throw new Error(`lesson scenario refused: ${checked.problems.join('; ')}`);
  return new Side(checked.config, input, {});
}

/** Play `lesson` step by step; the figures and claims of every step. */
export function playLesson(lesson: Lesson, options: PlayOptions = {}): StepOutcome[] {
  if (lesson.mode === 'llm') return playLlmLesson(lesson, options);
  const late = options.lateMs ?? 0;
  let sides: Side[] = [];
  let settings: { a: Settings; b?: Settings } | undefined;
  let base: Scenario['base'];
  const figures: Record<string, number> = {};
  const out: StepOutcome[] = [];

  const frames = (): Sides => {
    const a = sides[0]!.frame().data;
    const b = sides[1]?.frame().data;
    const load = {
      a: loadOf(settings!.a),
      ...(settings?.b ? { b: loadOf(settings.b) } : {}),
    };
    return b ? { a, b, load } : { a, load };
  };
  const advance = (to: number, avg: InSystemAverage): void => {
    const engines = sides.map((s) => s.engine);
    let t: number = engines[0]!.now;
    while (t < to) {
      t = Math.min(to, t + SAMPLE_MS);
      advanceTogether(engines, simMs(t), wallMs(Infinity), () => wallMs(0));
      avg.add(frames());
    }
  };

  lesson.steps.forEach((step, i) => {
    if (step.setup) {
      const sc = scenarioOf(step.setup);
      const configs = configsOf(sc);
      sides = [makeSide(configs.a)];
      if (sc.b && configs.b) sides.push(makeSide(configs.b));
      settings = { a: sc.a, ...(sc.b ? { b: sc.b } : {}) };
      base = sc.base;
    }
    if (!settings || sides.length === 0) throw new Error(`step ${i + 1} has no run`);
    const avg = new InSystemAverage();
    const start = sides[0]!.engine.now;
    const wait = step.wait;
    if (!wait) return;
    let until: number;
    if ('sim_s' in wait) {
      until = start + wait.sim_s * 1000 + late;
    } else {
      advance(start + late, new InSystemAverage());
      applyAction(wait.action, sides, settings, options.actionLoad?.(wait.action));
      if (wait.fresh) {
        const configs = configsOf({ ...settings, ...(base ? { base } : {}) });
        sides = [makeSide(configs.a)];
        if (configs.b) sides.push(makeSide(configs.b));
      }
      until = sides[0]!.engine.now + wait.then_s * 1000 + late;
    }
    advance(until, avg);
    const recorded = recordFigures(step.record, frames(), avg, figures);
    Object.assign(figures, recorded);
    out.push({
      step: i,
      at: sides[0]!.engine.now,
      figures: { ...figures },
      claims: step.claims.map((claim) => ({ claim, holds: claimHolds(claim, figures) })),
    });
  });
  return out;
}

/** Do what the step asks, as the page's controls would (lesson-actions.ts `doAction`). */
function applyAction(
  action: LessonAction,
  sides: Side[],
  settings: { a: Settings; b?: Settings },
  load: number | undefined,
): void {
  const rate = actionRate(action, settings.a, load);
  if (rate !== undefined) {
    for (const s of sides) s.apply({ op: 'rate', value: rate }, `rate ${rate}/s`);
    settings.a = { ...settings.a, rate };
    if (settings.b) settings.b = { ...settings.b, rate };
    return;
  }
  if (action.kind === 'scheduler') {
    const side = sides[action.side === 'b' ? 1 : 0];
    if (!side) throw new Error('a scheduler action on side B outside compare mode');
    side.apply({ op: 'scheduler', value: action.name }, action.name);
    if (action.side === 'b') settings.b = { ...settings.b!, scheduler: action.name };
    else settings.a = { ...settings.a, scheduler: action.name };
    return;
  }
  if (action.kind === 'fail_lane') {
    let found = false;
    for (const s of sides) {
      const i = s.laneIndex(action.lane);
      if (i >= 0) {
        s.apply({ op: 'fail', value: i }, `${action.lane} down`);
        found = true;
      }
    }
    if (!found) throw new Error(`no lane called ${action.lane}`);
  }
}
