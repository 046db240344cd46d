// The control panel, in two parts. First what a newcomer needs: Play / Pause, Step and Reset, the
// arrival rate, the scheduler (by its plain name, with what it does) and the scenarios (with what
// each shows, written out rather than in a hover tooltip). Then "More settings", one click away:
// the class mix, speed, models, lanes and their faults, batching, memory, seed, compare mode, live
// mode and this device, calibration, export and import. Every control has a visible label that is
// also its accessible name. In compare mode the controls show and edit the side(s) chosen under
// Compare (B only: B's values), and the compare controls come first.

import { memo, useId, useMemo } from 'react';
import {
  describePolicy,
  policyTitle,
  SCHEDULER_NAMES,
  type SchedulerName,
} from '../../src/engine/schedulers/registry.ts';
import { LIMITS, MODEL_IDS, MODEL_LABELS, type Settings } from '../config/settings.ts';
import { PRESETS } from '../config/presets.ts';
import { LIVE_MAX_GPU_LANES, liveMaxCpuLanes } from '../config/live-settings.ts';
import { sideSettings } from '../config/compare-settings.ts';
import { useApp } from '../state/app-store.ts';
import {
  applyAndReset,
  loadSettings,
  setInteractiveRatio,
  setScheduler,
  setSpeed,
} from '../state/actions.ts';
import { setMoreOpen, useUi } from '../state/ui-store.ts';
import { LaneFaults } from './lane-faults.tsx';
import { fromSlider, toSlider } from './log-slider.ts';
import { CompareControls } from './compare-controls.tsx';
import { PolicyLauncher } from '../policy/policy-launcher.tsx';
import { Field, Group, NumberInput, Stepper, useThrottled } from './form-parts.tsx';
import { RateControl } from './rate-control.tsx';
import { RunControls } from './run-controls.tsx';
import { Info } from './term.tsx';
import { DeviceSettings } from './device-settings.tsx';
import { CalibratePanel } from './calibrate-panel.tsx';
import { DataPanel } from './data-panel.tsx';

/** The settings the controls show: A's, or B's when editing B alone in compare mode. */
function useShownSettings(): Settings {
  const settings = useApp((st) => st.settings);
  const compare = useApp((st) => st.compare);
  const editSide = useApp((st) => st.editSide);
  return useMemo(
    () => (compare.enabled && editSide === 'b' ? sideSettings(settings, compare, 'b') : settings),
    [editSide, settings, compare],
  );
}

/** A preset whose settings these are (speed aside), if any. */
function presetOf(s: Settings) {
  const key = (x: Settings): string => JSON.stringify({ ...x, speed: 0 });
  const k = key(s);
  return PRESETS.find((p) => key(p.settings) === k);
}

