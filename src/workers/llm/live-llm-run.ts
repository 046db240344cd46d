// The page's live LLM mode, in the engine worker: the engine's step scheduler placing real decode
// steps of the tiny decoder on decoder lanes (one lane worker each), through the same executor as
// `npm run validate -- --llm` (../llm-executor.ts). It starts the lanes (the first on WebGPU when
// asked; where WebGPU cannot start, a WASM lane instead, saying why; a lane that cannot start at
// all is left out, and the run goes on with the others), then runs the engine on the wall clock:
// every arrival and every step's end advances it at once, so a lane is handed its next step as
// soon as it answers. Pausing freezes the engine's clock. A lane whose step fails goes down (its
// requests start again on the others) and says why. The frames come from the same LlmFrameBuilder
// as a simulated run's; this adds the lanes and a few requests' tokens (LlmLiveState).
//
// The workload is the one `npm run validate -- --llm` serves (src/profiler/llm-compare.ts):
// short prompts and answers, 16-token blocks, 512 blocks a lane, so the block map, the step Gantt
// and the CDFs show real steps and a check can replay the same requests in the simulation.

import { parseConfig, type Config } from '../../engine/config.ts';
import { Engine } from '../../engine/engine.ts';
import type { LlmTraceSink } from '../../engine/llm/trace-sink.ts';
import type { SimMs } from '../../engine/units.ts';
import { LLM_WORKLOAD } from '../../profiler/llm-compare.ts';
import { DecoderExecutor, type DecoderLaneHandle, type LiveStep } from '../llm-executor.ts';
import type {
  LlmExportKind,
  LlmLiveLane,
  LlmLiveOptions,
  LlmLiveProgress,
  LlmLiveState,
  LlmLiveTokens,
} from '../llm-protocol.ts';
import { StepLog } from './step-log.ts';
import { exportLiveLlmRun, LiveRecord, median } from './live-export.ts';

export const LIVE_MODEL = 'decoder_tiny';
/** The tiny decoder's vocabulary (src/models/decoders/decoder-config.ts). */
export const LIVE_VOCAB = 2048;
/** Requests whose tokens the frames carry. */
const SHOWN = 6;
/** Steps a lane's median step time is taken over. */
const RECENT = 64;

export const LIVE_LIMITS = {
  requests: { min: 4, max: 2000 },
  rate: { min: 0.1, max: 20 },
  lanes: { min: 1, max: 4 },
} as const;

/** A started decoder lane, as the run drives it. */
export interface LiveLane {
  handle: DecoderLaneHandle;
  provider: 'webgpu' | 'wasm';
  detail: string;
  close(): void;
}

/** Starts one decoder lane (a lane worker in the page; a DecoderRunner in tests). */
export type LaneStarter = (
  name: string,
  provider: 'webgpu' | 'wasm',
  onProgress: (fraction: number, detail: string) => void,
) => Promise<LiveLane>;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The engine config of a live run on `kinds` (one lane each, in engine lane order). */
export function liveLlmConfig(o: LlmLiveOptions, kinds: readonly ('gpu' | 'cpu')[]): Config {
  const gpu = kinds.filter((k) => k === 'gpu').length;
  const cpu = kinds.length - gpu;
  const { requests: n, rate: r } = LIVE_LIMITS;
  return parseConfig({
    seed: o.seed,
    jobs: Math.min(n.max, Math.max(n.min, Math.round(o.requests))),
    arrivals: { process: 'poisson', rate_per_s: Math.min(r.max, Math.max(r.min, o.rate)) },
    mix: { interactive_ratio: 0.5 },
    lanes: [
      ...(gpu > 0 ? [{ kind: 'gpu' as const, count: gpu }] : []),
      ...(cpu > 0 ? [{ kind: 'cpu' as const, count: cpu }] : []),
    ],
    llm: { ...LLM_WORKLOAD, scheduler: { name: o.scheduler }, preemption: o.preemption },
  });
}

/** Lanes a live run asks for: the first on WebGPU when asked, the rest WASM. */
function plannedLanes(o: LlmLiveOptions): { name: string; provider: 'webgpu' | 'wasm' }[] {
  const n = Math.min(LIVE_LIMITS.lanes.max, Math.max(LIVE_LIMITS.lanes.min, Math.round(o.lanes)));
  return Array.from({ length: n }, (_, i) =>
    o.webgpu && i === 0
      ? { name: 'gpu0', provider: 'webgpu' as const }
      : { name: `cpu${o.webgpu ? i - 1 : i}`, provider: 'wasm' as const },
  );
}

interface Loaded {
  lane: LiveLane;
  note?: string;
}

/** A lane that did not start: its planned name and place, and why. */
interface Failed {
  name: string;
  index: number;
  reason: string;
}

