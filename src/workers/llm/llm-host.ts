// The page's LLM mode, in the engine worker: one Engine running an LLM config, paced to wall-clock
// x speed like EngineHost's runs (the same advanceTogether, the same tick and budget), posting one
// LlmFrame per tick on its frame port. Rate and scheduler apply to the running engine at a clean
// event boundary; everything else (KV blocks, max_num_seqs, token budget, preemption mode) is a new
// run, as in vLLM where these are engine arguments. No Worker globals: the host runs in Node tests.

import { checkConfig, type ConfigInput } from '../../engine/config.ts';
import { Engine } from '../../engine/engine.ts';
import { MAX_ARRIVALS_PER_S } from '../../engine/limits.ts';
import { isLlmSchedulerName } from '../../engine/schedulers/registry.ts';
import { simMs, wallMs, wallToSim, type WallMs } from '../../engine/units.ts';
import { advanceTogether } from '../lockstep.ts';
import {
  LLM_PROTOCOL_VERSION,
  type LlmApi,
  type LlmExportKind,
  type LlmPolicyResult,
  type LlmLiveOptions,
  type LlmLiveProgress,
  type LlmResetResult,
  type LlmSimCheck,
} from '../llm-protocol.ts';
import type { LiveLlmRun } from './live-llm-run.ts';
import type { Config } from '../../engine/config.ts';
import type * as PolicyCompiler from '../../policy/compile.ts';
import type { PolicyLog } from '../../engine/policy-api/status.ts';
import { LlmFrameBuilder } from './llm-frame.ts';
import { StepLog } from './step-log.ts';
import { RequestLog, TeeSink } from './request-log.ts';
import { applyLlmControl, exportLlmRun, type LlmControl } from './llm-export.ts';
import { checkLiveLlm } from './llm-check.ts';

/** A control before the host stamps its time (Omit over each member of the union). */
type Untimed<T> = T extends unknown ? Omit<T, 't'> : never;

export const LLM_TICK_MS = 16;
const TICK_BUDGET_MS = 10;
const MAX_TICK_WALL_MS = 100;

/** What the host posts frames on: a MessagePort in the browser, a fake in tests. */
export interface LlmFramePort {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

interface LlmRun {
  id: number;
  config: Config;
  /** Every rate and scheduler change, for exports by replay. */
  controls: LlmControl[];
  engine: Engine;
  frames: LlmFrameBuilder;
  failed?: string;
  /** The user policy's log while one is in place (its status goes out with each frame). */
  policyLog?: PolicyLog | undefined;
  /** A live run (real decoder lanes) drives its engine itself; absent when simulated. */
  live?: LiveLlmRun;
}

export class LlmHost implements LlmApi {
  private run: LlmRun | undefined;
  private runCounter = 0;
  private seq = 0;
  private speed = 1;
  private playing = false;
  private lagging = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastWall = wallMs(0);
  private dirty = false;
  /** The policy compiler (acorn and the instrumenter), loaded on the first `setPolicy`. */
  private compiler: typeof PolicyCompiler | undefined;

  constructor(
    private readonly port: LlmFramePort,
    private readonly now: () => WallMs = () => wallMs(performance.now()),
  ) {}

  version(): number {
    return LLM_PROTOCOL_VERSION;
  }

  reset(input: ConfigInput, play: boolean): LlmResetResult {
    const checked = checkConfig(input);
    if (!checked.ok) return { ok: false, problems: checked.problems };
    if (checked.config.llm === undefined)
      return { ok: false, problems: ['llm: an LLM run needs the llm section'] };
    let engine: Engine;
    const steps = new StepLog();
    const requests = new RequestLog();
    try {
      engine = new Engine(checked.config, { llmSink: new TeeSink([steps, requests]) });
    } catch (e) {
      return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    }
    this.run?.live?.close();
    const id = ++this.runCounter;
    this.run = {
      id,
      config: checked.config,
      controls: [],
      engine,
      frames: new LlmFrameBuilder(engine, steps, requests),
    };
    this.playing = play;
    this.lastWall = this.now();
    this.lagging = false;
    this.dirty = true;
    this.reschedule();
    return { ok: true, runId: id };
  }

  /** Live LLM mode: lanes load first (live-llm-run.ts, a lazy chunk), then the run starts. */
  async resetLive(
    options: LlmLiveOptions,
    play: boolean,
    onProgress?: (p: LlmLiveProgress) => void,
  ): Promise<LlmResetResult> {
    const { startLiveRun } = await import('./live-lanes.ts');
    this.run?.live?.close();
    const id = ++this.runCounter;
    let live: LiveLlmRun;
    try {
      live = await startLiveRun(options, onProgress);
    } catch (e) {
      return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    }
    // A newer run was asked for while the lanes loaded.
    if (id !== this.runCounter) {
      live.close();
      return { ok: false, problems: ['a newer run replaced this live run'] };
    }
    this.run?.live?.close();
    this.run = {
      id,
      config: live.config,
      controls: [],
      engine: live.engine,
      frames: new LlmFrameBuilder(live.engine, live.steps),
      live,
    };
    this.playing = play;
    if (play) live.play();
    this.dirty = true;
    this.reschedule();
    return { ok: true, runId: id };
  }

