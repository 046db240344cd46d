// The LLM mode's controls. Preset, arrival rate, scheduler and speed act on the running engine
// (a preset starts its own run); the engine settings below them (KV blocks, block size,
// max_num_seqs, token budget, preemption mode, replicas, SLOs) start a new run of the same seed, as
// they are fixed when a vLLM engine starts. Each has a visible label that is its accessible name
// and a term with its explanation.

import { memo, useId, useState, type ReactNode } from 'react';
import { fromSlider, toSlider } from '../components/log-slider.ts';
import { formatRate } from '../format.ts';
import { LLM_POLICIES, type LlmSchedulerName } from '../../src/engine/schedulers/registry.ts';
import type { LlmExportKind } from '../../src/workers/llm-protocol.ts';
import { Term, type GlossaryKey } from './glossary.tsx';
import {
  llmExport,
  llmLoadPreset,
  llmRestartWith,
  llmSetRate,
  llmSetScheduler,
  llmSetSpeed,
  llmTogglePlay,
} from './llm-actions.ts';
import {
  LLM_LIMITS,
  LLM_PRESETS,
  presetById,
  type LlmPresetId,
  type LlmSettings,
} from './llm-settings.ts';
import { useLlm } from './llm-store.ts';
import { useLive } from './llm-live.ts';

function Field(props: {
  label: string;
  term?: GlossaryKey | undefined;
  htmlFor: string;
  value?: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-baseline justify-between gap-2">
        <span className="field-label">
          <label htmlFor={props.htmlFor}>{props.label}</label>
          {props.term && <Term k={props.term} name={props.label} />}
        </span>
        {props.value !== undefined && (
          <output htmlFor={props.htmlFor} className="tabular text-xs font-semibold text-slate-800">
            {props.value}
          </output>
        )}
      </div>
      {props.children}
      {props.hint && <p className="text-[11px] leading-tight text-slate-500">{props.hint}</p>}
    </div>
  );
}

/** A log-scale slider (0..1000) for a value within `limits`. */
function LogSliderField(props: {
  label: string;
  term: GlossaryKey;
  value: number;
  limits: { min: number; max: number };
  shown: string;
  spoken: string;
  onChange: (v: number) => void;
}) {
  const id = useId();
  const { min, max } = props.limits;
  return (
    <Field label={props.label} term={props.term} htmlFor={id} value={props.shown}>
      <input
        id={id}
        type="range"
        min={0}
        max={1000}
        value={toSlider(props.value, min, max)}
        onChange={(e) => props.onChange(fromSlider(Number(e.target.value), min, max))}
        aria-valuetext={props.spoken}
      />
    </Field>
  );
}

