// A decoder lane inside a lane worker (lane-worker.ts): the DecoderLane API object exposed over
// comlink on the port the driver handed over (decoder-client.ts).

import * as Comlink from 'comlink';
import { browserDecoderEnv } from './browser-lane-env.ts';
import { DecoderLane } from './decoder-lane.ts';

export function serveDecoderLane(port: MessagePort): void {
  Comlink.expose(new DecoderLane(browserDecoderEnv()), port);
}