  checkSimulation(): { ok: true; check: LlmSimCheck } | { ok: false; problem: string } {
    const run = this.run;
    if (run?.live === undefined) return { ok: false, problem: 'no live LLM run to check' };
    if (!run.live.finished) {
      return {
        ok: false,
        problem: 'the live run is still serving: check it once every request has ended',
      };
    }
    return checkLiveLlm({
      config: run.config,
      controls: run.controls,
      kinds: run.live.kinds,
      steps: run.live.liveSteps,
      summary: run.engine.summary(),
    });
  }

  play(): void {
    if (this.run === undefined || this.run.engine.done) return;
    this.run.live?.play();
    this.playing = true;
    this.lastWall = this.now();
    this.reschedule();
  }

  pause(): void {
    this.run?.live?.pause();
    this.playing = false;
    this.dirty = true;
    this.reschedule();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || !Number.isFinite(speed)) return;
    this.speed = Math.min(speed, 1000);
    this.dirty = true;
    this.reschedule();
  }

  setRate(rate: number): void {
    if (!(rate > 0) || !Number.isFinite(rate)) return;
    this.control({ op: 'rate', value: Math.min(rate, MAX_ARRIVALS_PER_S) });
    this.dirty = true;
    this.reschedule();
  }

  setScheduler(name: string): { ok: true } | { ok: false; problem: string } {
    const run = this.run;
    if (run === undefined) return { ok: false, problem: 'no LLM run' };
    if (!isLlmSchedulerName(name)) return { ok: false, problem: `unknown LLM scheduler "${name}"` };
    this.control({ op: 'scheduler', value: name });
    this.dirty = true;
    this.reschedule();
    return { ok: true };
  }

  async setPolicy(source: string): Promise<LlmPolicyResult> {
    const at = (message: string) =>
      ({ ok: false, error: { message, line: 1, column: 1 } }) as const;
    if (this.run === undefined) return at('no LLM run to put the policy in');
    this.compiler ??= await import('../../policy/compile.ts');
    const compiled = this.compiler.compilePolicy(source);
    if (!compiled.ok) return { ok: false, error: compiled.error };
    const { policy } = compiled;
    if (!policy.isLlm) {
      return at(
        'the policy has no llm: { rank(request) { ... } } hooks, which an LLM run asks (a decide(ctx) policy is for the request mode)',
      );
    }
    this.control({ op: 'policy', value: source, factory: policy.llmFactory() });
    this.dirty = true;
    this.reschedule();
    return { ok: true, name: policy.name, description: policy.description };
  }

  async exportCsv(
    kind: LlmExportKind,
    onChunk: (chunk: Uint8Array) => unknown,
  ): Promise<{ rows: number; until: number }> {
    const run = this.run;
    if (run === undefined) return { rows: 0, until: 0 };
    const until = run.engine.now;
    // Through Comlink each chunk is a message of its own port: answer only once the page has
    // taken every chunk, so that the answer cannot overtake one.
    const taken: unknown[] = [];
    const write = (c: Uint8Array): void => void taken.push(onChunk(c));
    // A live run's step times were measured, not modelled: it is exported from its own record.
    const rows = run.live
      ? run.live.export(kind, write)
      : exportLlmRun(run.config, run.controls, until, kind, write).rows;
    await Promise.all(taken);
    return { rows, until };
  }

  /** Apply a change to the running engine at its clock, and log it for replays. */
  private control(c: Untimed<LlmControl>): void {
    const run = this.run;
    if (run === undefined) return;
    const logged = { ...c, t: run.engine.now } as LlmControl;
    const policy = applyLlmControl(run.engine, logged);
    if (policy !== undefined) run.policyLog = (policy as { log?: PolicyLog }).log;
    run.controls.push(logged);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.playing = false;
    this.run?.live?.close();
    this.run = undefined;
  }

  private reschedule(): void {
    if (this.timer !== undefined) return;
    if (!this.playing && !this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, LLM_TICK_MS);
  }

  private tick(): void {
    const run = this.run;
    if (run === undefined) return;
    const wall = this.now();
    const engine = run.engine;
    if (run.live) {
      if (run.live.failure !== undefined) run.failed ??= run.live.failure;
      if (run.live.finished) this.playing = false;
    } else if (this.playing && run.failed === undefined) {
      const delta = wallMs(Math.min(wall - this.lastWall, MAX_TICK_WALL_MS));
      try {
        this.lagging = advanceTogether(
          [engine],
          simMs(engine.now + wallToSim(delta, this.speed)),
          wallMs(wall + TICK_BUDGET_MS),
          this.now,
        );
      } catch (e) {
        run.failed = `the run failed at ${(engine.now / 1000).toFixed(3)} s simulated: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (run.failed !== undefined || engine.done) this.playing = false;
    }
    this.lastWall = wall;
    const { frame, transfer } = run.frames.frame({
      seq: ++this.seq,
      runId: run.id,
      playing: this.playing,
      lagging: this.lagging,
      speed: this.speed,
      stopped: run.failed ?? engine.stopped,
    });
    if (run.policyLog !== undefined) frame.policy = run.policyLog.status();
    if (run.live) frame.live = run.live.state();
    this.port.postMessage(frame, transfer);
    this.dirty = false;
    this.reschedule();
  }
}
