// The engine worker's role (started as worker.ts named 'schedlab-engine'): thin wiring. The API
// object lives in engine-host.ts; this file only exposes it through Comlink. The page hands over a
// MessagePort for frames with `connect`.

import * as Comlink from 'comlink';
import { EngineHost } from './engine-host.ts';

export function serve(): void {
  Comlink.expose(new EngineHost());

  // A user policy's guard stops any of its code that runs after its decision (a promise callback):
  // that surfaces as a rejection nobody handles. It is the guard working, not news for the console.
  self.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as { name?: unknown } | null;
    if (typeof reason === 'object' && reason !== null && reason.name === 'PolicyStopped') {
      event.preventDefault();
    }
  });
}
