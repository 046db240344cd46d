// A lane worker: one ONNX Runtime Web execution provider (WebGPU or WASM) serving batches. Thin
// wiring: the first message hands over the MessagePort it is driven on (from the engine worker's
// live executor, or the page for calibration and tests); everything else is in lanes/lane-service.ts.
// A decoder lane is the same worker script driven over comlink instead (`decoderPort`: the API
// object is lanes/decoder-lane.ts, loaded on first use), so both share one bundle of the runtime
// and the model generator.

import type { ToLane } from './lanes/lane-protocol.ts';
import { browserLaneEnv } from './lanes/browser-lane-env.ts';
import { LaneService } from './lanes/lane-service.ts';

self.onmessage = (event: MessageEvent<{ port?: MessagePort; decoderPort?: MessagePort }>) => {
  const { port, decoderPort } = event.data;
  if (decoderPort) {
    self.onmessage = null;
    void import('./lanes/decoder-worker-main.ts').then((m) => m.serveDecoderLane(decoderPort));
    return;
  }
  if (!port) return;
  const lane = new LaneService(port, browserLaneEnv());
  port.onmessage = (e: MessageEvent<ToLane>) => lane.handle(e.data);
  self.onmessage = null;
};
