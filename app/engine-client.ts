// The page's side of the engine worker: starts it, checks its protocol version, and routes what it
// posts (frames to the frame store, export chunks to whoever asked for the export). The worker is
// the only place an Engine runs in the page.

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

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  /** Worker-to-page messages received per second over the last whole second. */
  messagesPerSecond(): number;
  /** Stream an export; `onChunk` sees each text chunk in order. */
  exportRun(format: ExportFormat, onChunk: (text: string) => void): Promise<ExportResult>;
}

let client: Promise<EngineClient> | undefined;

export function engineClient(): Promise<EngineClient> {
  client ??= start();
  return client;
}

async function start(): Promise<EngineClient> {
  const worker = new Worker(new URL('../src/workers/engine-worker.ts', import.meta.url), {
    type: 'module',
    name: 'schedlab-engine',
  });
  const api = Comlink.wrap<EngineApi>(worker);
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
  channel.port1.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isWorkerMessage(data)) return;
    count++;
    const now = performance.now();
    if (now - windowStart >= 1000) {
      lastRate = (count * 1000) / (now - windowStart);
      count = 0;
      windowStart = now;
    }
    if (data.kind === 'frame') receiveFrame(data);
    else exports.get(data.id)?.(data);
  };
  await api.connect(Comlink.transfer(channel.port2, [channel.port2]));

  return {
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
}
