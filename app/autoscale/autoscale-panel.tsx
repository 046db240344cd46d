// The autoscaling panel (request mode, simulated or live): pick an autoscaler and its main knobs, and watch
// the pool answer the load: replicas asked for (a cold start before they serve) and serving, the
// arrivals per second behind them, and the replica-seconds and cost so far. In compare mode each
// side has its autoscaler and its chart; the load shape, the compare presets and the verdict's SLO
// attainment and replica-seconds rows are in autoscale-compare-parts.tsx.
// In live mode each replica is a real lane worker: the chart is the same, and a table lists each
// replica start with its measured cold start (live-replica-starts.tsx).

import { memo, useEffect, useId, useState } from 'react';
import { AUTOSCALERS, type AutoscalerName } from '../../src/engine/autoscalers/registry.ts';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { LIMITS, type Settings } from '../config/settings.ts';
import { Panel } from '../components/panel.tsx';
import { Term } from '../components/term.tsx';
import { applyAndReset } from '../state/actions.ts';
import { useApp } from '../state/app-store.ts';
import { settingsOf } from '../state/compare-actions.ts';
import { frameOfSide, frameStore } from '../state/frame-store.ts';
import { CheckedNumber } from './checked-input.tsx';
import { LiveReplicaStarts } from './live-replica-starts.tsx';
import { coldStartSource } from '../config/cold-start.ts';
import { liveMaxCpuLanes } from '../config/live-settings.ts';
import { replicaScene, type Box } from './elastic-layout.ts';
import { ReplicaHistory, type ReplicaSample } from './replica-history.ts';
import type { Prices } from '../config/settings.ts';
import { policyStore, usePolicy } from '../policy/policy-store.ts';
import { pickAutoscaler } from '../policy/policy-actions.ts';
import { PriceControls, ReplicaFigures, UserAutoscalerStatus } from './pool-figures.tsx';
import { AutoscalePresets, AutoscaleVerdict, LoadShapeSelect } from './autoscale-compare-parts.tsx';

// One history per side, fed by every frame while this chunk is loaded.
const histories = { a: new ReplicaHistory(), b: new ReplicaHistory() };
let runId = -1;
let version = 0;
frameStore.subscribe((s) => {
  const f: FrameMessage | null = s.frame;
  if (!f) return;
  if (f.runId !== runId) {
    runId = f.runId;
    histories.a.clear();
    histories.b.clear();
    version++;
  }
  if (histories.a.record(f)) version++;
  const b = frameOfSide(f, 'b');
  if (b && histories.b.record(b)) version++;
});

/** Re-render at most 4 times a second while samples come in. */
function useHistoryVersion(): number {
  const [v, setV] = useState(version);
  useEffect(() => {
    const t = setInterval(() => setV(version), 250);
    return () => clearInterval(t);
  }, []);
  return v;
}

const NAMES = AUTOSCALERS.map((a) => a.name);
const TITLES = Object.fromEntries(AUTOSCALERS.map((a) => [a.name, a.title])) as Record<
  AutoscalerName,
  string
>;

/** The plot area of an elastic-serving chart (both panels' charts). */
export function PlotFrame({ box }: { box: Box }) {
  return (
    <rect
      x={box.left}
      y={box.top}
      width={box.width - box.left - box.right}
      height={box.height - box.top - box.bottom}
      fill="#f8fafc"
      stroke="#cbd5e1"
    />
  );
}

