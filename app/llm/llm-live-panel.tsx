// Live LLM mode's panel: the Simulated/Live switch, the live run's options, its decoder lanes
// (loading progress, the provider each runs on and why, a lane that failed), a few requests'
// tokens as the decoder writes them (ids and their made-up words: synthetic weights), and
// "Check the simulation" with its comparison and verdict. The charts below it are the LLM mode's
// own, fed by the live run's frames.

import { useEffect, useId, useState } from 'react';
import { SYNTHETIC_DECODER_NOTE } from '../../src/models/decoders/decoder-config.ts';
import { tokenWord } from '../../src/models/decoders/vocabulary.ts';
import type { LlmLiveState } from '../../src/workers/llm-protocol.ts';
import { LiveCheck } from './llm-live-check.tsx';
import { setLiveOptions, setLlmSource, startLive, useLive, type LlmSource } from './llm-live.ts';
import { llmFrames } from './llm-store.ts';

const SOURCES: { id: LlmSource; label: string; title: string }[] = [
  { id: 'sim', label: 'Simulated', title: 'The step cost model prices every step (no model runs)' },
  {
    id: 'live',
    label: 'Live',
    title: 'A real decoder runs every step on lane workers in this browser',
  },
];

/** The live part of the latest frame, at most ten times a second. */
function useLiveFrame(): LlmLiveState | undefined {
  const [live, setLive] = useState<LlmLiveState | undefined>(() => llmFrames.latest?.live);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = llmFrames.subscribe(() => {
      const now = performance.now();
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = performance.now();
          setLive(llmFrames.latest?.live);
        },
        Math.max(0, 100 - (now - last)),
      );
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return live;
}

export function LlmLivePanel() {
  const source = useLive((s) => s.source);
  const loading = useLive((s) => s.loading);
  const problems = useLive((s) => s.problems);
  const live = useLiveFrame();
  return (
    <section
      aria-label="Simulated or live"
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      data-testid="llm-live-panel"
    >
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Serving" className="flex rounded-md border border-slate-300">
          {SOURCES.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-pressed={source === s.id}
              title={s.title}
              data-testid={`llm-source-${s.id}`}
              className={`px-2 py-1 text-sm font-medium first:rounded-l-md last:rounded-r-md ${
                source === s.id
                  ? 'bg-sky-600 text-white'
                  : 'bg-white text-slate-700 hover:bg-slate-50'
              }`}
              onClick={() => void setLlmSource(s.id)}
            >
              {s.label}
            </button>
          ))}
        </div>
        <p className="text-xs text-slate-600">
          {source === 'live'
            ? 'Live: the tiny decoder (4 layers, 3.9 M parameters, made from its seed) runs every step the scheduler forms, on lane workers in this browser; the charts show the measured steps.'
            : 'Live runs a real decoder instead of the cost model: short prompts, one lane worker per lane.'}
        </p>
      </div>
      <LiveOptions />
      {problems.length > 0 ? (
        <p role="alert" className="text-sm text-red-700" data-testid="llm-live-problem">
          {problems.join('; ')}
        </p>
      ) : null}
      {loading !== null ? <Loading loading={loading} /> : null}
      {source === 'live' && loading === null && live ? (
        <>
          <Lanes live={live} />
          <Tokens live={live} />
          <LiveCheck live={live} />
        </>
      ) : null}
    </section>
  );
}