/** Starts the lanes a run asks for; throws (every lane's reason) when none starts. */
async function startLanes(
  o: LlmLiveOptions,
  start: LaneStarter,
  onProgress: (p: LlmLiveProgress) => void,
): Promise<{ loaded: Loaded[]; failed: Failed[] }> {
  const planned = plannedLanes(o);
  const results = await Promise.all(
    planned.map(async (p, index): Promise<Loaded | Failed> => {
      const progress = (fraction: number, detail: string): void =>
        onProgress({ lane: p.name, fraction, detail });
      if (p.provider === 'webgpu') {
        try {
          return { lane: await start(p.name, 'webgpu', progress) };
        } catch (e) {
          const why = `WebGPU could not start (${message(e)}): this lane runs on WASM instead`;
          progress(0, why);
          try {
            return { lane: await start(p.name, 'wasm', progress), note: why };
          } catch (e2) {
            return { name: p.name, index, reason: `${why}, and WASM failed too: ${message(e2)}` };
          }
        }
      }
      try {
        return { lane: await start(p.name, 'wasm', progress) };
      } catch (e) {
        return { name: p.name, index, reason: message(e) };
      }
    }),
  );
  const loaded = results.filter((r): r is Loaded => 'lane' in r);
  const failed = results.filter((r): r is Failed => !('lane' in r));
  if (loaded.length === 0) {
    throw new Error(
      `no decoder lane could start: ${failed.map((f) => `${f.name}: ${f.reason}`).join('; ')}`,
    );
  }
  return { loaded, failed };
}

export class LiveLlmRun implements LlmTraceSink {
  readonly config: Config;
  readonly engine: Engine;
  readonly steps = new StepLog();
  /** Every step the lanes ran, as measured. */
  readonly liveSteps: LiveStep[] = [];
  /** What the exports are written from (live-export.ts). */
  readonly record = new LiveRecord();
  /** Engine lane kinds, by engine lane index. */
  readonly kinds: ('gpu' | 'cpu')[];
  private readonly lanes: LlmLiveLane[];
  private readonly recent: number[][];
  private readonly exec: DecoderExecutor;
  private readonly shown: LlmLiveTokens[] = [];
  private t0 = performance.now();
  private pausedAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Why the run stopped (a failure of the executor), if it did. */
  failure: string | undefined;

  /** Starts the lanes, then a run on those that started (paused until `play`). */
  static async start(
    o: LlmLiveOptions,
    startLane: LaneStarter,
    onProgress: (p: LlmLiveProgress) => void = () => {},
  ): Promise<LiveLlmRun> {
    const { loaded, failed } = await startLanes(o, startLane, onProgress);
    // Engine lane order: GPU-class lanes first, then CPU (config.ts's expandLanes).
    loaded.sort((a, b) =>
      a.lane.provider === b.lane.provider ? 0 : a.lane.provider === 'webgpu' ? -1 : 1,
    );
    return new LiveLlmRun(o, loaded, failed);
  }

  private constructor(
    o: LlmLiveOptions,
    private readonly loaded: Loaded[],
    failed: Failed[],
  ) {
    this.kinds = loaded.map((l) => (l.lane.provider === 'webgpu' ? 'gpu' : 'cpu'));
    this.config = liveLlmConfig(o, this.kinds);
    const names = { gpu: 0, cpu: 0 };
    this.lanes = loaded.map((l, i) => ({
      name: `${this.kinds[i]}${names[this.kinds[i]!]++}`,
      provider: l.lane.provider,
      detail: l.lane.detail,
      ...(l.note ? { note: l.note } : {}),
      down: false,
      steps: 0,
      medianStepMs: 0,
    }));
    for (const f of failed) {
      this.lanes.push({
        name: `lane ${f.index + 1} (not started)`,
        provider: f.name.startsWith('gpu') ? 'webgpu' : 'wasm',
        detail: '',
        note: `failed to start: ${f.reason}`,
        down: true,
        steps: 0,
        medianStepMs: 0,
      });
    }
    this.recent = loaded.map(() => []);
    const ref: { engine?: Engine } = {};
    this.exec = new DecoderExecutor({
      lanes: loaded.map((l, i) => this.guard(l.lane.handle, i)),
      vocab: LIVE_VOCAB,
      clock: () => this.clock(),
      complete: (lane, seq, end) => {
        ref.engine!.completeStep(lane, seq, end as SimMs);
        this.pump();
      },
      promptOf: (req) => ref.engine!.llm!.reqs.prompt[req]!,
      onToken: (id, token, index) => this.token(id, token, index),
      onStep: (s) => {
        this.liveSteps.push(s);
        this.record.measuredStep(s);
        const r = this.recent[s.lane]!;
        r.push(s.laneMs);
        if (r.length > RECENT) r.shift();
        const lane = this.lanes[s.lane]!;
        lane.steps++;
        lane.medianStepMs = median(r);
      },
    });
    this.engine = new Engine(this.config, {
      llmExecutor: this.exec,
      llmSink: this.exec.sink(this),
    });
    ref.engine = this.engine;
    this.pausedAt = this.t0;
  }

