// The policy editor's state: whether it is open, the text being edited, the policy running (if
// any), the user autoscaler compiled (if any) and the sides it sizes, the last compile error, and
// the share-link message. Low rate: React renders it. What the
// running policy did (decisions, problems) comes with each frame (`frame.policy`), not from here.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { PolicyCompileError } from '../../src/workers/protocol.ts';

export interface PolicyState {
  /** The editor panel is shown (its code is loaded on first open). */
  open: boolean;
  /** The editor's text; undefined until the editor opens or a link brings one (then a template). */
  source: string | undefined;
  /** The policy the engine runs now, and its source (a reset starts again with it). */
  running: { name: string; source: string } | undefined;
  /** Why the last Run did not compile (the run was left unchanged). */
  compileError: PolicyCompileError | undefined;
  /** The share link's outcome, for the person. */
  share: { ok: boolean; text: string } | undefined;
  /** The policy came from a link and has not been run yet: the page says so. */
  fromLink: boolean;
  /** A user autoscaler (a module with `scale(ctx)`) that compiled on Run: the Autoscaling panel
   * offers it as "Your autoscaler". */
  autoscaler: { name: string; source: string } | undefined;
  /** The sides whose pool it sizes, picked in the Autoscaling panel (runs start with it). */
  autoscalerSides: readonly ('a' | 'b')[];
}

export const policyStore = createStore<PolicyState>(() => ({
  open: false,
  source: undefined,
  running: undefined,
  compileError: undefined,
  share: undefined,
  fromLink: false,
  autoscaler: undefined,
  autoscalerSides: [],
}));

export function usePolicy<T>(select: (s: PolicyState) => T): T {
  return useStore(policyStore, select);
}
