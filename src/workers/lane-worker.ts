// A lane worker: one ONNX Runtime Web execution provider (WebGPU or WASM) serving batches. Thin
// wiring: the first message hands over the MessagePort it is driven on (from the engine worker's
// live executor, or the page for calibration and tests); everything else is in lanes/lane-service.ts.

import type { ToLane } from './lanes/lane-protocol.ts';
import { browserLaneEnv } from './lanes/browser-lane-env.ts';
import { LaneService } from './lanes/lane-service.ts';

self.onmessage = (event: MessageEvent<{ port?: MessagePort }>) => {
  const port = event.data.port;
  if (!port) return;
  const lane = new LaneService(port, browserLaneEnv());
  port.onmessage = (e: MessageEvent<ToLane>) => lane.handle(e.data);
  self.onmessage = null;
};
