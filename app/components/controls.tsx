// The control panel. Each control has a visible label that is also its accessible name. Rate,
// interactive ratio, scheduler and speed apply to the running engine; the others start a new run.
// In compare mode the controls show and edit the side(s) chosen under Compare (B only: B's values).

import { memo, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  LIMITS,
  MODEL_IDS,
  MODEL_LABELS,
  capacityPerS,
  type Settings,
} from '../config/settings.ts';
import { PRESETS } from '../config/presets.ts';
import { LIVE_MAX_GPU_LANES, LIVE_MAX_RATE, liveMaxCpuLanes } from '../config/live-settings.ts';
import { sideSettings } from '../config/compare-settings.ts';
import { useApp } from '../state/app-store.ts';
import {
  applyAndReset,
  loadSettings,
  pause,
  play,
  resetRun,
  setInteractiveRatio,
  setRate,
  setScheduler,
  setSpeed,
  step,
} from '../state/actions.ts';
import { formatRate } from '../format.ts';
import { LaneFaults } from './lane-faults.tsx';
import { fromSlider, toSlider } from './log-slider.ts';
import { CompareControls } from './compare-controls.tsx';
import { PolicyLauncher } from '../policy/policy-launcher.tsx';
import {
  describePolicy,
  SCHEDULER_NAMES,
  type SchedulerName,
} from '../../src/engine/schedulers/registry.ts';

export { fromSlider, toSlider } from './log-slider.ts';

