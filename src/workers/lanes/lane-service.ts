// What a lane worker does: load ONNX Runtime Web for its provider, load the models it serves with
// progress (fetched, or made from their seeds; verified and cached: site-assets.ts), create and
// warm up one session per model, then run what it is asked to, one request at
// a time (a session runs one batch at a time), measuring service time around `session.run`.
// Where it runs (a browser lane worker, or a Node worker thread for `npm run validate`) is a
// LaneEnvironment (lane-env.ts): files, runtime, samples; the logic here is the same in both.
//
// Failure is a state, not an exception: WebGPU missing or unusable, a session that fails to load, a
// lost GPU device or a failed run put the lane `down` with a reason, answer every pending and later
// request with a fatal `failed`, and the driver (the live executor) re-queues the work elsewhere.

import { modelEntry, type Manifest, type ModelEntry } from '../../models/manifest.ts';
import {
  crop,
  ctcGreedyDecode,
  dbBoxes,
  ocrClasses,
  ocrClsInput,
  ocrDetInput,
  ocrDirection,
  ocrRecInput,
  rotate180,
  vadFrames,
  vadStateDims,
  VAD_SAMPLE_RATE,
  type RgbaImage,
} from '../../models/inputs.ts';
import {
  LANE_PROTOCOL_VERSION,
  type FromLane,
  type LaneHealth,
  type LaneInit,
  type LaneOcrRequest,
  type LaneProfileRequest,
  type LaneRun,
  type LaneRuntimeInfo,
  type LaneVadRequest,
  type OcrReading,
  type ToLane,
} from './lane-protocol.ts';
import type { LaneEnvironment } from './lane-env.ts';
import { message, ortGpuDevice, type GpuDeviceLike } from './ort-runtime.ts';
import { DET_SIZE, FeedCache, readOutput, type OrtModule } from './session-feeds.ts';

/** Where the lane posts (a MessagePort). */
export interface LanePort {
  postMessage(message: FromLane, transfer?: Transferable[]): void;
}

type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;

/** A warm-up stops after this many runs of a model, whatever its time. */
export const MAX_WARMUP_RUNS = 2000;

export class LaneService {
  private health: LaneHealth = 'starting';
  private reason: string | undefined;
  private info: LaneRuntimeInfo = {
    provider: 'wasm',
    ort: '?',
    isolated: false,
    threadsRequested: 1,
    threads: 1,
  };
  private ort: OrtModule | undefined;
  private manifest: Manifest | undefined;
  private readonly sessions = new Map<string, Session>();
  private feeds: FeedCache | undefined;
  private classes: string[] | undefined;
  private device: GpuDeviceLike | undefined;
  /** Requests run one after another through this chain. */
  private chain: Promise<void> = Promise.resolve();
  private lastProgressPost = 0;

  constructor(
    private readonly port: LanePort,
    private readonly env: LaneEnvironment,
  ) {}

  handle(msg: ToLane): void {
    switch (msg.type) {
      case 'init':
        this.enqueue(() => this.init(msg));
        return;
      case 'run':
        this.enqueue(() => this.run(msg));
        return;
      case 'profile':
        this.enqueue(() => this.profile(msg));
        return;
      case 'ocr':
        this.enqueue(() => this.ocr(msg));
        return;
      case 'vad':
        this.enqueue(() => this.vad(msg));
        return;
      case 'inject':
        if (msg.fault === 'device-lost') {
          if (this.device) this.device.destroy();
          else this.down('device lost (injected; this lane has no GPU device)');
        } else {
          // An uncaught error in the worker: the driver sees the worker's error event.
          setTimeout(() => {
            throw new Error('lane crashed (injected fault)');
          });
        }
        return;
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task, task).catch((e: unknown) => this.down(message(e)));
  }

