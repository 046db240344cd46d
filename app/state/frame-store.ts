// The engine's per-frame data on the page. It changes up to 60 times a second, so it never goes
// through React state: canvas layers and the live numbers `subscribe` to this vanilla store and
// redraw on the next animation frame. The Gantt rings are mutated in place (they are large);
// everything else is replaced by the worker's fresh snapshot each frame. In compare mode the frame
// carries side B too (`frame.compare`): B's spans and outages have rings of their own, and the
// paired sample its ring.

import { createStore } from 'zustand/vanilla';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { SpanRing } from './span-ring.ts';
import { LaneOutages } from './lane-outages.ts';
import { PairRing } from './pair-ring.ts';

export interface FrameState {
  /** The latest frame from the worker, or null before the first. */
  frame: FrameMessage | null;
  /** Frames received since the page loaded (all runs). */
  frames: number;
  /** Spans of the current run (side A's in compare mode), newest kept (bounded). */
  spans: SpanRing;
  /** When each lane was down this run (mutated in place, like the ring). */
  outages: LaneOutages;
  /** Compare mode: side B's spans (allocated on the first compare frame, then kept). */
  spansB: SpanRing | null;
  outagesB: LaneOutages;
  /** Compare mode: the latest sampled jobs with both sides' latencies. */
  pairs: PairRing;
}

export const frameStore = createStore<FrameState>(() => ({
  frame: null,
  frames: 0,
  spans: new SpanRing(),
  outages: new LaneOutages(),
  spansB: null,
  outagesB: new LaneOutages(),
  pairs: new PairRing(),
}));

/** Take one frame from the worker: stale frames (an older run) are ignored. */
export function receiveFrame(frame: FrameMessage): void {
  const state = frameStore.getState();
  const spans = state.spans;
  const newRun = state.frame !== null && state.frame.runId !== frame.runId;
  if (newRun) {
    spans.clear();
    state.outages.clear();
    state.spansB?.clear();
    state.outagesB.clear();
    state.pairs.clear();
  }
  spans.push(frame.spans);
  state.outages.update(frame);
  let spansB = state.spansB;
  if (frame.compare) {
    spansB ??= new SpanRing();
    spansB.push(frame.compare.b.spans);
    state.outagesB.update(frame.compare.b);
    state.pairs.push(frame.compare.pairs);
  }
  frameStore.setState({ frame, frames: state.frames + 1, spansB });
}

const sideB = new WeakMap<FrameMessage, FrameMessage>();

/** A frame as one side sees it: the frame itself for A, B's data over it for B (cached per frame;
 * null outside compare mode). Any single-run layout can draw either side this way. */
export function frameOfSide(frame: FrameMessage, side: 'a' | 'b'): FrameMessage | null {
  if (side === 'a') return frame;
  const b = frame.compare?.b;
  if (!b) return null;
  let out = sideB.get(frame);
  if (!out) {
    out = { ...frame, ...b };
    sideB.set(frame, out);
  }
  return out;
}
