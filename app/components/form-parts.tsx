// The control panel's parts: a labelled field (its label is the control's accessible name), a
// group with a legend, a lane-count stepper, a number input that commits on Enter or blur, and a
// throttle for sliders that talk to the engine while dragged.

import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Call `fn` at most once per `ms`, always with the latest value, and once more at the end. */
export function useThrottled<T>(fn: (v: T) => void, ms: number): (v: T) => void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<{ v: T } | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (v: T) => {
    pending.current = { v };
    const now = performance.now();
    const fire = (): void => {
      timer.current = undefined;
      last.current = performance.now();
      const p = pending.current;
      pending.current = null;
      if (p) fn(p.v);
    };
    if (now - last.current >= ms) fire();
    else if (timer.current === undefined)
      timer.current = setTimeout(fire, ms - (now - last.current));
  };
}

export function Field(props: {
  label: string;
  htmlFor: string;
  value?: ReactNode;
  /** An ⓘ (components/term.tsx Info) after the label. */
  info?: ReactNode;
  /** Controls at the end of the label row (the rate's exact number). */
  aside?: ReactNode;
  children: ReactNode;
  hint?: ReactNode;
  hintId?: string;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-baseline justify-between gap-2">
        <span className="flex items-baseline gap-1">
          <label htmlFor={props.htmlFor} className="field-label">
            {props.label}
          </label>
          {props.info}
        </span>
        {props.value !== undefined && (
          <output htmlFor={props.htmlFor} className="tabular text-xs font-semibold text-slate-800">
            {props.value}
          </output>
        )}
        {props.aside}
      </div>
      {props.children}
      {props.hint && (
        <p id={props.hintId} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function Group(props: { legend: string; children: ReactNode; hint?: string }) {
  return (
    <fieldset className="flex flex-col gap-1 rounded-md border border-slate-200 px-2 pt-0.5 pb-2">
      <legend className="px-1 text-xs font-semibold text-slate-700">{props.legend}</legend>
      {props.children}
      {props.hint && <p className="hint">{props.hint}</p>}
    </fieldset>
  );
}

export function Stepper(props: {
  /** "GPU", "CPU" or "Backup GPU": the control reads "{label} lanes: n". */
  label: string;
  testId: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
}) {
  return (
    <div className="flex items-center justify-between gap-2 text-sm">
      <span className="tabular">
        {props.label} lanes: <strong data-testid={props.testId}>{props.value}</strong>
      </span>
      <span className="flex gap-1">
        <button
          type="button"
          className="btn px-2 py-0"
          aria-label={`Remove ${props.label} lane`}
          disabled={props.value <= props.min}
          onClick={() => props.onChange(props.value - 1)}
        >
          −
        </button>
        <button
          type="button"
          className="btn px-2 py-0"
          aria-label={`Add ${props.label} lane`}
          disabled={props.value >= props.max}
          onClick={() => props.onChange(props.value + 1)}
        >
          +
        </button>
      </span>
    </div>
  );
}

/** A number input that commits on blur or Enter (a commit outside [min, max] is undone). */
export function NumberInput(props: {
  id: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  onCommit: (v: number) => void;
  label?: string;
  className?: string;
}) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const commit = (): void => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || v < props.min || v > props.max) {
      setText(String(props.value));
      return;
    }
    if (v !== props.value) props.onCommit(v);
  };
  return (
    <input
      id={props.id}
      className={`input tabular ${props.className ?? 'w-full'}`}
      type="number"
      inputMode="decimal"
      min={props.min}
      max={props.max}
      step={props.step ?? 1}
      value={text}
      {...(props.label ? { 'aria-label': props.label } : {})}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
