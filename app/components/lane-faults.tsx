// Fail and recover lanes by hand: pick a lane, press "Fail gpu0" (its running jobs are re-queued
// and it takes no work) or "Recover gpu0". The lane list and who is down come from the frames; the
// component re-renders only when either changes, not on every frame. In compare mode the list holds
// A's lanes and then those only B has; a lane both sides have fails and recovers on both at once.

import { memo, useEffect, useId, useState } from 'react';
import type { LaneState } from '../../src/workers/protocol.ts';
import { frameStore } from '../state/frame-store.ts';
import { failLane } from '../state/actions.ts';

interface LaneView {
  name: string;
  up: boolean;
  backup: boolean;
  /** The side whose lane index `index` is (A unless only B has the lane). */
  side: 'a' | 'b';
  index: number;
  /** Compare mode: which sides have the lane. */
  only?: 'A' | 'B';
}

const key = (lanes: readonly LaneState[]): string =>
  lanes.map((l) => `${l.name}:${l.up ? 1 : 0}:${l.role ?? ''}`).join(',');

/** The lanes to list: A's, then (compare mode) those only B has. */
function laneViews(a: readonly LaneState[], b: readonly LaneState[] | undefined): LaneView[] {
  const view = (l: LaneState, side: 'a' | 'b', index: number): LaneView => ({
    name: l.name,
    up: l.up,
    backup: l.role === 'backup',
    side,
    index,
  });
  if (!b) return a.map((l, i) => view(l, 'a', i));
  const inB = new Map(b.map((l) => [l.name, l]));
  const inA = new Set(a.map((l) => l.name));
  const out = a.map((l, i) => {
    const other = inB.get(l.name);
    const v = view(l, 'a', i);
    if (!other) return { ...v, only: 'A' as const };
    return { ...v, up: l.up && other.up };
  });
  b.forEach((l, i) => {
    if (!inA.has(l.name)) out.push({ ...view(l, 'b', i), only: 'B' });
  });
  return out;
}

/**
 * The current run's lanes, updated when a lane's name, role or up state changes. The comparison
 * happens here, before `setState`: a functional update that React bails out of still waits in the
 * hook's queue (holding its closure, and with it the frame's lane array) until the component next
 * renders, so calling it on every frame leaked ~0.4 MB/s at 5,000 jobs/s.
 */
function useLanes(): LaneView[] {
  const [lanes, setLanes] = useState<LaneView[]>([]);
  useEffect(() => {
    let last = '';
    const read = (a: readonly LaneState[], b: readonly LaneState[] | undefined): void => {
      const k = `${key(a)}|${b ? key(b) : ''}`;
      if (k === last) return;
      last = k;
      setLanes(laneViews(a, b));
    };
    const f = frameStore.getState().frame;
    read(f?.lanes ?? [], f?.compare?.b.lanes);
    return frameStore.subscribe((s) => read(s.frame?.lanes ?? [], s.frame?.compare?.b.lanes));
  }, []);
  return lanes;
}

export const LaneFaults = memo(function LaneFaults() {
  const id = useId();
  const lanes = useLanes();
  const [picked, setPicked] = useState(0);
  const index = picked < lanes.length ? picked : 0;
  const lane = lanes[index];
  const down = lanes.filter((l) => !l.up);
  if (!lane) return null;
  return (
    <div className="flex flex-col gap-1 border-t border-slate-200 pt-1.5">
      <div className="flex items-center gap-1">
        <label htmlFor={`${id}-lane`} className="field-label">
          Lane
        </label>
        <select
          id={`${id}-lane`}
          className="input min-w-0 flex-1 py-0 text-xs"
          value={index}
          onChange={(e) => setPicked(Number(e.target.value))}
        >
          {lanes.map((l, i) => (
            <option key={l.name} value={i}>
              {l.name}
              {l.only ? ` (${l.only} only)` : ''}
              {l.up ? '' : ' (down)'}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`btn px-2 py-0 text-xs ${lane.up ? 'text-red-700' : 'text-green-700'}`}
          data-testid="lane-fault-toggle"
          onClick={() => void failLane(lane.index, lane.up, lane.side)}
        >
          {lane.up ? `Fail ${lane.name}` : `Recover ${lane.name}`}
        </button>
      </div>
      <p className="text-[11px] leading-tight text-slate-500" aria-live="polite">
        {down.length === 0 ? (
          'All lanes up. Failing one re-queues its running jobs.'
        ) : (
          <span className="text-red-700" data-testid="lanes-down">
            Down: {down.map((l) => l.name).join(', ')}
          </span>
        )}
      </p>
    </div>
  );
});