function LiveOptions() {
  const requests = useLive((s) => s.requests);
  const rate = useLive((s) => s.rate);
  const lanes = useLive((s) => s.lanes);
  const webgpu = useLive((s) => s.webgpu);
  const busy = useLive((s) => s.loading !== null);
  const id = useId();
  return (
    <form
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void startLive();
      }}
    >
      <NumberField
        id={`${id}-n`}
        label="Requests"
        value={requests}
        min={4}
        max={2000}
        onChange={(v) => setLiveOptions({ requests: Math.round(v) })}
      />
      <NumberField
        id={`${id}-r`}
        label="Arrivals per second"
        value={rate}
        min={0.1}
        max={20}
        step={0.1}
        onChange={(v) => setLiveOptions({ rate: v })}
      />
      <NumberField
        id={`${id}-l`}
        label="Lanes"
        value={lanes}
        min={1}
        max={4}
        onChange={(v) => setLiveOptions({ lanes: Math.round(v) })}
      />
      <label className="flex items-center gap-1 text-xs text-slate-600">
        <input
          type="checkbox"
          checked={webgpu}
          onChange={(e) => setLiveOptions({ webgpu: e.target.checked })}
        />
        First lane on WebGPU (WASM where it cannot start)
      </label>
      <button
        type="submit"
        disabled={busy}
        data-testid="llm-live-start"
        className="rounded bg-sky-600 px-2 py-1 text-sm font-medium text-white disabled:opacity-50"
      >
        {busy ? 'Starting…' : 'Start a live run'}
      </button>
    </form>
  );
}

/** A number input; the form refuses values outside [min, max] when submitted (the browser says
 * why), and the run's options are clamped again where they are used. */
function NumberField(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
}) {
  return (
    <label className="flex flex-col text-xs text-slate-600" htmlFor={props.id}>
      {props.label}
      <input
        id={props.id}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        className="w-20 rounded border border-slate-300 px-1 py-0.5 text-sm"
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v)) props.onChange(v);
        }}
      />
    </label>
  );
}

function Loading({ loading }: { loading: Record<string, { fraction: number; detail: string }> }) {
  const lanes = Object.entries(loading);
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-1 text-xs text-slate-700">
      <span>Starting the decoder lanes (the decoder is made from its seed on this device)…</span>
      {lanes.map(([name, p]) => (
        <div key={name} className="flex items-center gap-2">
          <span className="w-10 font-mono">{name}</span>
          <progress
            value={p.fraction}
            max={1}
            className="h-2 w-32"
            aria-label={`${name} loading`}
          />
          <span className="truncate">{p.detail}</span>
        </div>
      ))}
    </div>
  );
}

function Lanes({ live }: { live: LlmLiveState }) {
  return (
    <div className="flex flex-col gap-1 text-xs" data-testid="llm-live-lanes">
      <div className="text-slate-600">
        {live.finished ? 'Finished' : 'Serving'}: {live.steps.toLocaleString('en')} steps run on the
        lanes, {live.total} requests in all.
      </div>
      <ul className="flex flex-col gap-0.5">
        {live.lanes.map((l) => (
          <li key={l.name} data-testid="llm-live-lane" data-down={l.down}>
            <span className="font-mono font-medium">{l.name}</span>{' '}
            {l.detail ? <span className="text-slate-600">{l.detail}</span> : null}
            {l.steps > 0 ? (
              <span className="text-slate-800">
                {' '}
                · {l.steps} steps, median {l.medianStepMs.toFixed(1)} ms a step
              </span>
            ) : null}
            {l.note ? (
              <span className={l.down ? 'block text-red-700' : 'block text-amber-700'}>
                {l.note}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Tokens({ live }: { live: LlmLiveState }) {
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-medium text-slate-800">Tokens as the decoder writes them</h3>
      <p className="text-xs text-slate-600">{SYNTHETIC_DECODER_NOTE}</p>
      {live.requests.length === 0 ? (
        <p className="text-xs text-slate-500">No token yet.</p>
      ) : (
        <ul className="flex flex-col gap-0.5 font-mono text-xs" aria-label="Generated tokens">
          {live.requests.map((r) => (
            <li
              key={r.id}
              data-testid="llm-live-tokens"
              data-id={r.id}
              data-prompt-length={r.promptLength}
              data-tokens={r.tokens.join(',')}
              data-done={r.done}
              className="break-words"
              title={`token ids: ${r.tokens.join(' ')}`}
            >
              <span className="text-slate-500">
                #{r.id} ({r.promptLength}-token prompt) →
              </span>{' '}
              {r.tokens.map(tokenWord).join(' ')}
              {r.done ? null : <span aria-hidden="true"> ▍</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
