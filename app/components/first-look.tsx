// The first look: what a newcomer sees before any chart. One sentence about what is happening
// (narration/narrate.ts), the drawn queue, the headline figures, and after a scheduler switch its
// before and since. Request mode's picture; another workload kind (LLM serving) brings its own
// picture and figures into this place (app.tsx chooses the view).

import { memo, useRef, useState } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { isSchedulerName, policyTitle } from '../../src/engine/schedulers/registry.ts';
import { Narrator, type Narration } from '../narration/narrate.ts';
import { QUEUE_CAPACITY, servingCapacityPerS } from '../config/settings.ts';
import { formatClock, formatMs } from '../format.ts';
import { appStore } from '../state/app-store.ts';
import { frameStore } from '../state/frame-store.ts';
import { useFrameLayer } from '../use-layer.ts';
import { LiveNumbers } from './live-numbers.tsx';
import { Panel } from './panel.tsx';
import { QueueView } from './queue-view.tsx';
import { Term } from './term.tsx';

/** A policy's plain name: a built-in's title, or a user policy's own name. */
export function schedulerTitle(name: string): string {
  return isSchedulerName(name) ? policyTitle(name) : name;
}

/** The narrator's reading of a frame (side A's: the first look follows one run). */
export function narrationInput(f: FrameMessage) {
  const { settings, base } = appStore.getState();
  const sw = f.switched;
  return {
    time: f.time,
    runId: f.runId,
    rate: f.rate,
    capacity: servingCapacityPerS(settings, f.lanes),
    queued: f.ledger.queued,
    queueCapacity: base?.queue?.capacity ?? QUEUE_CAPACITY,
    turnedAway: f.ledger.rejected + f.ledger.dropped,
    completed: f.ledger.completed,
    lanes: f.lanes,
    speed: f.speed,
    title: schedulerTitle,
    ...(sw
      ? {
          switched: {
            t: sw.t,
            from: sw.from,
            to: sw.to,
            before: [sw.percentiles.before[0].p99, sw.percentiles.before[1].p99] as const,
            after: [sw.percentiles.after[0].p99, sw.percentiles.after[1].p99] as const,
          },
        }
      : {}),
  };
}

const TONES: Record<Narration['tone'], string> = {
  info: 'border-sky-300 bg-sky-50 text-sky-950',
  good: 'border-emerald-300 bg-emerald-50 text-emerald-950',
  warn: 'border-amber-300 bg-amber-50 text-amber-950',
  alert: 'border-red-300 bg-red-50 text-red-950',
};

/** The sentence, rewritten four times a second; screen readers hear it when its story changes. */
export const NarrationLine = memo(function NarrationLine() {
  const narrator = useRef(new Narrator());
  const [said, setSaid] = useState<Narration | null>(null);
  const [announced, setAnnounced] = useState('');
  const last = useRef<Narration | null>(null);
  useFrameLayer(
    () => {
      const f = frameStore.getState().frame;
      if (!f) return;
      const n = narrator.current.update(narrationInput(f));
      const was = last.current;
      if (was && was.kind === n.kind && was.text === n.text) return;
      last.current = n;
      setSaid(n);
      // Announce a new story only, not every count inside it.
      if (was?.kind !== n.kind) setAnnounced(n.text);
    },
    [],
    250,
  );
  return (
    <>
      <p
        className={`narration rounded-md border px-3 py-2 ${TONES[said?.tone ?? 'info']}`}
        data-testid="narration"
        data-kind={said?.kind ?? 'idle'}
      >
        {said?.text ?? 'Starting the engine…'}
      </p>
      <p className="sr-only" aria-live="polite">
        {announced}
      </p>
    </>
  );
});

/** After a scheduler switch: the percentiles of the jobs that finished before it and since. */
export const SwitchPanel = memo(function SwitchPanel() {
  const [view, setView] = useState<FrameMessage['switched']>(undefined);
  const last = useRef('');
  useFrameLayer(
    () => {
      const sw = frameStore.getState().frame?.switched;
      const key = sw
        ? `${sw.t}|${sw.to}|${sw.percentiles.after.map((p) => p.p99.toFixed(1)).join()}`
        : '';
      if (key === last.current) return;
      last.current = key;
      setView(sw);
    },
    [],
    500,
  );
  if (!view) return null;
  const rows = [
    ['interactive', 0],
    ['batch', 1],
  ] as const;
  return (
    <Panel
      title="Before and since the switch"
      window={`switch at ${formatClock(view.t)}`}
      subtitle={`${schedulerTitle(view.from)} → ${schedulerTitle(view.to)}; jobs that finished before it against those since, never mixed`}
      testId="switch-panel"
    >
      <table className="tabular w-full max-w-xl text-sm">
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th className="font-medium">class</th>
            <th className="text-right font-medium">
              <Term id="p99">p50</Term> before
            </th>
            <th className="text-right font-medium">since</th>
            <th className="text-right font-medium">
              <Term id="p99">p99</Term> before
            </th>
            <th className="text-right font-medium">since</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, cls]) => (
            <tr key={name} data-class={name}>
              <td>{name}</td>
              <td className="text-right">{formatMs(view.percentiles.before[cls].p50)}</td>
              <td className="text-right font-semibold">
                {formatMs(view.percentiles.after[cls].p50)}
              </td>
              <td className="text-right">{formatMs(view.percentiles.before[cls].p99)}</td>
              <td className="text-right font-semibold" data-testid={`switch-after-p99-${name}`}>
                {formatMs(view.percentiles.after[cls].p99)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
});

/** The narration, the drawn queue and the headline figures. */
export const FirstLook = memo(function FirstLook() {
  return (
    <>
      <Panel title="What is happening" hideTitle testId="first-look" className="gap-2">
        <NarrationLine />
        <QueueView />
      </Panel>
      <LiveNumbers />
      <SwitchPanel />
    </>
  );
});
