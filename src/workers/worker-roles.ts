// Which part a page worker plays, and the wiring that lets one worker script play them all. The
// page's workers (engine, seeds, import, lanes) are one entry, worker.ts, so the build bundles the
// code they share (the engine, zod schemas, protobufjs) once, in chunks, instead of once per
// worker. A worker learns its role from the `name` it was started with (`workerName`), loads the
// role's module by dynamic import, and holds the messages that arrive meanwhile (`holdMessages`)
// so none is lost before the role's handler is installed.

/** The roles, by what the worker does: the engine run, compare mode's extra seeds, an imported
 * file's parse, a lane (ONNX Runtime sessions; decoder lanes too). */
export const WORKER_ROLES = ['engine', 'seeds', 'import', 'lane'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

/** Name prefixes: what `new Worker(..., { name })` gets (and the browser's devtools show). A
 * decoder lane is a lane worker driven over comlink (lane-worker.ts), named apart for devtools. */
const PREFIX: Record<WorkerRole | 'decoder', string> = {
  engine: 'schedlab-engine',
  seeds: 'schedlab-seeds',
  import: 'schedlab-import',
  lane: 'schedlab-lane-',
  decoder: 'schedlab-decoder-',
};

/** The `name` a worker of this role is started with; lanes carry their own label after it. */
export function workerName(role: WorkerRole | 'decoder', label = ''): string {
  return PREFIX[role] + label;
}

/** The role a worker's `name` asks for, or undefined for a name no role has. */
export function roleOfName(name: string): WorkerRole | undefined {
  if (name === PREFIX.engine) return 'engine';
  if (name === PREFIX.seeds) return 'seeds';
  if (name === PREFIX.import) return 'import';
  if (name.startsWith(PREFIX.lane) || name.startsWith(PREFIX.decoder)) return 'lane';
  return undefined;
}

/** Where messages arrive: a worker's global scope (or a stand-in in tests). */
export type MessageScope = Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
  dispatchEvent(event: Event): boolean;
};

/**
 * Holds every message `scope` receives from now on; the returned `release` stops holding and
 * delivers the held messages again, in order, with their transferred ports, to whatever handlers
 * are installed by then (`onmessage` or listeners). Call `release` in the same task as the role's
 * handler is installed, so nothing arrives between the two.
 */
export function holdMessages(scope: MessageScope): () => void {
  const held: MessageEvent[] = [];
  const hold = (event: Event): void => {
    held.push(event as MessageEvent);
    event.stopImmediatePropagation();
  };
  scope.addEventListener('message', hold);
  return () => {
    scope.removeEventListener('message', hold);
    for (const e of held.splice(0)) {
      scope.dispatchEvent(
        new MessageEvent('message', {
          data: e.data,
          ports: [...e.ports],
          origin: e.origin,
          lastEventId: e.lastEventId,
        }),
      );
    }
  };
}
