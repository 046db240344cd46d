// The engine's per-frame data on the page. It changes up to 60 times a second, so it never goes
// through React state: canvas layers and the live numbers `subscribe` to this vanilla store and
// redraw on the next animation frame. The Gantt ring is mutated in place (it is large); everything
// else is replaced by the worker's fresh snapshot each frame.

import { createStore } from 'zustand/vanilla';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { SpanRing } from './span-ring.ts';
import { LaneOutages } from './lane-outages.ts';

export interface FrameState {
  /** The latest frame from the worker, or null before the first. */
  frame: FrameMessage | null;
  /** Frames received since the page loaded (all runs). */
  frames: number;
  /** Spans of the current run, newest kept (bounded). */
  spans: SpanRing;
  /** When each lane was down this run (mutated in place, like the ring). */
  outages: LaneOutages;
}

export const frameStore = createStore<FrameState>(() => ({
  frame: null,
  frames: 0,
  spans: new SpanRing(),
  outages: new LaneOutages(),
}));

/** Take one frame from the worker: stale frames (an older run) are ignored. */
export function receiveFrame(frame: FrameMessage): void {
  const state = frameStore.getState();
  const spans = state.spans;
  if (state.frame !== null && state.frame.runId !== frame.runId) {
    spans.clear();
    state.outages.clear();
  }
  spans.push(frame.spans);
  state.outages.update(frame);
  frameStore.setState({ frame, frames: state.frames + 1 });
}
