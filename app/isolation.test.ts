// When the page registers the isolation service worker and reloads: never when the host already
// isolates it, never twice in a tab (no reload loops), never where service workers cannot run.
import { describe, expect, it } from 'vitest';
import { isolationStep, type IsolationFacts } from './isolation.ts';

const facts = (f: Partial<IsolationFacts>): IsolationFacts => ({
  isolated: false,
  controlled: false,
  serviceWorkers: true,
  secure: true,
  reloadedBefore: false,
  ...f,
});

describe('isolationStep', () => {
  it('does nothing when the host sends COOP/COEP, and names the service worker when it did', () => {
    expect(isolationStep(facts({ isolated: true }))).toEqual({
      do: 'nothing',
      isolation: { mode: 'headers' },
    });
    expect(isolationStep(facts({ isolated: true, controlled: true }))).toEqual({
      do: 'nothing',
      isolation: { mode: 'service-worker' },
    });
  });

  it('registers and reloads once on a static host', () => {
    expect(isolationStep(facts({}))).toEqual({ do: 'register-and-reload' });
    // A controlled page that is still not isolated (e.g. after a hard reload) may reload once too.
    expect(isolationStep(facts({ controlled: true }))).toEqual({ do: 'register-and-reload' });
  });

  it('never reloads a second time in the same tab: single-threaded, with the reason', () => {
    const step = isolationStep(facts({ reloadedBefore: true, controlled: true }));
    expect(step.do).toBe('register');
    expect(step).toMatchObject({ isolation: { mode: 'none', reason: /did not isolate/ } });
  });

  it('stays single-threaded and says why without service workers or a secure context', () => {
    expect(isolationStep(facts({ serviceWorkers: false }))).toMatchObject({
      do: 'nothing',
      isolation: { mode: 'none', reason: /service workers are unavailable/ },
    });
    expect(isolationStep(facts({ secure: false }))).toMatchObject({
      do: 'nothing',
      isolation: { mode: 'none', reason: /not a secure context/ },
    });
  });
});
