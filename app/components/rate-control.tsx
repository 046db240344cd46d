// Arrival rate: the one control a newcomer needs first. A slider on a scale that is linear in load
// up to 150 % (rate-scale.ts: fine by mouse and by keys), the exact rate as a number to type, and
// the load it puts on the lanes that serve now: a failed lane's capacity is left out, so the hint
// never says "64 % load" to a run that has lost its GPU lane.

import { memo, useEffect, useId, useMemo, useState } from 'react';
import type { LaneState } from '../../src/workers/protocol.ts';
import { LIMITS, capacityPerS, servingCapacityPerS, type Settings } from '../config/settings.ts';
import { LIVE_MAX_RATE } from '../config/live-settings.ts';
import { formatRate } from '../format.ts';
import { setRate } from '../state/actions.ts';
import { frameStore } from '../state/frame-store.ts';
import { Field, NumberInput, useThrottled } from './form-parts.tsx';
import {
  positionToRate,
  rateAfterKey,
  rateToPosition,
  STEPS,
  type RateScale,
} from './rate-scale.ts';
import { Info } from './term.tsx';

/** The current run's lanes (side A's), updated only when one's up state, role or pool changes. */
export function useServingLanes(): readonly LaneState[] {
  const [lanes, setLanes] = useState<readonly LaneState[]>([]);
  useEffect(() => {
    let last = '';
    const read = (l: readonly LaneState[] | undefined): void => {
      const list = l ?? [];
      const key = list
        .map((x) => `${x.name}:${x.up ? 1 : 0}:${x.role ?? ''}:${x.pool ?? ''}`)
        .join();
      if (key === last) return;
      last = key;
      setLanes(list);
    };
    read(frameStore.getState().frame?.lanes);
    return frameStore.subscribe((s) => read(s.frame?.lanes));
  }, []);
  return lanes;
}

/** The slider's id: the page's skip link lands on it (there is one rate control). */
export const RATE_SLIDER_ID = 'arrival-rate';

export const RateControl = memo(function RateControl(props: { settings: Settings; live: boolean }) {
  const id = useId();
  const s = props.settings;
  const scale: RateScale = useMemo(
    () => ({
      min: LIMITS.rate.min,
      max: props.live ? LIVE_MAX_RATE : LIMITS.rate.max,
      capacity: capacityPerS(s),
    }),
    [s, props.live],
  );
  const [view, setView] = useState(s.rate);
  useEffect(() => setView(s.rate), [s.rate]);
  const send = useThrottled((v: number) => void setRate(v), 150);
  const lanes = useServingLanes();
  const serving = lanes.length > 0 ? servingCapacityPerS(s, lanes) : scale.capacity;
  const down = lanes.filter((l) => !l.up).map((l) => l.name);
  const load = serving > 0 ? view / serving : Infinity;
  const over = load > 1;
  const change = (v: number): void => {
    setView(v);
    send(v);
  };
  const hint = props.live ? (
    `Live: real inference serves this rate, at most ${LIVE_MAX_RATE} jobs/s (more would only grow the queue).`
  ) : (
    <span data-testid="load-hint" className={over ? 'font-semibold text-red-700' : ''}>
      {Number.isFinite(load) ? `${Math.round(load * 100)} % load` : 'no lane serving'}: the lanes
      {down.length > 0 ? ` still up` : ''} serve about {formatRate(serving)} jobs/s
      {down.length > 0 ? ` (${down.join(', ')} down)` : ''}
      {over ? '. More arrive than they serve: the line grows.' : '.'}
    </span>
  );
  return (
    <Field
      label="Arrival rate"
      htmlFor={RATE_SLIDER_ID}
      info={<Info id="load" />}
      hint={hint}
      aside={
        <span className="flex items-center gap-1 text-xs text-slate-700">
          <NumberInput
            id={`${id}-exact`}
            label="Exact rate (jobs/s)"
            className="w-20 py-0 text-right text-xs"
            value={view}
            min={scale.min}
            max={scale.max}
            step="any"
            onCommit={(v) => change(Math.round(v * 10) / 10)}
          />
          jobs/s
        </span>
      }
    >
      <input
        id={RATE_SLIDER_ID}
        type="range"
        min={0}
        max={STEPS}
        value={rateToPosition(Math.min(view, scale.max), scale)}
        aria-valuetext={`${formatRate(view)} jobs per second, ${Number.isFinite(load) ? Math.round(load * 100) : '∞'} % load`}
        data-testid="rate-slider"
        onChange={(e) => change(positionToRate(Number(e.target.value), scale))}
        onKeyDown={(e) => {
          const next = rateAfterKey(view, e.key, e.shiftKey, scale);
          if (next === null) return;
          e.preventDefault();
          if (next !== view) change(next);
        }}
      />
    </Field>
  );
});
