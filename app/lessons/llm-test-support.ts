// An LLM lesson played headless, as a learner who does what each step asks: the LLM host's own
// frame builder (src/workers/llm/llm-frame.ts) over an Engine on the config the page would start,
// advanced in frames' worth of simulated time; figures are read from those frames by
// llm-measures.ts, exactly as the page reads them. Rate and scheduler act on the running engine
// (as the LLM host applies them); the other settings start a new run of the same seed, as in the
// page. Node and tests only.

import { checkConfig } from '../../src/engine/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import { simMs, wallMs } from '../../src/engine/units.ts';
import { advanceTogether } from '../../src/workers/lockstep.ts';
import { applyLlmControl } from '../../src/workers/llm/llm-export.ts';
import { LlmFrameBuilder } from '../../src/workers/llm/llm-frame.ts';
import { StepLog } from '../../src/workers/llm/step-log.ts';
import type { LlmFrame } from '../../src/workers/llm-protocol.ts';
import type { LlmSettings } from '../llm/llm-settings.ts';
import { ItlSamples, readLlmMetric } from './llm-measures.ts';
import type { LlmEnginePatch } from './llm-schema.ts';
import { llmActionSettings, llmLessonConfig, llmSettingsOf } from './llm-scenario.ts';
import { InSystemAverage, claimHolds, recordFigures } from './measures.ts';
import type { Lesson } from './schema.ts';
import type { PlayOptions, StepOutcome } from './test-support.ts';

/** Simulated ms between two frames (a 16 ms tick at speed 6 is about this). */
const FRAME_MS = 100;

class LlmRun {
  readonly engine: Engine;
  private readonly frames: LlmFrameBuilder;
  private seq = 0;
  last: LlmFrame;

  constructor(settings: LlmSettings, engine: LlmEnginePatch | undefined) {
    const checked = checkConfig(llmLessonConfig(settings, engine));
    if (!checked.ok) throw new Error(`lesson run refused: ${checked.problems.join('; ')}`);
    const steps = new StepLog();
    this.engine = new Engine(checked.config, { llmSink: steps });
    this.frames = new LlmFrameBuilder(this.engine, steps);
    this.last = this.frame();
  }

  frame(): LlmFrame {
    this.last = this.frames.frame({
      seq: ++this.seq,
      runId: 1,
      playing: true,
      lagging: false,
      speed: 1,
    }).frame;
    return this.last;
  }

  /** Advance to `to` (ms) a frame at a time, handing each frame's steps to `itl`. */
  advance(to: number, itl: ItlSamples): void {
    let t: number = this.engine.now;
    while (t < to) {
      t = Math.min(to, t + FRAME_MS);
      advanceTogether([this.engine], simMs(t), wallMs(Infinity), () => wallMs(0));
      itl.add(this.frame().stepLog);
    }
  }
}

/** Play an LLM lesson step by step; the figures and claims of every step. */
export function playLlmLesson(lesson: Lesson, options: PlayOptions = {}): StepOutcome[] {
  const late = options.lateMs ?? 0;
  let run: LlmRun | undefined;
  let settings: LlmSettings | undefined;
  let engine: LlmEnginePatch | undefined;
  const figures: Record<string, number> = {};
  const out: StepOutcome[] = [];
  lesson.steps.forEach((step, i) => {
    if (step.setup) {
      settings = llmSettingsOf(step.setup, settings);
      engine = step.setup.llm_engine;
      run = new LlmRun(settings, engine);
    }
    if (!run || !settings) throw new Error(`step ${i + 1} has no run`);
    const wait = step.wait;
    if (!wait) return;
    let itl = new ItlSamples();
    let until: number;
    if ('sim_s' in wait) {
      until = run.engine.now + wait.sim_s * 1000 + late;
    } else {
      run.advance(run.engine.now + late, itl);
      const action = wait.action;
      const before = settings;
      settings = llmActionSettings(action, settings, options.actionLoad?.(action));
      if (wait.fresh || action.kind === 'llm_preemption' || action.kind === 'llm_blocks_at_most') {
        run = new LlmRun(settings, engine);
      } else if (settings.rate !== before.rate) {
        applyLlmControl(run.engine, { t: run.engine.now, op: 'rate', value: settings.rate });
      } else if (settings.scheduler !== before.scheduler) {
        applyLlmControl(run.engine, {
          t: run.engine.now,
          op: 'scheduler',
          value: settings.scheduler,
        });
      }
      itl = new ItlSamples();
      until = run.engine.now + wait.then_s * 1000 + late;
    }
    run.advance(until, itl);
    const frame = run.last;
    Object.assign(
      figures,
      recordFigures(step.record, null, new InSystemAverage(), figures, (m) =>
        readLlmMetric(frame, m, itl),
      ),
    );
    out.push({
      step: i,
      at: run.engine.now,
      figures: { ...figures },
      claims: step.claims.map((claim) => ({ claim, holds: claimHolds(claim, figures) })),
    });
  });
  return out;
}
