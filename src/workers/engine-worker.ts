// The engine worker: thin wiring. The API object lives in engine-host.ts; this file only exposes it
// through Comlink. The page hands over a MessagePort for frames with `connect`.

import * as Comlink from 'comlink';
import { EngineHost } from './engine-host.ts';

Comlink.expose(new EngineHost());
