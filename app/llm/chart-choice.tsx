// A chart's row of toggle buttons (a window length, a view): one pressed at a time, reachable with
// Tab, announced as a group with its name.

export function ChartChoice<T extends string | number>(props: {
  name: string;
  options: readonly T[];
  value: T;
  label: (v: T) => string;
  onChange: (v: T) => void;
  className?: string;
}) {
  return (
    <span className={`flex gap-1 ${props.className ?? ''}`} role="group" aria-label={props.name}>
      {props.options.map((v) => (
        <button
          key={v}
          type="button"
          className="chart-btn"
          aria-pressed={props.value === v}
          onClick={() => props.onChange(v)}
        >
          {props.label(v)}
        </button>
      ))}
    </span>
  );
}
