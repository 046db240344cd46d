// The headline figures, written straight into the DOM on animation frames (they change every
// frame; React renders them once). In compare mode there is a row per side (`side`): B's figures
// carry test ids `figure-b-*`.

import { memo, useRef } from 'react';
import { frameOfSide, frameStore } from '../state/frame-store.ts';
import { SideSwatch } from './compare-controls.tsx';
import { useFrameLayer } from '../use-layer.ts';
import { formatCount, formatMs, formatRate } from '../format.ts';

interface Figure {
  id: string;
  label: string;
  hint: string;
}

const FIGURES: Figure[] = [
  { id: 'completed', label: 'Jobs completed', hint: 'since the run began' },
  { id: 'throughput', label: 'Throughput', hint: `jobs/s, last 5 s` },
  { id: 'p99-interactive', label: 'p99 interactive', hint: 'last 5 s' },
  { id: 'p99-batch', label: 'p99 batch', hint: 'last 5 s' },
  { id: 'queued', label: 'Queued', hint: 'jobs waiting now' },
  { id: 'slo-interactive', label: 'SLO misses', hint: 'interactive, last 5 s' },
];

export const LiveNumbers = memo(function LiveNumbers(props: { side?: 'a' | 'b' }) {
  const root = useRef<HTMLDListElement>(null);
  const title = useRef<HTMLSpanElement>(null);
  const side = props.side;
  useFrameLayer(
    () => {
      const el = root.current;
      const frame = frameStore.getState().frame;
      const f = frame && frameOfSide(frame, side ?? 'a');
      if (!el || !f) return;
      if (side && title.current) {
        const t = `${side.toUpperCase()} · ${f.scheduler}`;
        if (title.current.textContent !== t) title.current.textContent = t;
      }
      const set = (id: string, text: string): void => {
        const node = el.querySelector<HTMLElement>(`[data-figure="${id}"]`);
        if (node && node.textContent !== text) node.textContent = text;
      };
      set('completed', formatCount(f.ledger.completed));
      set('throughput', formatRate(f.throughput));
      set('p99-interactive', formatMs(f.recent[0].p99));
      set('p99-batch', formatMs(f.recent[1].p99));
      set('queued', formatCount(f.ledger.queued));
      set('slo-interactive', `${(f.recentViolationRate[0] * 100).toFixed(1)} %`);
    },
    [side],
    100,
  );
  const figures = (
    <dl
      ref={root}
      className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-6"
      aria-label={side ? `Live figures of side ${side.toUpperCase()}` : 'Live figures'}
    >
      {FIGURES.map((f) => (
        <div key={f.id} className="rounded-md border border-slate-200 bg-white px-3 py-2">
          <dt className="text-xs font-medium text-slate-500">
            {f.label} <span className="font-normal text-slate-400">({f.hint})</span>
          </dt>
          <dd
            className="tabular text-xl font-semibold"
            data-figure={f.id}
            data-testid={side === 'b' ? `figure-b-${f.id}` : `figure-${f.id}`}
          >
            –
          </dd>
        </div>
      ))}
    </dl>
  );
  if (!side) return figures;
  return (
    <section className="flex flex-col gap-1" data-side={side}>
      <h2 className="flex items-center gap-1.5 text-xs font-semibold text-slate-700">
        <SideSwatch side={side} />
        <span ref={title} data-testid={`side-title-${side}`}>
          {side.toUpperCase()}
        </span>
      </h2>
      {figures}
    </section>
  );
});
