// The headline figures, written straight into the DOM on animation frames (they change every
// frame; React renders them once). Each card says the window its figure covers in the one label
// style (WindowTag), its jargon explained on hover and tap (Term); a latency with no job behind it
// reads "—" with why, never "0 ms". In compare mode there is a row per side (`side`): B's figures
// carry test ids `figure-b-*`.

import { memo, useRef, type ReactNode } from 'react';
import type { SideFrame } from '../../src/workers/protocol.ts';
import { frameOfSide, frameStore } from '../state/frame-store.ts';
import { SideSwatch } from './compare-controls.tsx';
import { useFrameLayer } from '../use-layer.ts';
import { NO_DATA, formatCount, formatMs, formatRate } from '../format.ts';
import { WindowTag } from './panel.tsx';
import { Term } from './term.tsx';

interface Figure {
  id: string;
  label: ReactNode;
  window: string;
  /** The figure's text, and a note under it (why there is no figure). */
  read(f: SideFrame): { value: string; note?: string };
}

const RECENT = 'last 5 s';

/** p99 of a class over the recent window, or why there is none. */
function p99(f: SideFrame, cls: 0 | 1): { value: string; note?: string } {
  const v = f.recent[cls].p99;
  if (Number.isFinite(v)) return { value: formatMs(v) };
  const missed = f.recentViolationRate[cls] > 0;
  return {
    value: NO_DATA,
    note: missed
      ? `none finished in the ${RECENT}; some were turned away`
      : `none finished in the ${RECENT}`,
  };
}

const FIGURES: Figure[] = [
  {
    id: 'completed',
    label: 'Jobs completed',
    window: 'since the run began',
    read: (f) => ({ value: formatCount(f.ledger.completed) }),
  },
  {
    id: 'throughput',
    label: (
      <>
        <Term id="throughput">Throughput</Term> (jobs/s)
      </>
    ),
    window: RECENT,
    read: (f) => ({ value: formatRate(f.throughput) }),
  },
  {
    id: 'p99-interactive',
    label: (
      <>
        <Term id="p99" /> <Term id="interactive" />
      </>
    ),
    window: RECENT,
    read: (f) => p99(f, 0),
  },
  {
    id: 'p99-batch',
    label: (
      <>
        <Term id="p99" /> <Term id="batch" />
      </>
    ),
    window: RECENT,
    read: (f) => p99(f, 1),
  },
  {
    id: 'queued',
    label: (
      <>
        Waiting in the <Term id="queue">queue</Term>
      </>
    ),
    window: 'now',
    read: (f) => ({ value: formatCount(f.ledger.queued) }),
  },
  {
    id: 'slo-interactive',
    label: (
      <>
        <Term id="sloMisses" />, interactive
      </>
    ),
    window: RECENT,
    read: (f) => ({ value: `${(f.recentViolationRate[0] * 100).toFixed(1)} %` }),
  },
  {
    id: 'turned-away',
    label: <Term id="turnedAway">Turned away</Term>,
    window: 'since the run began',
    read: (f) => ({ value: formatCount(f.ledger.rejected + f.ledger.dropped) }),
  },
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
      for (const fig of FIGURES) {
        const { value, note = '' } = fig.read(f);
        const node = el.querySelector<HTMLElement>(`[data-figure="${fig.id}"]`);
        if (node && node.textContent !== value) node.textContent = value;
        const noteNode = el.querySelector<HTMLElement>(`[data-note="${fig.id}"]`);
        if (noteNode && noteNode.textContent !== note) noteNode.textContent = note;
      }
      const away = f.ledger.rejected + f.ledger.dropped;
      el.dataset['turnedAway'] = away > 0 ? 'true' : 'false';
    },
    [side],
    100,
  );
  const figures = (
    <dl
      ref={root}
      className="figures grid gap-2"
      aria-label={side ? `Live figures of side ${side.toUpperCase()}` : 'Live figures'}
    >
      {FIGURES.map((f) => (
        <div
          key={f.id}
          className="figure rounded-md border border-slate-200 bg-white px-3 py-1.5"
          data-card={f.id}
        >
          <dt className="flex flex-wrap items-center gap-x-1.5 text-xs font-medium text-slate-600">
            <span>{f.label}</span>
            <WindowTag>{f.window}</WindowTag>
          </dt>
          <dd
            className="tabular text-xl font-semibold"
            data-figure={f.id}
            data-testid={side === 'b' ? `figure-b-${f.id}` : `figure-${f.id}`}
          >
            –
          </dd>
          <dd className="text-[11px] leading-tight text-slate-600" data-note={f.id} />
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
