// Compare mode's controls, at the top of the control panel: the switch, each side's scheduler
// (switched live, the other side untouched; a policy written in the editor runs on B), which side
// the controls below edit, and a chip per setting B does differently (its × makes B like A again).
// Every control has a visible label.

import { memo, useId, useMemo } from 'react';
import {
  differences,
  sideSettings,
  type EditTarget,
  type SideName,
} from '../config/compare-settings.ts';
import { SIDE_COLOURS } from '../charts/scene.ts';
import { PolicyLauncher } from '../policy/policy-launcher.tsx';
import { useApp } from '../state/app-store.ts';
import {
  clearDifference,
  setCompare,
  setEditSide,
  setSideScheduler,
} from '../state/compare-actions.ts';
import { SCHEDULER_NAMES, type SchedulerName } from '../../src/engine/schedulers/registry.ts';

const EDIT_OPTIONS: { value: EditTarget; label: string }[] = [
  { value: 'both', label: 'Both sides' },
  { value: 'a', label: 'A only' },
  { value: 'b', label: 'B only' },
];

/** A side's colour swatch (A solid, B dashed, as in the charts). */
export function SideSwatch(props: { side: SideName }) {
  const colour = SIDE_COLOURS[props.side === 'a' ? 0 : 1];
  return (
    <span
      aria-hidden="true"
      className="inline-block h-0 w-4 align-middle"
      style={{ borderTop: `2px ${props.side === 'a' ? 'solid' : 'dashed'} ${colour}` }}
    />
  );
}

function SchedulerSelect(props: { side: SideName; value: SchedulerName }) {
  const id = useId();
  const name = props.side.toUpperCase();
  return (
    <div className="flex items-center justify-between gap-2 text-sm">
      <label htmlFor={id} className="field-label flex items-center gap-1">
        <SideSwatch side={props.side} /> Scheduler {name}
      </label>
      <select
        id={id}
        className="input min-w-0 flex-1"
        value={props.value}
        data-testid={`scheduler-${props.side}`}
        onChange={(e) => void setSideScheduler(props.side, e.target.value as SchedulerName)}
      >
        {SCHEDULER_NAMES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

export const CompareControls = memo(function CompareControls() {
  const id = useId();
  const settings = useApp((s) => s.settings);
  const compare = useApp((s) => s.compare);
  const editSide = useApp((s) => s.editSide);
  const live = useApp((s) => s.mode === 'live');
  const b = useMemo(() => sideSettings(settings, compare, 'b'), [settings, compare]);
  const differs = useMemo(() => differences(settings, compare), [settings, compare]);
  return (
    <fieldset className="flex flex-col gap-1.5 rounded-md border border-slate-200 px-2 pt-0.5 pb-2">
      <legend className="px-1 text-xs font-semibold text-slate-700">Compare</legend>
      <label className="flex items-center gap-2 text-sm" htmlFor={`${id}-on`}>
        <input
          id={`${id}-on`}
          type="checkbox"
          checked={compare.enabled}
          disabled={live}
          onChange={(e) => void setCompare(e.target.checked)}
        />
        Compare A and B side by side
      </label>
      <p className="text-[11px] leading-tight text-slate-500">
        {live
          ? 'Compare mode runs simulated: switch Mode to simulated to compare.'
          : 'Two runs on the identical requests, one clock; by default only the scheduler differs.'}
      </p>
      {compare.enabled && (
        <>
          <SchedulerSelect side="a" value={settings.scheduler} />
          <SchedulerSelect side="b" value={b.scheduler} />
          <PolicyLauncher />
          <div role="radiogroup" aria-labelledby={`${id}-edit`} className="flex flex-col gap-0.5">
            <span id={`${id}-edit`} className="field-label">
              Settings below change
            </span>
            <div className="flex gap-3 text-sm">
              {EDIT_OPTIONS.map((o) => (
                <label key={o.value} className="flex items-center gap-1">
                  <input
                    type="radio"
                    name={`${id}-edit`}
                    value={o.value}
                    checked={editSide === o.value}
                    onChange={() => setEditSide(o.value)}
                  />
                  {o.label}
                </label>
              ))}
            </div>
          </div>
          <div
            className="flex flex-wrap items-center gap-1 text-[11px]"
            data-testid="compare-differs"
          >
            <span className="font-medium text-slate-600">B differs in:</span>
            {differs.length === 0 ? (
              <span className="text-slate-500">nothing (identical sides)</span>
            ) : (
              differs.map((d) => (
                <span
                  key={d.key}
                  className="flex items-center gap-1 rounded-full border border-fuchsia-200 bg-fuchsia-50 py-0.5 pr-0.5 pl-2 text-fuchsia-900"
                  data-testid={`differs-${d.key}`}
                >
                  {d.label}: {d.a} → {d.b}
                  <button
                    type="button"
                    className="rounded-full px-1 leading-none text-fuchsia-700 hover:bg-fuchsia-200"
                    aria-label={`Make B's ${d.label} match A`}
                    title={`Make B's ${d.label} match A`}
                    onClick={() => void clearDifference(d.key)}
                  >
                    ×
                  </button>
                </span>
              ))
            )}
          </div>
        </>
      )}
    </fieldset>
  );
});
