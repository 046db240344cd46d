// The driver's side of one lane worker: spawns it (nested workers work in Chromium, so the engine
// worker spawns its lanes itself), hands it one end of a MessageChannel, and turns its messages into
// callbacks and promises. Used by the live executor (engine worker), calibration and the browser
// tests (page), and by `npm run validate` in Node, where the lane is a worker thread
// (cli/validate/node-lane.ts makes one look like a LaneWorker).

import {
  LANE_PROTOCOL_VERSION,
  type FromLane,
  type LaneFault,
  type LaneInit,
  type LaneOcrRequest,
  type LaneOcrResult,
  type LaneProfileRequest,
  type LaneProfileResult,
  type LaneProfileTimes,
  type LaneRun,
  type LaneRunDone,
  type LaneStatus,
  type LaneVadRequest,
  type LaneVadResult,
  type OcrReading,
  type ToLane,
} from './lane-protocol.ts';
import type { ModelId } from '../../models/manifest.ts';
import { startWorker } from '../spawn.ts';

export interface LaneHandlers {
  status?(status: LaneStatus): void;
  done?(id: number, serviceMs: number, output: string): void;
  failed?(id: number, reason: string, fatal: boolean): void;
  /** The worker itself died (an uncaught error or a failed load of its script). */
  crashed?(reason: string): void;
}

export type LaneOptions = Omit<LaneInit, 'type' | 'v'>;

/** A batch timed in the lane (session.run) and by the driver (send to answer). */
export interface TimedRun {
  laneMs: number;
  roundtripMs: number;
}

/** What the client needs of the worker a lane runs in (a Web Worker, or a Node worker thread). */
export interface LaneWorker {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  /** Called when the worker dies of an uncaught error or fails to load its script. */
  onCrash(handler: (reason: string) => void): void;
}

/** A browser lane worker (lane-worker.ts), one module worker per lane. */
export function webLaneWorker(name: string): LaneWorker {
  const worker = startWorker('lane', name);
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
    onCrash(handler) {
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        handler(e.message || 'script error');
      };
    },
  };
}

export class LaneClient {
  readonly worker: LaneWorker;
  private readonly port: MessagePort;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(m: FromLane): void; reject(e: Error): void }
  >();
  private readonly listeners = new Set<(s: LaneStatus) => void>();
  /** The latest status the lane sent. */
  last: LaneStatus | undefined;

  constructor(
    options: LaneOptions,
    private readonly handlers: LaneHandlers = {},
    worker: LaneWorker = webLaneWorker(options.name),
  ) {
    this.worker = worker;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (e: MessageEvent<FromLane>) => this.receive(e.data);
    this.worker.onCrash((reason) => this.crash(`lane worker crashed: ${reason}`));
    this.worker.postMessage({ port: channel.port2 }, [channel.port2]);
    this.send({ type: 'init', v: LANE_PROTOCOL_VERSION, ...options });
  }

  send(msg: ToLane, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  /** Ask for one batch; the outcome arrives through `done` / `failed` with this id. */
  run(id: number, model: ModelId, batchSize: number): void {
    this.send({ type: 'run', id, model, batchSize });
  }

  inject(fault: LaneFault): void {
    this.send({ type: 'inject', fault });
  }

  /** Resolves once the lane is ready; rejects with the reason if it goes down first. */
  ready(): Promise<LaneStatus> {
    return new Promise((resolve, reject) => {
      const check = (s: LaneStatus | undefined): boolean => {
        if (s?.health === 'ready') resolve(s);
        else if (s?.health === 'down') reject(new Error(s.reason ?? 'lane down'));
        else return false;
        return true;
      };
      if (check(this.last)) return;
      const listener = (s: LaneStatus): void => {
        if (check(s)) this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  async ocr(text: string, rotate180: boolean, detect = true): Promise<OcrReading> {
    const r = (await this.request({
      type: 'ocr',
      id: 0,
      text,
      rotate180,
      detect,
    })) as LaneOcrResult;
    return r.reading;
  }

  async vad(samples: Float32Array): Promise<number[]> {
    return ((await this.request({ type: 'vad', id: 0, samples })) as LaneVadResult).probs;
  }

  async profile(
    model: ModelId,
    batchSizes: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<Record<string, number>> {
    return (await this.profileRuns(model, batchSizes, runs, maxRunMs)).ms;
  }

  /** One batch outside live mode, timed: session.run in the lane, and send-to-answer here. */
  async timedRun(model: ModelId, batchSize: number): Promise<TimedRun> {
    const t0 = performance.now();
    const r = (await this.request({ type: 'run', id: 0, model, batchSize })) as LaneRunDone;
    return { laneMs: r.serviceMs, roundtripMs: performance.now() - t0 };
  }

  /** Medians and every timed run per batch size. */
  async profileRuns(
    model: ModelId,
    batchSizes: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<LaneProfileTimes> {
    const r = (await this.request({
      type: 'profile',
      id: 0,
      model,
      batchSizes,
      runs,
      maxRunMs,
    })) as LaneProfileResult;
    return { ms: r.ms, ...(r.times ? { times: r.times } : {}) };
  }

  terminate(): void {
    this.port.close();
    this.worker.terminate();
    this.crash('lane terminated');
  }

  private request(
    msg: LaneOcrRequest | LaneVadRequest | LaneProfileRequest | LaneRun,
  ): Promise<FromLane> {
    const id = -this.nextId++; // negative ids: page requests; run ids from the engine are >= 0
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...msg, id });
    });
  }

  private receive(msg: FromLane): void {
    if (msg.type === 'status') {
      this.last = msg;
      this.handlers.status?.(msg);
      for (const l of [...this.listeners]) l(msg);
      if (msg.health === 'down') this.rejectAll(msg.reason ?? 'lane down');
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (waiter) {
      this.pending.delete(msg.id);
      if (msg.type === 'failed') waiter.reject(new Error(msg.reason));
      else waiter.resolve(msg);
      return;
    }
    if (msg.type === 'done') this.handlers.done?.(msg.id, msg.serviceMs, msg.output);
    else if (msg.type === 'failed') this.handlers.failed?.(msg.id, msg.reason, msg.fatal);
  }

  private crash(reason: string): void {
    this.rejectAll(reason);
    this.handlers.crashed?.(reason);
  }

  private rejectAll(reason: string): void {
    for (const w of this.pending.values()) w.reject(new Error(reason));
    this.pending.clear();
  }
}