  /** The engine's clock: wall ms since the run began, less the time it was paused. */
  private clock(): number {
    return (this.pausedAt ?? performance.now()) - this.t0;
  }

  get playing(): boolean {
    return this.pausedAt === undefined && !this.closed;
  }

  get finished(): boolean {
    return this.engine.done || this.failure !== undefined;
  }

  play(): void {
    if (this.pausedAt === undefined || this.closed || this.finished) return;
    this.t0 += performance.now() - this.pausedAt;
    this.pausedAt = undefined;
    this.pump();
  }

  pause(): void {
    if (this.pausedAt !== undefined) return;
    this.pausedAt = performance.now();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the run and the lane workers. */
  close(): void {
    this.pause();
    this.closed = true;
    for (const l of this.loaded) l.lane.close();
  }

  /** Advance the engine to now; wake again at its next event (a step's end wakes it too). */
  private pump(): void {
    if (this.closed || this.pausedAt !== undefined || this.failure !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.engine.advanceTo(this.clock() as SimMs);
    } catch (e) {
      this.failure = `the live run failed: ${message(e)}`;
    }
    if (this.exec.error !== undefined)
      this.failure ??= `the live run failed: ${message(this.exec.error)}`;
    if (this.failure !== undefined || this.engine.done) {
      this.pause();
      return;
    }
    const wait = this.engine.nextEventTime - this.clock();
    if (Number.isFinite(wait)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, Math.min(wait, 2 ** 31 - 1)));
    }
  }

  /** A lane as the executor drives it: a step that fails takes the lane down (its requests start
   * again elsewhere) instead of stopping the run; the failed step never answers. */
  private guard(h: DecoderLaneHandle, i: number): DecoderLaneHandle {
    const down = (e: unknown): void => {
      const lane = this.lanes[i]!;
      if (lane.down) return;
      lane.down = true;
      lane.note = `failed: ${message(e)}`;
      this.engine.failLane(i);
      this.pump();
    };
    return {
      step: (req) =>
        Promise.resolve(h.step(req)).catch((e: unknown) => {
          down(e);
          return new Promise<never>(() => {});
        }),
      drop: (seq) => (this.lanes[i]!.down ? undefined : Promise.resolve(h.drop(seq)).catch(down)),
      ...(h.swapOut ? { swapOut: (seq: number) => h.swapOut!(seq) } : {}),
      ...(h.swapIn ? { swapIn: (seq: number) => h.swapIn!(seq) } : {}),
    };
  }

  private token(id: number, token: number, index: number): void {
    let r = this.shown.find((s) => s.id === id);
    if (r === undefined) {
      if (this.shown.length >= SHOWN) {
        // Make room by forgetting the oldest request that has ended; none has: not shown.
        let k = -1;
        for (let j = this.shown.length - 1; j >= 0; j--) if (this.shown[j]!.done) k = j;
        if (k < 0) return;
        this.shown.splice(k, 1);
      }
      // Shown from its first token or later (once a slot freed): the tokens it has so far.
      const promptLength = this.exec.promptLengthOf(id) ?? 0;
      const known = this.exec.tokensOf(id) ?? [];
      r = {
        id,
        promptLength,
        tokens: known.slice(promptLength, promptLength + index),
        done: false,
      };
      this.shown.unshift(r);
    }
    // A request recomputed after a preemption writes its tokens again from `index`.
    r.tokens.length = Math.min(r.tokens.length, index);
    r.tokens[index] = token;
  }

  // LlmTraceSink: the step log for the frames; a request's end marks its tokens done.
  request(row: Parameters<LlmTraceSink['request']>[0]): void {
    this.steps.request(row);
    // The executor forgets an ended request's tokens right after this: the record keeps them.
    const known = this.exec.tokensOf(row.id) ?? [];
    this.record.request(row, known.slice(this.exec.promptLengthOf(row.id) ?? known.length));
    const r = this.shown.find((s) => s.id === row.id);
    if (r) r.done = true;
  }

  step(...a: Parameters<LlmTraceSink['step']>): void {
    this.steps.step(a[0], a[1], a[2], a[3]);
    this.record.step(...a);
  }

  flush(): void {
    this.steps.flush();
  }

  /** Write an export of the run so far (what has ended by now) to `write`; returns its rows. */
  export(kind: LlmExportKind, write: (chunk: Uint8Array) => void): number {
    return exportLiveLlmRun(
      {
        config: this.config,
        model: LIVE_MODEL,
        lanes: this.lanes,
        record: this.record,
        summary: this.engine.summary(),
      },
      kind,
      write,
    );
  }

  /** What the frames carry about the live run. */
  state(): LlmLiveState {
    return {
      model: LIVE_MODEL,
      lanes: this.lanes.map((l) => ({ ...l })),
      requests: this.shown.map((r) => ({ ...r, tokens: [...r.tokens] })),
      steps: this.liveSteps.length,
      total: this.config.jobs ?? 0,
      finished: this.finished,
    };
  }
}
