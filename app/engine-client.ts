// The page's side of the engine worker: starts it, checks its protocol version, and routes what it
// posts (frames to the frame store, export chunks to whoever asked for the export). The worker is
// the only place an Engine runs in the page.
//
// The engine worker is also the realm user policies run in (src/policy/realm.ts says why), so it is
// disposable: once user code has been sent to it (`noteUserCode`), the next run without user code
// starts in a fresh worker (`cleanEngine`), and a watchdog replaces it if it stops answering. A
// policy's guards stop its loops and calls, but a single built-in call that never returns (a
// regular expression that backtracks for ever) cannot be interrupted from inside the thread: the
// watchdog pings the worker every second and, when neither an answer nor an export chunk has come
// from it for WATCHDOG_MS while user code is in it, terminates it, starts a new
// one and tells `onEngineReplaced` (actions.ts restores the run on the built-in scheduler and says
// what happened). Calls pending on the old worker are rejected with EngineReplaced.

import * as Comlink from 'comlink';
import {
  PROTOCOL_VERSION,
  isWorkerMessage,
  type EngineApi,
  type ExportChunk,
  type ExportFormat,
  type ExportResult,
} from '../src/workers/protocol.ts';
import { receiveFrame } from './state/frame-store.ts';
import { startWorker } from '../src/workers/spawn.ts';

/** How long a worker with user code in it may go without a sign of life before it is replaced. */
export const WATCHDOG_MS = 5000;
const PING_EVERY_MS = 1000;
/** Run ids of a replacement worker are offset by this per replacement, so the page sees new runs. */
const RUN_ID_STRIDE = 1_000_000;

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  /** Worker-to-page messages received per second over the last whole second. */
  messagesPerSecond(): number;
  /** Stream an export; `onChunk` sees each text chunk in order. */
  exportRun(format: ExportFormat, onChunk: (text: string) => void): Promise<ExportResult>;
}

/** A call that was pending on an engine worker that has since been replaced. */
export class EngineReplaced extends Error {
  override name = 'EngineReplaced';
}

interface Started {
  client: EngineClient;
  dispose(): void;
}

let current: Promise<Started> | undefined;
let generation = 0;
/** User code has been sent to the current worker. */
let tainted = false;
let replacedHandler: ((why: string) => void) | undefined;

export function engineClient(): Promise<EngineClient> {
  current ??= start(generation);
  return current.then((s) => s.client);
}

/** Say that user code (a policy) is being sent to the current worker: arms the watchdog, and the
 * next run without user code gets a fresh worker. */
export function noteUserCode(): void {
  tainted = true;
}

/** Before a run without user code: replace a worker that has run user code by a fresh one. */
export async function cleanEngine(): Promise<void> {
  if (tainted) await replace();
}

/** Who restores the run after the watchdog replaced a frozen worker (actions.ts). */
export function onEngineReplaced(handler: (why: string) => void): void {
  replacedHandler = handler;
}

async function replace(): Promise<void> {
  const old = current;
  generation++;
  tainted = false;
  current = start(generation);
  (await old?.catch(() => undefined))?.dispose();
  await current;
}

async function start(gen: number): Promise<Started> {
  const worker = startWorker('engine');
  const remote = Comlink.wrap<EngineApi>(worker);
  let rejectPending: (e: Error) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => {
    rejectPending = reject;
  });
  lost.catch(() => undefined);
  const offset = gen * RUN_ID_STRIDE;
  // Every call races the worker's replacement; run ids carry this worker's offset.
  const api = new Proxy(remote, {
    get(target, name) {
      const member = Reflect.get(target, name) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const call = Promise.resolve((member as (...a: unknown[]) => unknown)(...args));
        const result =
          name === 'reset'
            ? call.then((r) => {
                const reset = r as { ok: boolean; runId?: number };
                return reset.ok && reset.runId !== undefined
                  ? { ...reset, runId: reset.runId + offset }
                  : r;
              })
            : call;
        return Promise.race([result, lost]);
      };
    },
  }) as Comlink.Remote<EngineApi>;

  const version = await api.version();
  if (version !== PROTOCOL_VERSION) {
    throw new Error(`engine worker speaks protocol ${version}, the page ${PROTOCOL_VERSION}`);
  }
  const channel = new MessageChannel();
  const exports = new Map<number, (chunk: ExportChunk) => void>();
  let exportId = 0;

  // Messages per second, counted over whole wall-clock seconds.
  let count = 0;
  let windowStart = performance.now();
  let lastRate = 0;
  let lastSign = performance.now();
  channel.port1.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isWorkerMessage(data)) return;
    // An export chunk is a sign of life (a long export keeps the worker from answering pings);
    // frames are not: a worker whose control channel a policy broke still ticks.
    if (data.kind === 'export') lastSign = performance.now();
    count++;
    const now = performance.now();
    if (now - windowStart >= 1000) {
      lastRate = (count * 1000) / (now - windowStart);
      count = 0;
      windowStart = now;
    }
    if (data.kind === 'frame')
      receiveFrame(offset > 0 ? { ...data, runId: data.runId + offset } : data);
    else exports.get(data.id)?.(data);
  };
  await api.connect(Comlink.transfer(channel.port2, [channel.port2]));

  // The watchdog: one ping at a time; any message from the worker counts as a sign of life.
  let pinging = false;
  let disposed = false;
  const watchdog = setInterval(() => {
    if (disposed) return;
    if (tainted && gen === generation && performance.now() - lastSign > WATCHDOG_MS) {
      const handler = replacedHandler;
      void replace().then(() =>
        handler?.(
          `the engine gave no sign of life for ${WATCHDOG_MS / 1000} s while your policy was in it`,
        ),
      );
      return;
    }
    if (pinging) return;
    pinging = true;
    void remote
      .version()
      .then(() => {
        lastSign = performance.now();
      })
      .finally(() => {
        pinging = false;
      });
  }, PING_EVERY_MS);

  const client: EngineClient = {
    api,
    messagesPerSecond: () => lastRate,
    async exportRun(format, onChunk) {
      const id = ++exportId;
      // Chunks travel on the frame port and the result on Comlink's, in no guaranteed order
      // between the two: the export is complete once both the result and the last chunk are in.
      const lastChunk = new Promise<void>((resolve) => {
        exports.set(id, (chunk) => {
          if (chunk.text !== '') onChunk(chunk.text);
          if (chunk.done) resolve();
        });
      });
      try {
        const [result] = await Promise.all([api.exportRun(id, format), lastChunk]);
        return result;
      } finally {
        exports.delete(id);
      }
    },
  };
  return {
    client,
    dispose() {
      disposed = true;
      clearInterval(watchdog);
      channel.port1.onmessage = null;
      rejectPending(new EngineReplaced('the engine worker was replaced'));
      worker.terminate();
    },
  };
}
