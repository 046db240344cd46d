// The one worker script's wiring: a worker's name picks its role, and the messages that arrive
// while the role's module loads reach its handler afterwards, in order, with their ports.

import { describe, expect, it } from 'vitest';
import { holdMessages, roleOfName, WORKER_ROLES, workerName } from './worker-roles.ts';

describe('roleOfName', () => {
  it('gives back the role each worker is started as', () => {
    for (const role of WORKER_ROLES) expect(roleOfName(workerName(role))).toBe(role);
    expect(roleOfName(workerName('lane', 'gpu-0'))).toBe('lane');
    expect(roleOfName(workerName('decoder', 'cpu-2'))).toBe('lane');
  });

  it('knows no role for a stranger name', () => {
    expect(roleOfName('')).toBeUndefined();
    expect(roleOfName('schedlab-engine-2')).toBeUndefined();
    expect(roleOfName('schedlab-lane')).toBeUndefined();
  });
});

describe('holdMessages', () => {
  it('delivers what came while the role loaded to its handler, in order, ports included', async () => {
    const scope = new EventTarget();
    const release = holdMessages(scope);
    const channel = new MessageChannel();
    scope.dispatchEvent(new MessageEvent('message', { data: { port: 'first' } }));
    scope.dispatchEvent(new MessageEvent('message', { data: 2, ports: [channel.port2] }));
    // The role installs its handler after the messages came: nothing has reached it yet.
    const seen: { data: unknown; ports: readonly MessagePort[] }[] = [];
    scope.addEventListener('message', (e) => {
      const m = e as MessageEvent;
      seen.push({ data: m.data, ports: m.ports });
    });
    scope.dispatchEvent(new MessageEvent('message', { data: 3 }));
    expect(seen).toEqual([]);
    release();
    expect(seen.map((m) => m.data)).toEqual([{ port: 'first' }, 2, 3]);
    expect(seen[1]?.ports[0]).toBe(channel.port2);
    // After the release messages go straight to the handler, once each.
    scope.dispatchEvent(new MessageEvent('message', { data: 4 }));
    release();
    expect(seen.map((m) => m.data)).toEqual([{ port: 'first' }, 2, 3, 4]);
    channel.port1.close();
  });
});