function ReplicaChart(props: {
  samples: readonly ReplicaSample[];
  /** The pool at the last frame (the figures under the chart). */
  latest: ReplicaSample | null;
  side: string;
  policy: string;
  prices: Prices;
  /** Compare mode: both sides on the same axes, and each chart names its side. */
  scale?: { replicasMax: number; loadMax: number; tMax: number };
}) {
  const scene = replicaScene(props.samples, undefined, props.scale);
  const { box } = scene;
  const last = props.samples[props.samples.length - 1];
  const label = last
    ? `Side ${props.side} (${props.policy}): ${last.serving + last.warming} replicas asked for, ${last.serving} serving, ${Math.round(last.load)} arrivals/s at ${Math.round(last.t)} s`
    : `Side ${props.side}: no samples yet`;
  return (
    <figure className="m-0 flex flex-col gap-1" data-testid={`replicas-${props.side}`}>
      <figcaption className="text-xs text-slate-700">
        <span className="font-semibold">
          {props.scale ? `Side ${props.side}: ` : ''}
          {props.policy}
        </span>{' '}
        — <span className="text-blue-700">replicas asked for</span> (step), of which{' '}
        <span className="text-emerald-700">serving</span>; the gap is{' '}
        <Term id="cold_start">cold start</Term>. <span className="text-slate-500">Grey: load.</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        className="h-auto w-full"
        role="img"
        aria-label={label}
        data-samples={props.samples.length}
        data-replicas={last ? last.serving + last.warming : 0}
        data-max-replicas={Math.max(0, ...props.samples.map((s) => s.serving + s.warming))}
      >
        <PlotFrame box={box} />
        <path d={scene.load} fill="none" stroke="#94a3b8" strokeWidth={1.5} />
        <path d={scene.asked} fill="none" stroke="#1d4ed8" strokeWidth={2} />
        <path
          d={scene.serving}
          fill="none"
          stroke="#047857"
          strokeWidth={2}
          strokeDasharray="5 3"
        />
        <text x={box.left - 4} y={box.top + 8} textAnchor="end" fontSize={10} fill="#1d4ed8">
          {scene.replicasMax}
        </text>
        <text x={box.left - 4} y={box.height - box.bottom} textAnchor="end" fontSize={10}>
          0
        </text>
        <text
          x={box.width - box.right + 4}
          y={box.top + 8}
          fontSize={10}
          fill="#475569"
        >{`${scene.loadMax}/s`}</text>
        <text
          x={box.width - box.right}
          y={box.height - 8}
          textAnchor="end"
          fontSize={10}
        >{`${scene.tMax} s`}</text>
        <text x={box.left} y={box.height - 8} fontSize={10}>
          0 s
        </text>
        <text
          x={4}
          y={box.top + 60}
          fontSize={10}
          fill="#1d4ed8"
          transform={`rotate(-90 10 ${box.top + 60})`}
        >
          replicas
        </text>
      </svg>
      {props.latest && (
        <ReplicaFigures last={props.latest} side={props.side} prices={props.prices} />
      )}
    </figure>
  );
}

/** What sizes a side's pool: a built-in's name, "your autoscaler <name>", or fixed lanes. */
function policyLabel(s: Settings, side: 'a' | 'b'): string {
  if (!s.autoscale.enabled) return 'fixed lanes';
  const { autoscaler, autoscalerSides } = policyStore.getState();
  return autoscaler && autoscalerSides.includes(side)
    ? `your autoscaler ${autoscaler.name}`
    : s.autoscale.policy;
}