/** A select of numbers that restarts the run with `key` set. */
function NumberSelect(props: {
  label: string;
  term?: GlossaryKey | undefined;
  field: keyof LlmSettings;
  options: readonly number[];
  unit?: string;
  format?: (v: number) => string;
}) {
  const id = useId();
  const value = useLlm((s) => s.settings[props.field]) as number;
  const options = props.options.includes(value)
    ? props.options
    : [...props.options, value].sort((a, b) => a - b);
  return (
    <Field label={props.label} term={props.term} htmlFor={id}>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => void llmRestartWith({ [props.field]: Number(e.target.value) })}
      >
        {options.map((v) => (
          <option key={v} value={v}>
            {props.format ? props.format(v) : v.toLocaleString('en')}
            {props.unit ? ` ${props.unit}` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}

export const LlmControls = memo(function LlmControls() {
  const settings = useLlm((s) => s.settings);
  const playing = useLlm((s) => s.playing);
  const problems = useLlm((s) => s.problems);
  const ids = { preset: useId(), sched: useId() };
  const preset = presetById(settings.preset);
  const policy = LLM_POLICIES.find((p) => p.name === settings.scheduler);
  const { rate: rl, speed: sl } = LLM_LIMITS;
  return (
    <div className="flex flex-col gap-2" data-testid="llm-controls">
      <div className="flex items-center gap-2">
        <button
          type="button"
          className="btn-primary"
          onClick={() => void llmTogglePlay()}
          data-testid="llm-play"
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="text-[11px] text-slate-500">Space plays and pauses</span>
      </div>
      <Field label="Workload preset" htmlFor={ids.preset} hint={preset.about}>
        <select
          id={ids.preset}
          className="input"
          value={settings.preset}
          onChange={(e) => void llmLoadPreset(e.target.value as LlmPresetId)}
        >
          {LLM_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      <LogSliderField
        label="Arrival rate"
        term="rate"
        value={settings.rate}
        limits={rl}
        shown={`${formatRate(settings.rate)} req/s`}
        spoken={`${formatRate(settings.rate)} requests per second`}
        onChange={(v) => void llmSetRate(v)}
      />
      <Field label="Scheduler" term="scheduler" htmlFor={ids.sched} hint={policy?.description}>
        <select
          id={ids.sched}
          className="input"
          value={settings.scheduler}
          onChange={(e) => void llmSetScheduler(e.target.value as LlmSchedulerName)}
        >
          {LLM_POLICIES.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <LogSliderField
        label="Speed"
        term="speed"
        value={settings.speed}
        limits={sl}
        shown={`${settings.speed}×`}
        spoken={`${settings.speed} times real time`}
        onChange={(v) => void llmSetSpeed(v)}
      />
      <LlmExports />
      {problems.length > 0 && (
        <div
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-xs text-red-800"
        >
          Not applied (the run goes on as it was):
          <ul className="list-disc pl-4">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
});

/** Exports of the run so far (replayed in the worker: same seed, same controls; a live run's
 * from what it measured). */
function LlmExports() {
  const last = useLlm((s) => s.lastExport);
  const live = useLive((s) => s.source === 'live');
  const [busy, setBusy] = useState(false);
  const run = (kind: LlmExportKind): void => {
    setBusy(true);
    void llmExport(kind).finally(() => setBusy(false));
  };
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-1">
        {EXPORT_BUTTONS.map(([kind, label]) => (
          <button
            key={kind}
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => run(kind)}
          >
            {label}
          </button>
        ))}
      </div>
      <p className="text-[11px] leading-tight text-slate-500" data-testid="llm-export-status">
        {busy
          ? live
            ? 'Writing the live run’s export…'
            : 'Replaying the run for the export…'
          : last
            ? `Exported ${EXPORTED[last.kind](last.rows)} up to ${(last.until / 1000).toFixed(1)} s ${last.live ? 'of the live run' : 'simulated'}.`
            : live
              ? 'The live run as npm run sim’s files, with what it measured: each step’s lane time, backend and device, and each request’s token ids (synthetic weights).'
              : 'One row per ended request (TTFT, TPOT, preemptions…) or per step, the steps as a Chrome trace (Perfetto), or the summary, as npm run sim writes them.'}
      </p>
    </div>
  );
}

const EXPORT_BUTTONS: [LlmExportKind, string][] = [
  ['requests', 'Requests CSV'],
  ['steps', 'Steps CSV'],
  ['chrome', 'Chrome trace'],
  ['summary', 'Summary'],
];

const EXPORTED: Record<LlmExportKind, (rows: number) => string> = {
  requests: (n) => `${n.toLocaleString('en')} requests`,
  steps: (n) => `${n.toLocaleString('en')} steps`,
  chrome: (n) => `${n.toLocaleString('en')} steps as a Chrome trace`,
  summary: () => 'the summary',
};

/** The settings fixed when an engine starts: a change is a new run of the same seed. */
export const LlmEngineSettings = memo(function LlmEngineSettings() {
  const settings = useLlm((s) => s.settings);
  const ids = { pre: useId() };
  return (
    <div data-testid="llm-engine-settings">
      <fieldset className="flex flex-col gap-1 rounded-md border border-slate-200 px-2 pt-0.5 pb-2">
        <legend className="px-1 text-xs font-semibold text-slate-700">
          Engine (a change starts a new run)
        </legend>
        <NumberSelect
          label="KV blocks per replica"
          term="block"
          field="blocks"
          options={[64, 128, 256, 512, 1024, 2048, 4096, 8192]}
        />
        <NumberSelect
          label="Block size"
          term="block"
          field="blockTokens"
          options={[8, 16, 32]}
          unit="tokens"
        />
        <NumberSelect
          label="max_num_seqs"
          term="maxNumSeqs"
          field="maxNumSeqs"
          options={[4, 8, 16, 32, 64, 128, 256, 512]}
        />
        <NumberSelect
          label="Token budget per step"
          term="tokenBudget"
          field="tokenBudget"
          options={[256, 512, 1024, 2048, 4096, 8192, 16384, 32768]}
        />
        <Field label="Preemption mode" term="preemption" htmlFor={ids.pre}>
          <select
            id={ids.pre}
            className="input"
            value={settings.preemption}
            onChange={(e) =>
              void llmRestartWith({ preemption: e.target.value as LlmSettings['preemption'] })
            }
          >
            <option value="recompute">recompute</option>
            <option value="swap">swap</option>
          </select>
        </Field>
        <NumberSelect label="Replicas" term="replica" field="lanes" options={[1, 2, 3, 4]} />
        <NumberSelect
          label="TTFT SLO"
          term="ttft"
          field="ttftSloMs"
          options={[250, 500, 1000, 2000, 5000]}
          unit="ms"
        />
        <NumberSelect
          label="TPOT SLO"
          term="tpot"
          field="tpotSloMs"
          options={[25, 50, 100, 200, 500]}
          unit="ms"
        />
      </fieldset>
    </div>
  );
});