/** Call `fn` at most once per `ms`, always with the latest value, and once more at the end. */
function useThrottled<T>(fn: (v: T) => void, ms: number): (v: T) => void {
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

function Field(props: {
  label: string;
  htmlFor: string;
  value?: ReactNode;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={props.htmlFor} className="field-label">
          {props.label}
        </label>
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

function Group(props: { legend: string; children: ReactNode; hint?: string }) {
  return (
    <fieldset className="flex flex-col gap-1 rounded-md border border-slate-200 px-2 pt-0.5 pb-2">
      <legend className="px-1 text-xs font-semibold text-slate-700">{props.legend}</legend>
      {props.children}
      {props.hint && <p className="text-[11px] leading-tight text-slate-500">{props.hint}</p>}
    </fieldset>
  );
}

function Stepper(props: {
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

/** A number input that commits on blur or Enter (each commit restarts the run). */
function NumberInput(props: {
  id: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onCommit: (v: number) => void;
  label?: string;
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
      className="input w-full tabular"
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

export const Controls = memo(function Controls() {
  const settings = useApp((st) => st.settings);
  const compare = useApp((st) => st.compare);
  const editSide = useApp((st) => st.editSide);
  const comparing = compare.enabled;
  // What the controls show: A's settings, or B's when editing B alone.
  const s = useMemo(
    () => (comparing && editSide === 'b' ? sideSettings(settings, compare, 'b') : settings),
    [comparing, editSide, settings, compare],
  );
  const playing = useApp((st) => st.playing);
  const live = useApp((st) => st.mode === 'live');
  const maxRate = live ? LIVE_MAX_RATE : LIMITS.rate.max;
  const maxGpu = live ? LIVE_MAX_GPU_LANES : LIMITS.lanes.max;
  const maxCpu = live ? liveMaxCpuLanes() : LIMITS.lanes.max;
  const id = useId();
  const ids = {
    rate: `${id}-rate`,
    ratio: `${id}-ratio`,
    scheduler: `${id}-scheduler`,
    speed: `${id}-speed`,
    memory: `${id}-memory`,
    seed: `${id}-seed`,
    window: `${id}-window`,
    maxBatch: `${id}-max-batch`,
    batchOn: `${id}-batch-on`,
    scaleOn: `${id}-scale-on`,
    scaleMin: `${id}-scale-min`,
    scaleMax: `${id}-scale-max`,
  };
  const [rateView, setRateView] = useState(s.rate);
  useEffect(() => setRateView(s.rate), [s.rate]);
  const sendRate = useThrottled((v: number) => void setRate(v), 150);
  const sendRatio = useThrottled((v: number) => void setInteractiveRatio(v), 150);
  const patch = (p: Partial<Settings>): void => void applyAndReset(p);
  const capacity = capacityPerS(s);

  return (
    <div className="flex flex-col gap-2">
      <div className="grid grid-cols-4 gap-1" role="group" aria-label="Run">
        <button
          type="button"
          className="btn-primary"
          onClick={() => void play()}
          disabled={playing}
        >
          Play
        </button>
        <button type="button" className="btn" onClick={() => void pause()} disabled={!playing}>
          Pause
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void step()}
          title="Process one engine event"
        >
          Step
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void resetRun()}
          title="Start the run again from time zero"
        >
          Reset
        </button>
      </div>
      <p className="-mt-1 text-[11px] text-slate-500">Space plays / pauses.</p>

      <CompareControls />
      {comparing && editSide !== 'both' && (
        <p
          className="rounded bg-fuchsia-50 px-2 py-1 text-[11px] font-medium text-fuchsia-900"
          data-testid="editing-side"
        >
          The settings below change side {editSide.toUpperCase()} only.
        </p>
      )}

      <Group legend="Presets">
        <div className="flex flex-wrap gap-1">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn px-2 py-0.5 text-xs"
              title={p.description}
              onClick={() => void loadSettings(p.settings, null)}
            >
              {p.label}
            </button>
          ))}
        </div>
      </Group>

      <Field
        label="Arrival rate"
        htmlFor={ids.rate}
        value={`${formatRate(rateView)} jobs/s`}
        hint={
          live
            ? `Live: real inference serves this rate, at most ${LIVE_MAX_RATE} jobs/s (more would only grow the queue).`
            : `Lanes serve about ${formatRate(capacity)} jobs/s with this mix (${Math.round((rateView / Math.max(1, capacity)) * 100)} % load).`
        }
      >
        <input
          id={ids.rate}
          type="range"
          min={0}
          max={1000}
          value={toSlider(Math.min(rateView, maxRate), LIMITS.rate.min, maxRate)}
          aria-valuetext={`${formatRate(rateView)} jobs per second`}
          onChange={(e) => {
            const v = fromSlider(Number(e.target.value), LIMITS.rate.min, maxRate);
            setRateView(v);
            sendRate(v);
          }}
        />
      </Field>

      <Field
        label="Interactive ratio"
        htmlFor={ids.ratio}
        value={`${Math.round(s.interactiveRatio * 100)} %`}
        hint="Share of interactive jobs (100 ms SLO); the rest are batch (1 s SLO)."
      >
        <input
          id={ids.ratio}
          type="range"
          min={0}
          max={100}
          value={Math.round(s.interactiveRatio * 100)}
          onChange={(e) => sendRatio(Number(e.target.value) / 100)}
        />
      </Field>

      {!comparing && (
        <Field label="Scheduler" htmlFor={ids.scheduler} hint={describePolicy(s.scheduler)}>
          <select
            id={ids.scheduler}
            className="input"
            value={s.scheduler}
            onChange={(e) => void setScheduler(e.target.value as SchedulerName)}
          >
            {SCHEDULER_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <PolicyLauncher />
        </Field>
      )}

      <Field
        label="Speed"
        htmlFor={ids.speed}
        value={`${s.speed}×`}
        hint="Simulated time per wall-clock time."
      >
        <input
          id={ids.speed}
          type="range"
          min={0}
          max={1000}
          value={toSlider(s.speed, LIMITS.speed.min, LIMITS.speed.max)}
          aria-valuetext={`${s.speed} times real time`}
          onChange={(e) =>
            void setSpeed(fromSlider(Number(e.target.value), LIMITS.speed.min, LIMITS.speed.max))
          }
        />
      </Field>

      <p className="text-[11px] font-medium text-slate-500">Changing these starts a new run:</p>

      <Group
        legend="Model mix"
        hint="Relative weights of the arrivals' models; every one runs on live lanes too. ResNet-18/50 and ViT-S/16 are the published architectures with seeded synthetic weights (their latency is real, their labels are not); the PP-OCR direction classifier and Silero VAD are pretrained."
      >
        {MODEL_IDS.map((m) => (
          <div key={m} className="grid grid-cols-[1fr_5rem] items-center gap-2 text-sm">
            <label htmlFor={`${id}-mix-${m}`}>{MODEL_LABELS[m]}</label>
            <NumberInput
              id={`${id}-mix-${m}`}
              value={s.mix[m]}
              min={0}
              max={100}
              onCommit={(v) => {
                const mix = { ...s.mix, [m]: v };
                if (MODEL_IDS.some((k) => mix[k] > 0)) patch({ mix });
              }}
            />
          </div>
        ))}
      </Group>

      <Group
        legend="Lanes"
        hint={
          live
            ? `Live: each lane is a worker (GPU = WebGPU, CPU = WASM); at most ${LIVE_MAX_GPU_LANES} GPU lane (one GPU device) and ${maxCpu} CPU lanes (this device's cores); no backup lanes or autoscaling.`
            : 'Backup lanes take work only while a primary lane is down.'
        }
      >
        <Stepper
          label="GPU"
          testId="lanes-gpu"
          value={s.gpuLanes}
          min={s.cpuLanes > 0 ? LIMITS.lanes.min : 1}
          max={maxGpu}
          onChange={(v) => patch({ gpuLanes: v })}
        />
        <Stepper
          label="CPU"
          testId="lanes-cpu"
          value={s.cpuLanes}
          min={s.gpuLanes > 0 ? LIMITS.lanes.min : 1}
          max={maxCpu}
          onChange={(v) => patch({ cpuLanes: v })}
        />
        <Stepper
          label="Backup GPU"
          testId="lanes-backup"
          value={s.backupLanes}
          min={LIMITS.backupLanes.min}
          max={live ? 0 : LIMITS.backupLanes.max}
          onChange={(v) => patch({ backupLanes: v })}
        />
        <label className="flex items-center gap-2 text-sm" htmlFor={ids.scaleOn}>
          <input
            id={ids.scaleOn}
            type="checkbox"
            data-testid="autoscale"
            checked={s.autoscale.enabled}
            disabled={live}
            onChange={(e) => patch({ autoscale: { ...s.autoscale, enabled: e.target.checked } })}
          />
          Autoscale CPU lanes
        </label>
        {s.autoscale.enabled && (
          <div className="grid grid-cols-2 gap-2">
            <Field label="Min CPU" htmlFor={ids.scaleMin}>
              <NumberInput
                id={ids.scaleMin}
                value={s.autoscale.min}
                min={LIMITS.autoscaleLanes.min}
                max={Math.max(1, s.autoscale.max)}
                onCommit={(v) => patch({ autoscale: { ...s.autoscale, min: Math.round(v) } })}
              />
            </Field>
            <Field label="Max CPU" htmlFor={ids.scaleMax}>
              <NumberInput
                id={ids.scaleMax}
                value={s.autoscale.max}
                min={Math.max(1, s.autoscale.min)}
                max={LIMITS.autoscaleLanes.max}
                onCommit={(v) => patch({ autoscale: { ...s.autoscale, max: Math.round(v) } })}
              />
            </Field>
          </div>
        )}
        <LaneFaults />
      </Group>

      <Group legend="Batching">
        <label className="flex items-center gap-2 text-sm" htmlFor={ids.batchOn}>
          <input
            id={ids.batchOn}
            type="checkbox"
            checked={s.batching.enabled}
            onChange={(e) => patch({ batching: { ...s.batching, enabled: e.target.checked } })}
          />
          Batch compatible jobs
        </label>
        <div className="grid grid-cols-2 gap-2">
          <Field label="Window (ms)" htmlFor={ids.window}>
            <NumberInput
              id={ids.window}
              value={s.batching.windowMs}
              min={LIMITS.windowMs.min}
              max={LIMITS.windowMs.max}
              step={0.5}
              onCommit={(v) => patch({ batching: { ...s.batching, windowMs: v } })}
            />
          </Field>
          <Field label="Max batch" htmlFor={ids.maxBatch}>
            <NumberInput
              id={ids.maxBatch}
              value={s.batching.maxBatch}
              min={LIMITS.maxBatch.min}
              max={LIMITS.maxBatch.max}
              onCommit={(v) => patch({ batching: { ...s.batching, maxBatch: Math.round(v) } })}
            />
          </Field>
        </div>
      </Group>

      <div className="grid grid-cols-2 gap-2">
        <Field label="Memory capacity" htmlFor={ids.memory} hint="MiB per lane">
          <NumberInput
            id={ids.memory}
            value={s.memoryMiB}
            min={LIMITS.memoryMiB.min}
            max={LIMITS.memoryMiB.max}
            step={256}
            onCommit={(v) => patch({ memoryMiB: Math.round(v) })}
          />
        </Field>
        <Field label="Seed" htmlFor={ids.seed} hint="Same seed, same run">
          <NumberInput
            id={ids.seed}
            value={s.seed}
            min={LIMITS.seed.min}
            max={LIMITS.seed.max}
            onCommit={(v) => patch({ seed: Math.round(v) })}
          />
        </Field>
      </div>
    </div>
  );
});
