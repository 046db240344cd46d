// The LLM workload's shape: prompt and output length distributions (lognormal mean and CV), the
// share of requests that open with a shared prefix and its length, and the router that spreads
// requests over replicas. Each change is a new run of the same seed (the requests themselves
// change). A typed value is checked when it is committed (Enter or leaving the field): a bad one
// stays in its field with a message naming the field, and the run goes on as it was.

import { memo, useEffect, useId, useState } from 'react';
import { ROUTER_NAMES } from '../../src/engine/llm/config-sections.ts';
import { Term, type GlossaryKey } from './glossary.tsx';
import { llmRestartWith } from './llm-actions.ts';
import type { LlmSettings } from './llm-defaults.ts';
import { checkNumber, numberField } from './llm-fields.ts';
import { tracePreset } from './llm-settings.ts';
import { useLlm } from './llm-store.ts';

/** A typed number for `key`: committed on Enter or blur, checked first. */
function NumberInput(props: {
  field: keyof LlmSettings;
  term: GlossaryKey;
  label?: string;
  disabled?: boolean;
  step?: number;
}) {
  const f = numberField(props.field);
  const id = useId();
  const errId = useId();
  const value = useLlm((s) => s.settings[props.field]) as number;
  const [text, setText] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  // A new value from elsewhere (a preset, a link) replaces what the field shows.
  useEffect(() => {
    setText(String(value));
    setProblem(null);
  }, [value]);
  const commit = (): void => {
    const r = checkNumber(f, text);
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    if (r.value !== value) void llmRestartWith({ [props.field]: r.value });
  };
  const label = props.label ?? f.label;
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <span className="field-label">
        <label htmlFor={id}>{label}</label>
        <Term k={props.term} name={label} />
      </span>
      <input
        id={id}
        className="input tabular"
        inputMode="decimal"
        value={text}
        disabled={props.disabled}
        aria-invalid={problem !== null}
        aria-describedby={problem ? errId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(String(value));
            setProblem(null);
          }
        }}
      />
      {problem && (
        <p id={errId} role="alert" className="text-[11px] leading-tight text-red-700">
          {problem}; the run goes on as it was.
        </p>
      )}
    </div>
  );
}

export const LlmWorkloadSettings = memo(function LlmWorkloadSettings() {
  const preset = useLlm((s) => s.settings.preset);
  const router = useLlm((s) => s.settings.router);
  const lanes = useLlm((s) => s.settings.lanes);
  const routerId = useId();
  const fromTrace = tracePreset(preset);
  return (
    <fieldset
      className="flex flex-col gap-1 rounded-md border border-slate-200 px-2 pt-0.5 pb-2"
      data-testid="llm-workload-settings"
    >
      <legend className="px-1 text-xs font-semibold text-slate-700">
        Workload (a change starts a new run)
      </legend>
      {fromTrace && (
        <p className="text-[11px] leading-tight text-slate-500">
          This trace brings each request’s own prompt and output lengths.
        </p>
      )}
      <div className="grid grid-cols-2 gap-x-2 gap-y-1">
        <NumberInput field="promptMean" term="promptLength" disabled={fromTrace} />
        <NumberInput field="promptCv" term="cv" disabled={fromTrace} />
        <NumberInput field="outputMean" term="outputLength" disabled={fromTrace} />
        <NumberInput field="outputCv" term="cv" disabled={fromTrace} />
        <NumberInput field="prefixShare" term="prefixShare" label="Prefix share (0–1)" />
        <NumberInput field="prefixTokens" term="prefixShare" />
      </div>
      <div className="flex flex-col gap-0.5">
        <span className="field-label">
          <label htmlFor={routerId}>Router</label>
          <Term k="router" name="Router" />
        </span>
        <select
          id={routerId}
          className="input"
          value={router}
          onChange={(e) => void llmRestartWith({ router: e.target.value as LlmSettings['router'] })}
        >
          {ROUTER_NAMES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {lanes === 1 && (
          <p className="text-[11px] leading-tight text-slate-500">
            With one replica every request goes to it; add replicas to see routing.
          </p>
        )}
      </div>
    </fieldset>
  );
});
