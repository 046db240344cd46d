// A lane in a Node worker thread: thin wiring like the browser's src/workers/lane-worker.ts. The
// first message hands over the MessagePort the lane is driven on; LaneService does the rest.

import { parentPort } from 'node:worker_threads';
import type { ToLane } from '../../src/workers/lanes/lane-protocol.ts';
import { LaneService } from '../../src/workers/lanes/lane-service.ts';
import { nodeLaneEnv } from './node-lane-env.ts';

if (!parentPort) throw new Error('node-lane-worker.ts runs as a worker thread');
parentPort.once('message', (data: { port?: MessagePort }) => {
  const port = data.port;
  if (!port) throw new Error('the lane worker expects { port } first');
  const lane = new LaneService(port, nodeLaneEnv());
  // The global MessageChannel's ports (what LaneClient hands over) take `onmessage` in Node too.
  port.onmessage = (e: MessageEvent<ToLane>) => lane.handle(e.data);
});