function SideControls(props: { side: 'a' | 'b' | 'both'; s: Settings; label: string }) {
  const id = useId();
  const { s } = props;
  const target = props.side === 'both' ? undefined : props.side;
  const patch = (p: Partial<Settings['autoscale']>): void =>
    void applyAndReset({ autoscale: { ...s.autoscale, ...p } }, target);
  // A user autoscaler runs in simulation (live mode's pool runs the built-ins).
  const live = useApp((x) => x.mode === 'live');
  const mine = usePolicy((p) => (live ? undefined : p.autoscaler));
  const usesMine = usePolicy((p) => p.autoscalerSides.includes(props.side === 'b' ? 'b' : 'a'));
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-pol`} className="field-label">
          {props.label}
        </label>
        <select
          id={`${id}-pol`}
          className="input"
          value={mine && usesMine ? 'user' : s.autoscale.policy}
          data-testid={`autoscaler-${props.side}`}
          onChange={(e) =>
            void pickAutoscaler(props.side, e.target.value as AutoscalerName | 'user', s.autoscale)
          }
        >
          {NAMES.map((n) => (
            <option key={n} value={n}>
              {n} — {TITLES[n]}
            </option>
          ))}
          {mine && <option value="user">Your autoscaler — {mine.name}</option>}
        </select>
        {!mine && (
          <span className="hint">
            Or write your own: Write your own policy (under Scheduler), start from an autoscaler
            template, Run.
          </span>
        )}
      </div>
      <CheckedNumber
        id={`${id}-cold`}
        label={`Cold start${props.side === 'both' ? '' : ` ${props.side.toUpperCase()}`}`}
        unit="ms"
        value={s.autoscale.coldStartMs}
        min={LIMITS.coldStartMs.min}
        max={LIMITS.coldStartMs.max}
        integer
        testId={`cold-start-${props.side}`}
        onCommit={(v) => patch({ coldStartMs: v })}
      />
      <CheckedNumber
        id={`${id}-tgt`}
        label={`Target utilisation${props.side === 'both' ? '' : ` ${props.side.toUpperCase()}`}`}
        value={s.autoscale.target}
        min={LIMITS.autoscaleTarget.min}
        max={LIMITS.autoscaleTarget.max}
        step={0.05}
        testId={`target-${props.side}`}
        onCommit={(v) => patch({ target: v })}
      />
    </div>
  );
}

export const AutoscalePanel = memo(function AutoscalePanel() {
  useHistoryVersion();
  const settings = useApp((s) => s.settings);
  const compare = useApp((s) => s.compare);
  const mode = useApp((s) => s.mode);
  const base = useApp((s) => s.base);
  if (mode === 'live') {
    const on = settings.autoscale.enabled;
    return (
      <Panel
        title="Autoscaling"
        testId="autoscale-panel"
        window="since the run began"
        data={{ scaled: on ? 'true' : 'false', mode: 'live' }}
        className="gap-2"
        subtitle={
          <>
            Live: each <Term id="replica">replica</Term> the <Term id="autoscaler">autoscaler</Term>{' '}
            asks for starts a real lane worker (WASM), which loads ONNX Runtime and its models,
            creates their sessions and warms up before it serves: its{' '}
            <Term id="cold_start">cold start</Term> is measured here, not assumed. A replica let go
            ends its worker once it holds no work. At most {liveMaxCpuLanes()} on this device.
          </>
        }
      >
        {!on && (
          <p className="text-xs text-slate-700">
            Autoscaling is off: tick Autoscale CPU lanes under Lanes (Min and Max are there).
          </p>
        )}
        <SideControls side="both" s={settings} label="Autoscaler" />
        <p className="hint">
          The Cold start field is what the autoscaler plans with (the predictive policy&apos;s
          lead); live replicas serve when their worker is ready.
        </p>
        <ReplicaChart
          samples={histories.a.samples}
          latest={histories.a.latest}
          side="A"
          policy={on ? settings.autoscale.policy : 'fixed lanes'}
          prices={settings.prices}
        />
        <LiveReplicaStarts starts={frameStore.getState().frame?.live?.replicas ?? []} />
      </Panel>
    );
  }
  const a = settingsOf('a');
  const b = compare.enabled ? settingsOf('b') : null;
  const scaled = a.autoscale.enabled || (b?.autoscale.enabled ?? false);
  // Compare mode: one scale for both charts, so their heights compare.
  const both = b ? [...histories.a.samples, ...histories.b.samples] : [];
  const scale = b ? replicaScene(both) : undefined;
  const shared = scale
    ? { replicasMax: scale.replicasMax, loadMax: scale.loadMax, tMax: scale.tMax }
    : undefined;
  // A user autoscaler's status, from the latest frame (this panel re-renders 4 times a second).
  const frame = frameStore.getState().frame;
  const frameA = frame ?? undefined;
  const frameB = frame && b ? frameOfSide(frame, 'b') : undefined;
  return (
    <Panel
      title="Autoscaling"
      testId="autoscale-panel"
      window="since the run began"
      data={{ scaled: scaled ? 'true' : 'false' }}
      className="gap-2"
      subtitle={
        <>
          An <Term id="autoscaler">autoscaler</Term> sizes a pool of CPU{' '}
          <Term id="replica">replicas</Term>; each one asked for serves only after its{' '}
          <Term id="cold_start">cold start</Term>. Reactive rules scale once the load is there, a
          cold start late; the predictive one forecasts the{' '}
          <Term id="daily_cycle">daily cycle</Term>. Cost is every lane's replica-seconds at your{' '}
          <Term id="price_per_hour">price per replica-hour</Term>.
        </>
      }
    >
      <AutoscalePresets />
      {!scaled && (
        <p className="text-xs text-slate-700">
          Autoscaling is off: pick an autoscaler below (or tick Autoscale CPU lanes under Lanes,
          where Min and Max are).
        </p>
      )}
      {b ? (
        <>
          <SideControls side="a" s={a} label="Autoscaler A" />
          <SideControls side="b" s={b} label="Autoscaler B" />
        </>
      ) : (
        <SideControls side="both" s={a} label="Autoscaler" />
      )}
      {a.autoscale.enabled && (
        <p className="text-xs text-slate-700" data-testid="cold-start-source">
          {b ? 'Side A: ' : ''}
          {coldStartSource(a, base).text}
        </p>
      )}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        <LoadShapeSelect shape={settings.loadShape} />
        <PriceControls prices={settings.prices} />
      </div>
      <ReplicaChart
        samples={histories.a.samples}
        latest={histories.a.latest}
        side="A"
        policy={policyLabel(a, 'a')}
        prices={settings.prices}
        {...(shared ? { scale: shared } : {})}
      />
      {frameA?.autoscalerPolicy && (
        <UserAutoscalerStatus status={frameA.autoscalerPolicy} side="A" />
      )}
      {b && (
        <ReplicaChart
          samples={histories.b.samples}
          latest={histories.b.latest}
          side="B"
          policy={policyLabel(b, 'b')}
          prices={settings.prices}
          {...(shared ? { scale: shared } : {})}
        />
      )}
      {frameB?.autoscalerPolicy && (
        <UserAutoscalerStatus status={frameB.autoscalerPolicy} side="B" />
      )}
      {b && <AutoscaleVerdict />}
    </Panel>
  );
});
