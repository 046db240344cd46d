// A number field that says what is wrong: a value out of range or not a number keeps the last good
// value and shows a message naming the field ("Cold start: 700000 is above 600000 ms"), announced to
// screen readers, until the next good value. The elastic-serving panels' fields use it.

import { useEffect, useState } from 'react';

const DECIMAL = /^\+?(?:\d+(?:\.\d*)?|\.\d+)$|^-(?:\d+(?:\.\d*)?|\.\d+)$/;

export function CheckedNumber(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  unit?: string;
  step?: number | 'any';
  integer?: boolean;
  onCommit: (v: number) => void;
  testId?: string;
}) {
  const [text, setText] = useState(String(props.value));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(String(props.value)), [props.value]);
  const unit = props.unit ? ` ${props.unit}` : '';
  const commit = (): void => {
    // Strictly a plain decimal (no hex, blanks or exponent tricks a typo could make).
    const v = DECIMAL.test(text) ? Number(text) : NaN;
    let p: string | null = null;
    if (!Number.isFinite(v)) p = `"${text.slice(0, 20)}" is not a number`;
    else if (v < props.min) p = `${v} is below ${props.min}${unit}`;
    else if (v > props.max) p = `${v} is above ${props.max}${unit}`;
    else if (props.integer && !Number.isInteger(v)) p = `${v} is not a whole number`;
    setProblem(p === null ? null : `${props.label}: ${p}; kept ${props.value}${unit}.`);
    if (p !== null) return;
    if (v !== props.value) props.onCommit(v);
  };
  const errId = `${props.id}-error`;
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={props.id} className="field-label">
        {props.label}
        {unit && <span className="text-slate-500"> ({props.unit})</span>}
      </label>
      <input
        id={props.id}
        className="input tabular w-full"
        type="number"
        inputMode="decimal"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={text}
        aria-invalid={problem !== null}
        {...(problem !== null ? { 'aria-describedby': errId } : {})}
        {...(props.testId ? { 'data-testid': props.testId } : {})}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {problem !== null && (
        <p id={errId} role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      )}
    </div>
  );
}
