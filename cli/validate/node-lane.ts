// Lane workers as Node worker threads, driven by the same LaneClient (and so the same LiveExecutor
// and EngineHost) as the browser's. The worker thread's entry is TypeScript: a small bootstrap
// registers tsx's loader in the thread before importing it.

import { Worker, type TransferListItem } from 'node:worker_threads';
import {
  LaneClient,
  type LaneHandlers,
  type LaneOptions,
  type LaneWorker,
} from '../../src/workers/lanes/lane-client.ts';
import type { LaneSpawner } from '../../src/workers/live-executor.ts';

const ENTRY = new URL('./node-lane-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');

/** A worker thread running node-lane-worker.ts, as a LaneWorker. */
export function nodeLaneWorker(name: string): LaneWorker {
  const boot = `import { register } from ${JSON.stringify(TSX)}; register(); await import(${JSON.stringify(ENTRY)});`;
  const worker = new Worker(boot, { eval: true, name: `schedlab-lane-${name}` });
  let crashed: ((reason: string) => void) | undefined;
  worker.on('error', (e: Error) => crashed?.(e.message));
  return {
    postMessage: (message, transfer) =>
      // The global MessageChannel's ports are Node's own: transferable to a worker thread.
      worker.postMessage(message, transfer as unknown as TransferListItem[]),
    terminate: () => void worker.terminate(),
    onCrash(handler) {
      crashed = handler;
    },
  };
}

/** A LaneClient on a Node worker thread. */
export function nodeLaneClient(options: LaneOptions, handlers: LaneHandlers = {}): LaneClient {
  return new LaneClient(options, handlers, nodeLaneWorker(options.name));
}

/** The spawner the LiveExecutor uses in Node. */
export const spawnNodeLane: LaneSpawner = (options, handlers) => nodeLaneClient(options, handlers);