  private post(msg: FromLane, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  private status(health: LaneHealth, progress: number, detail: string): void {
    if (this.health === 'down') return;
    this.health = health;
    this.post({ type: 'status', health, progress, detail, info: this.info });
  }

  /** The lane is out of service for good (until it is started again). */
  private down(reason: string): void {
    if (this.health === 'down') return;
    this.health = 'down';
    this.reason = reason;
    this.post({
      type: 'status',
      health: 'down',
      progress: 1,
      detail: reason,
      reason,
      info: this.info,
    });
  }

  private async init(msg: LaneInit): Promise<void> {
    if (msg.v !== LANE_PROTOCOL_VERSION) {
      this.down(`lane protocol ${msg.v} asked, this worker speaks ${LANE_PROTOCOL_VERSION}`);
      return;
    }
    this.info = { ...this.info, provider: msg.provider, threadsRequested: msg.threads };
    this.status('loading', 0, 'starting the runtime');
    if (msg.provider === 'webgpu') {
      const probe = await this.env.probeWebGpu();
      if (!probe.ok) {
        if (probe.adapter) this.info = { ...this.info, adapter: probe.adapter };
        this.down(probe.reason);
        return;
      }
      this.info = { ...this.info, adapter: probe.adapter };
      if (probe.adapter.software && !msg.allowSoftwareAdapter) {
        this.down(
          `WebGPU adapter is software (${describeAdapter(probe.adapter)}): refused by this lane's policy`,
        );
        return;
      }
    }
    // Threads are known before the runtime loads: report them at once.
    const isolated = this.env.isolated();
    this.info = {
      ...this.info,
      isolated,
      threads: isolated ? Math.max(1, Math.floor(msg.threads)) : 1,
    };
    this.status('loading', 0, 'loading ONNX Runtime');
    const files = this.env.files;
    const manifest = files.manifest();
    this.manifest = manifest;
    const entries = msg.models.map((id) => modelEntry(manifest, id));
    const runtimeBytes = files.runtimeBytes(msg.provider);
    const total = runtimeBytes + entries.reduce((a, e) => a + e.bytes, 0);
    let loaded = 0;
    const step =
      (name: string, size: number) =>
      (fraction: number, doing: string): void =>
        this.progress((loaded + fraction * size) / total, `${name}: ${doing}`, fraction);
    const { ort, info } = await this.env.loadRuntime(
      msg.provider,
      msg.threads,
      step('ONNX Runtime', runtimeBytes),
    );
    loaded += runtimeBytes;
    this.ort = ort;
    this.info = {
      ...info,
      ...(this.info.adapter ? { adapter: this.info.adapter } : {}),
      files: files.loads(),
    };
    if (entries.some((e) => e.id === 'ppocr_rec')) {
      const dict = manifest.files.find((f) => f.file.endsWith('.txt'));
      if (dict) this.classes = ocrClasses(await files.text(dict.file));
    }
    for (const entry of entries) {
      let bytes = await files.model(entry, step(entry.file, entry.bytes));
      loaded += entry.bytes;
      this.info = { ...this.info, files: files.loads() };
      if (msg.failLoad?.includes(entry.id)) bytes = bytes.subarray(0, bytes.length >> 1);
      this.status('loading', loaded / total, `creating the ${entry.id} session`);
      try {
        const session = await ort.InferenceSession.create(bytes, {
          executionProviders: [msg.provider],
          graphOptimizationLevel: 'all',
          // Errors only: ORT warns at every WebGPU session that shape ops stay on the CPU, which is
          // by design and would show as red console noise to every user.
          logSeverityLevel: 3,
        });
        this.sessions.set(entry.id, session);
      } catch (e) {
        this.down(`${entry.id}: session failed to load on ${msg.provider}: ${message(e)}`);
        return;
      }
      if (msg.provider === 'webgpu' && !this.device) this.watchDevice(await ortGpuDevice(ort));
    }
    await files.written();
    this.feeds = new FeedCache(ort, this.env.samples());
    // Warm-up is where a WASM lane spends its start. V8 runs WASM on its baseline tier first and
    // optimises hot functions later, in the background (bench/INFERENCE.md), so a model keeps
    // warming until it has run `warmupRuns` times and for `warmupMs` of run time: a Node lane
    // served ppocr_cls at 6.5 ms for its first ~40 runs (~260 ms) and 2.5 ms after, silero_vad at
    // 0.46 ms and 0.28 ms after ~400 runs (~150 ms), while 8 runs were the whole warm-up.
    // "warming up ppocr_cls 3/8" while counting runs, then the time; progress over all models.
    const runs = Math.max(0, msg.warmupRuns);
    const minMs = Math.max(0, msg.warmupMs ?? 0);
    let lastPost = -Infinity;
    for (const [k, entry] of entries.entries()) {
      let spent = 0;
      for (let i = 0; i < MAX_WARMUP_RUNS && (i < runs || spent < minMs); i++) {
        const now = performance.now();
        // Every counted run and the first timed one are said; then at most ten a second.
        if (i <= runs || now - lastPost >= 100) {
          lastPost = now;
          const done = Math.min(
            1,
            Math.max(runs > 0 ? i / runs : 1, minMs > 0 ? spent / minMs : 1),
          );
          this.status(
            'warming',
            (k + done) / entries.length,
            i < runs
              ? `warming up ${entry.id} ${i + 1}/${runs}`
              : `warming up ${entry.id} ${Math.round(spent)}/${minMs} ms`,
          );
        }
        spent += (await this.runOnce(entry, 1)).ms;
      }
      if (this.health === 'down') return;
    }
    this.status('ready', 1, `${entries.length} models ready`);
  }

  /** Wait up to `ms` for the GPU device's `lost` promise (a no-op without a device). */
  private async deviceLostSettles(ms: number): Promise<void> {
    const device = this.device;
    if (!device || this.health === 'down') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      device.lost.then(() => new Promise<void>((r) => setTimeout(r))),
      new Promise<void>((r) => (timer = setTimeout(r, ms))),
    ]);
    clearTimeout(timer);
  }

  private watchDevice(device: GpuDeviceLike | undefined): void {
    if (!device) return;
    this.device = device;
    void device.lost.then((info) => {
      this.down(
        `WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message || 'no message'}`,
      );
    });
  }

  /** Loading progress, at most ~10 posts a second: `fraction` over everything the lane loads,
   * `detail` with the current file's own percentage. */
  private progress(fraction: number, detail: string, fileFraction: number): void {
    const now = performance.now();
    if (now - this.lastProgressPost < 100 && fileFraction < 1) return;
    this.lastProgressPost = now;
    this.status('loading', fraction, `${detail} ${Math.round(fileFraction * 100)}%`);
  }

  private requireManifest(): Manifest {
    if (!this.manifest) throw new Error('the lane has no manifest yet');
    return this.manifest;
  }

  private session(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`model ${id} is not loaded on this lane`);
    return s;
  }

  /** One timed batch; returns the wall ms of session.run and its outputs. */
  private async runOnce(
    entry: ModelEntry,
    batch: number,
  ): Promise<{ ms: number; outputs: Record<string, unknown> }> {
    const feeds = this.requireFeeds().get(entry, batch);
    const session = this.session(entry.id);
    const t0 = performance.now();
    const outputs = await session.run(feeds);
    const ms = performance.now() - t0;
    return { ms, outputs };
  }

  private requireFeeds(): FeedCache {
    if (!this.feeds) throw new Error('the lane is not initialised');
    return this.feeds;
  }

  private refuse(id: number): boolean {
    if (this.health === 'ready') return false;
    const reason =
      this.health === 'down' ? `lane down: ${this.reason ?? 'unknown'}` : `lane ${this.health}`;
    this.post({ type: 'failed', id, reason, fatal: this.health === 'down' });
    return true;
  }

  private async run(msg: LaneRun): Promise<void> {
    if (this.refuse(msg.id)) return;
    const entry = modelEntry(this.requireManifest(), msg.model);
    try {
      const { ms, outputs } = await this.runOnce(entry, msg.batchSize);
      const output = readOutput(entry, outputs as Parameters<typeof readOutput>[1], this.classes);
      if (this.health === 'down') throw new Error(this.reason ?? 'lane down');
      this.post({ type: 'done', id: msg.id, serviceMs: ms, output });
    } catch (e) {
      // A run that throws leaves the session in an unknown state (a lost device, out of memory):
      // take the lane down rather than fail every later request one by one. A lost device makes
      // the run fail before `device.lost` settles: give it a moment so the reason names the cause.
      await this.deviceLostSettles(250);
      this.down(`${msg.model} x${msg.batchSize} failed: ${message(e)}`);
      this.post({ type: 'failed', id: msg.id, reason: this.reason ?? message(e), fatal: true });
    }
  }

  private async profile(msg: LaneProfileRequest): Promise<void> {
    if (this.refuse(msg.id)) return;
    const entry = modelEntry(this.requireManifest(), msg.model);
    const ms: Record<string, number> = {};
    const all: Record<string, number[]> = {};
    for (const batch of msg.batchSizes) {
      const first = await this.runOnce(entry, batch);
      if (first.ms > msg.maxRunMs) {
        ms[String(batch)] = first.ms;
        all[String(batch)] = [first.ms];
        break;
      }
      const times: number[] = [];
      for (let i = 0; i < msg.runs; i++) times.push((await this.runOnce(entry, batch)).ms);
      all[String(batch)] = times.slice();
      times.sort((a, b) => a - b);
      ms[String(batch)] = times[Math.floor(times.length / 2)] ?? first.ms;
    }
    this.post({ type: 'profile', id: msg.id, model: msg.model, ms, times: all });
  }

  private async ocr(msg: LaneOcrRequest): Promise<void> {
    if (this.refuse(msg.id)) return;
    const ort = this.requireOrt();
    const m = this.requireManifest();
    if (msg.detect === false) {
      const line = this.env.drawLine(msg.text);
      await this.readLine(msg.id, msg.rotate180 ? rotate180(line) : line, 1, 0);
      return;
    }
    const page = this.env.drawPage(msg.text, DET_SIZE, msg.rotate180);
    const det = ocrDetInput(page, 960, DET_SIZE);
    const t0 = performance.now();
    const detOut = await this.session('ppocr_det').run({
      x: new ort.Tensor('float32', det.data, det.dims),
    });
    const t1 = performance.now();
    const map = detOut[modelEntry(m, 'ppocr_det').outputs[0]!.name]!;
    const [, , h = 0, w = 0] = map.dims;
    const boxes = dbBoxes(map.data as Float32Array, w, h, {
      scaleX: det.scaleX,
      scaleY: det.scaleY,
    });
    const box = boxes[0];
    if (!box) {
      this.post({
        type: 'ocr',
        id: msg.id,
        reading: {
          boxes: 0,
          angle: 0,
          angleScore: 0,
          text: '',
          confidence: 0,
          ms: { det: t1 - t0, cls: 0, rec: 0 },
        },
      });
      return;
    }
    await this.readLine(msg.id, crop(page, box.x0, box.y0, box.x1, box.y1), boxes.length, t1 - t0);
  }

  /** Direction classifier, then the recogniser on the line turned upright. */
  private async readLine(id: number, crop: RgbaImage, boxes: number, detMs: number): Promise<void> {
    const ort = this.requireOrt();
    const m = this.requireManifest();
    let line = crop;
    const t1 = performance.now();
    const cls = ocrClsInput([line]);
    const clsOut = await this.session('ppocr_cls').run({
      x: new ort.Tensor('float32', cls.data, cls.dims),
    });
    const t2 = performance.now();
    const direction = ocrDirection(
      clsOut[modelEntry(m, 'ppocr_cls').outputs[0]!.name]!.data as Float32Array,
    );
    if (direction.angle === 180) line = rotate180(line);
    const rec = ocrRecInput([line]);
    const recOut = await this.session('ppocr_rec').run({
      x: new ort.Tensor('float32', rec.data, rec.dims),
    });
    const t3 = performance.now();
    const probs = recOut[modelEntry(m, 'ppocr_rec').outputs[0]!.name]!;
    const decoded = ctcGreedyDecode(
      probs.data as Float32Array,
      probs.dims[1] ?? 0,
      this.classes ?? [],
    );
    const reading: OcrReading = {
      boxes,
      angle: direction.angle,
      angleScore: direction.score,
      text: decoded.text,
      confidence: decoded.confidence,
      ms: { det: detMs, cls: t2 - t1, rec: t3 - t2 },
    };
    this.post({ type: 'ocr', id, reading });
  }

  private async vad(msg: LaneVadRequest): Promise<void> {
    if (this.refuse(msg.id)) return;
    const ort = this.requireOrt();
    const session = this.session('silero_vad');
    let state = new ort.Tensor('float32', new Float32Array(2 * 128), vadStateDims(1));
    const sr = new ort.Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
    const probs: number[] = [];
    for (const frame of vadFrames(msg.samples)) {
      const out = await session.run({
        input: new ort.Tensor('float32', frame, [1, frame.length]),
        state,
        sr,
      });
      probs.push((out['output']!.data as Float32Array)[0] ?? 0);
      state = out['stateN'] as typeof state;
    }
    this.post({ type: 'vad', id: msg.id, probs });
  }

  private requireOrt(): OrtModule {
    if (!this.ort) throw new Error('the lane is not initialised');
    return this.ort;
  }
}

function describeAdapter(a: { vendor: string; architecture: string; description: string }): string {
  return [a.vendor, a.architecture, a.description].filter((s) => s !== '').join(' / ') || 'unnamed';
}