function Scenarios(props: { settings: Settings }) {
  const id = useId();
  const current = presetOf(props.settings);
  return (
    <div className="flex flex-col gap-1" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="field-label">
        Scenarios
      </span>
      <div className="flex flex-wrap gap-1">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn px-2 py-0.5 text-xs"
            aria-pressed={current?.id === p.id}
            aria-describedby={current?.id === p.id ? `${id}-what` : undefined}
            onClick={() => void loadSettings(p.settings, null)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <p id={`${id}-what`} className="hint" data-testid="scenario-description">
        {current
          ? `${current.label}: ${current.description}`
          : 'Your own settings: the address bar carries them, so Share gives this very run.'}
      </p>
    </div>
  );
}

function SchedulerField(props: { settings: Settings }) {
  const id = useId();
  const s = props.settings;
  return (
    <Field
      label="Scheduler"
      htmlFor={id}
      info={<Info id="scheduler" />}
      hint={<span data-testid="scheduler-description">{describePolicy(s.scheduler)}</span>}
    >
      <select
        id={id}
        className="input"
        value={s.scheduler}
        onChange={(e) => void setScheduler(e.target.value as SchedulerName)}
      >
        {SCHEDULER_NAMES.map((n) => (
          <option key={n} value={n}>
            {policyTitle(n)} ({n})
          </option>
        ))}
      </select>
      <PolicyLauncher />
    </Field>
  );
}

/** What a newcomer needs first. */
export const EssentialControls = memo(function EssentialControls() {
  const s = useShownSettings();
  const comparing = useApp((st) => st.compare.enabled);
  const editSide = useApp((st) => st.editSide);
  const live = useApp((st) => st.mode === 'live');
  return (
    <div className="flex flex-col gap-2.5">
      <RunControls />
      {comparing && <CompareControls />}
      {comparing && editSide !== 'both' && (
        <p
          className="rounded bg-fuchsia-50 px-2 py-1 text-[11px] font-medium text-fuchsia-900"
          data-testid="editing-side"
        >
          The settings below change side {editSide.toUpperCase()} only.
        </p>
      )}
      <RateControl settings={s} live={live} />
      {!comparing && <SchedulerField settings={s} />}
      <Scenarios settings={s} />
    </div>
  );
});

/** The disclosure: "More settings" and what it holds. */
export const MoreSettings = memo(function MoreSettings() {
  const id = useId();
  const open = useUi((u) => u.moreOpen);
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        className="btn flex flex-col items-start text-left"
        aria-expanded={open}
        aria-controls={`${id}-more`}
        onClick={() => setMoreOpen(!open)}
      >
        <span>
          More settings <span aria-hidden="true">{open ? '▴' : '▾'}</span>
        </span>
        <span className="text-xs font-normal text-slate-600">
          class mix, speed, models, lanes and failures, batching, memory, seed, compare A and B,
          this device, calibration, export and import
        </span>
      </button>
      {/* Mounted while closed (hidden, out of the tab order): a lesson can find what it points
          at inside and open it, and the device status is known to tests. */}
      <div
        id={`${id}-more`}
        className="flex flex-col gap-2"
        data-testid="more-settings"
        hidden={!open}
      >
        <OtherSettings />
        <DeviceSettings />
        <CalibratePanel />
        <DataPanel />
      </div>
    </div>
  );
});

/** The run's other settings. */
const OtherSettings = memo(function OtherSettings() {
  const s = useShownSettings();
  const comparing = useApp((st) => st.compare.enabled);
  const live = useApp((st) => st.mode === 'live');
  const maxGpu = live ? LIVE_MAX_GPU_LANES : LIMITS.lanes.max;
  const maxCpu = live ? liveMaxCpuLanes() : LIMITS.lanes.max;
  const id = useId();
  const ids = {
    ratio: `${id}-ratio`,
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
  const sendRatio = useThrottled((v: number) => void setInteractiveRatio(v), 150);
  const patch = (p: Partial<Settings>): void => void applyAndReset(p);

  return (
    <div className="flex flex-col gap-2">
      <Field
        label="Interactive ratio"
        htmlFor={ids.ratio}
        value={`${Math.round(s.interactiveRatio * 100)} %`}
        info={<Info id="interactive" />}
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

      <Field
        label="Speed"
        htmlFor={ids.speed}
        value={`${s.speed}×`}
        info={<Info id="speed" />}
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

      {!comparing && <CompareControls />}

      <p className="text-[11px] font-medium text-slate-600">Changing these starts a new run:</p>

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
            ? `Live: each lane is a worker (GPU = WebGPU, CPU = WASM); at most ${LIVE_MAX_GPU_LANES} GPU lane (one GPU device) and ${maxCpu} CPU lanes (this device's cores); no backup lanes. Autoscaled, each CPU replica asked for starts a real lane worker (at most ${maxCpu}).`
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
                max={live ? maxCpu : LIMITS.autoscaleLanes.max}
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
          <Info id="batching" />
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
        <Field
          label="Memory capacity"
          htmlFor={ids.memory}
          info={<Info id="memory" />}
          hint="MiB per lane"
        >
          <NumberInput
            id={ids.memory}
            value={s.memoryMiB}
            min={LIMITS.memoryMiB.min}
            max={LIMITS.memoryMiB.max}
            step={256}
            onCommit={(v) => patch({ memoryMiB: Math.round(v) })}
          />
        </Field>
        <Field label="Seed" htmlFor={ids.seed} info={<Info id="seed" />} hint="Same seed, same run">
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
