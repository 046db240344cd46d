// The LLM mode's headline numbers: goodput, TTFT p99 and TPOT p99 against their SLOs, preemptions,
// KV cache in use, tokens per second, batch size, and the request ledger. Read from the latest
// frame at most 5 times a second (a number that changes 60 times a second cannot be read).

import { memo, useEffect, useState, type ReactNode } from 'react';
import { formatClock, formatCount, formatMs, formatRate } from '../format.ts';
import { llmFrames } from './llm-store.ts';
import { Term, type GlossaryKey } from './glossary.tsx';
import type { LlmFrame } from '../../src/workers/llm-protocol.ts';

const EVERY_MS = 200;

export interface Headline {
  time: number;
  goodput: number;
  attainment: number;
  ttftP99: number;
  tpotP99: number;
  ttftSlo: number;
  tpotSlo: number;
  preemptions: number;
  kvUsed: number;
  kvTotal: number;
  /** The most blocks in use at once since the run began (summed over lanes). */
  kvPeak: number;
  tokensPerS: number;
  meanBatch: number;
  arrived: number;
  completed: number;
  queued: number;
  running: number;
  rejected: number;
  scheduler: string;
  rate: number;
}

/** The figures of a frame (interactive class: the presets send interactive requests only). */
export function headline(f: LlmFrame): Headline {
  const completed = f.completed[0] + f.completed[1];
  const good = f.good[0] + f.good[1];
  let kvUsed = 0;
  let kvTotal = 0;
  let kvPeak = 0;
  for (const l of f.lanes) {
    kvPeak += l.peak;
    kvUsed += l.used;
    kvTotal += l.blocks;
  }
  return {
    time: f.time,
    goodput: f.time > 0 ? (good * 1000) / f.time : 0,
    attainment: completed > 0 ? good / completed : 0,
    ttftP99: f.ttft[0].p99,
    tpotP99: f.tpot[0].p99,
    ttftSlo: f.slo.ttftMs[0],
    tpotSlo: f.slo.tpotMs[0],
    preemptions: f.preemptions,
    kvUsed,
    kvTotal,
    kvPeak,
    tokensPerS: f.tokensPerS,
    meanBatch: f.meanBatch,
    arrived: f.ledger.arrived,
    completed: f.ledger.completed,
    queued: f.ledger.queued,
    running: f.ledger.running,
    rejected: f.ledger.rejected,
    scheduler: f.scheduler,
    rate: f.rate,
  };
}

function Figure(props: {
  term: GlossaryKey;
  label: string;
  testId: string;
  value: string;
  note?: ReactNode;
  bad?: boolean;
}) {
  return (
    <div className="flex min-w-[8.5rem] flex-col rounded-md border border-slate-200 bg-white px-2 py-1">
      <span className="text-[11px] text-slate-500">
        <Term k={props.term}>{props.label}</Term>
      </span>
      <span
        className={`tabular text-base font-semibold ${props.bad ? 'text-red-700' : 'text-slate-900'}`}
        data-testid={props.testId}
      >
        {props.value}
      </span>
      {props.note !== undefined && <span className="text-[11px] text-slate-500">{props.note}</span>}
    </div>
  );
}

export const LlmNumbers = memo(function LlmNumbers() {
  const [h, setH] = useState<Headline | null>(() =>
    llmFrames.latest ? headline(llmFrames.latest) : null,
  );
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = (): void => {
      timer = undefined;
      last = performance.now();
      const f = llmFrames.latest;
      if (f) setH(headline(f));
    };
    const off = llmFrames.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(update, Math.max(0, EVERY_MS - (performance.now() - last)));
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
  if (h === null) return <p className="text-sm text-slate-500">Starting the LLM run…</p>;
  const kvShare = h.kvTotal > 0 ? h.kvUsed / h.kvTotal : 0;
  return (
    <section aria-label="LLM headline numbers" className="flex flex-wrap gap-2">
      <Figure
        term="goodput"
        label="Goodput"
        testId="llm-goodput"
        value={`${formatRate(h.goodput)} req/s`}
        note={`${(h.attainment * 100).toFixed(0)} % of completed met both SLOs`}
      />
      <Figure
        term="ttft"
        label="TTFT p99"
        testId="llm-ttft-p99"
        value={formatMs(h.ttftP99)}
        note={`SLO ${formatMs(h.ttftSlo)}`}
        bad={h.ttftP99 > h.ttftSlo}
      />
      <Figure
        term="tpot"
        label="TPOT p99"
        testId="llm-tpot-p99"
        value={formatMs(h.tpotP99)}
        note={`SLO ${formatMs(h.tpotSlo)}`}
        bad={h.tpotP99 > h.tpotSlo}
      />
      <Figure
        term="preemptions"
        label="Preemptions"
        testId="llm-preemptions"
        value={formatCount(h.preemptions)}
        bad={h.preemptions > 0}
      />
      <Figure
        term="kvInUse"
        label="KV cache in use"
        testId="llm-kv-in-use"
        value={`${(kvShare * 100).toFixed(0)} %`}
        note={`${formatCount(h.kvUsed)} of ${formatCount(h.kvTotal)} blocks`}
      />
      <Figure
        term="tokensPerS"
        label="Tokens/s"
        testId="llm-tokens-per-s"
        value={formatCount(h.tokensPerS)}
        note={
          <>
            <Term k="batch">batch</Term> {h.meanBatch.toFixed(1)} req/step
          </>
        }
      />
      <Figure
        term="ledger"
        label="Requests"
        testId="llm-ledger"
        value={`${formatCount(h.completed)} done`}
        note={`${formatCount(h.arrived)} arrived · ${formatCount(h.queued)} queued · ${formatCount(h.running)} running · ${formatCount(h.rejected)} rejected · ${formatClock(h.time)} simulated`}
      />
    </section>
  );
});
