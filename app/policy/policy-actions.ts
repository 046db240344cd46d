// The policy editor's actions: plain functions that change the policy store and call the engine
// worker, which compiles and runs the policy (never the page's thread). Sharing in a link is in
// policy-link.ts (loaded with the editor, or when a link brings a policy).

import { appStore } from '../state/app-store.ts';
import { EngineReplaced, engineClient, noteUserCode } from '../engine-client.ts';
import { resetRun, setScheduler } from '../state/actions.ts';
import { policyStore } from './policy-store.ts';
import { sideSettings } from '../config/compare-settings.ts';

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
