// The policy editor's actions: plain functions that change the policy store and call the engine
// worker, which compiles and runs the policy (never the page's thread). Sharing in a link is in
// policy-link.ts (loaded with the editor, or when a link brings a policy).

import { appStore } from '../state/app-store.ts';
import { EngineReplaced, engineClient, noteUserCode } from '../engine-client.ts';
import { applyAndReset, resetRun, setScheduler } from '../state/actions.ts';
import type { AutoscalerName } from '../../src/engine/autoscalers/registry.ts';
import { policyStore } from './policy-store.ts';
import { sideSettings } from '../config/compare-settings.ts';
import type { Settings } from '../config/settings.ts';

export function openPolicyEditor(): void {
  policyStore.setState({ open: true });
}

export function closePolicyEditor(): void {
  policyStore.setState({ open: false });
}

export function editPolicy(source: string): void {
  policyStore.setState({ source, share: undefined });
}

/** Compile and run the editor's policy in the worker, in place of the scheduler, from now on (on
 * side B in compare mode: your policy against A's built-in scheduler). */
export async function runPolicy(source: string): Promise<boolean> {
  noteUserCode();
  const { api } = await engineClient();
  let result;
  try {
    result = await api.setPolicy(source, appStore.getState().compare.enabled ? 'b' : 'both');
  } catch (e) {
    // The watchdog replaced the worker while the policy loaded (it says so itself).
    if (e instanceof EngineReplaced) return false;
    throw e;
  }
  if (!result.ok) {
    policyStore.setState({ compileError: result.error });
    return false;
  }
  if (result.autoscaler) {
    // An autoscaler sizes a pool from t = 0: offered in the Autoscaling panel; where it already
    // sizes a side, a fresh run takes the new code.
    policyStore.setState({
      compileError: undefined,
      autoscaler: { name: result.name, source },
      fromLink: false,
    });
    if (policyStore.getState().autoscalerSides.length > 0) await resetRun();
    return true;
  }
  policyStore.setState({
    compileError: undefined,
    running: { name: result.name, source },
    fromLink: false,
  });
  return true;
}

/** Back to the scheduler the controls show (B's in compare mode). */
export async function stopPolicy(): Promise<void> {
  const { settings, compare } = appStore.getState();
  if (compare.enabled) await setScheduler(sideSettings(settings, compare, 'b').scheduler, 'b');
  else await setScheduler(settings.scheduler);
}

/** Run the policy again from time zero (Reset, with the policy kept). */
export function restartWithPolicy(): Promise<boolean> {
  return resetRun();
}

/** A link with `?policy=`: fetch the link code (a small chunk) only then, and load the policy. */
export async function loadPolicyFromUrl(): Promise<void> {
  if (!new URLSearchParams(location.search).has('policy')) return;
  const { loadPolicyFromLink } = await import('./policy-link.ts');
  await loadPolicyFromLink();
}

/**
 * The Autoscaling panel's pick for one side: the user's autoscaler (`'user'`) or a built-in. Either
 * way the side autoscales, and the run starts again (a pool is sized by one policy from t = 0).
 */
export function pickAutoscaler(
  side: 'a' | 'b' | 'both',
  choice: AutoscalerName | 'user',
  autoscale: Settings['autoscale'],
): Promise<boolean> {
  const key = side === 'b' ? 'b' : 'a';
  const others = policyStore.getState().autoscalerSides.filter((x) => x !== key);
  policyStore.setState({ autoscalerSides: choice === 'user' ? [...others, key] : others });
  const target = side === 'both' ? undefined : side;
  const patch = choice === 'user' ? { enabled: true } : { policy: choice, enabled: true };
  return applyAndReset({ autoscale: { ...autoscale, ...patch } }, target);
}
