// The figures under the autoscaling panel's charts, and the controls beside them: the pool now, its
// replica-seconds and what they cost at the person's prices (cost per 1,000 requests), the price
// fields (USD per CPU- and GPU-class replica-hour, both sides), and a user autoscaler's decisions
// and problems by line. Split from autoscale-panel.tsx, which lays them out.

import { useId } from 'react';
import type { PolicyStatus } from '../../src/workers/protocol.ts';
import type { PolicyProblem } from '../../src/engine/policy-api/status.ts';
import { PolicyProblems } from '../policy/policy-problems.tsx';
import { priceOf } from '../config/prices.ts';
import { LIMITS, type Prices } from '../config/settings.ts';
import { Term } from '../components/term.tsx';
import { setPrices } from '../state/actions.ts';
import { CheckedNumber } from './checked-input.tsx';
import type { ReplicaSample } from './replica-history.ts';

/** A user autoscaler's problem in the panel's words: a decision that failed kept the pool's size. */
function poolKept(p: PolicyProblem): string {
  const where = p.line !== undefined ? `Line ${p.line}: ` : '';
  const what = p.kind === 'timeout' ? `time limit: ${p.message}` : p.message;
  const times = p.count > 1 ? ` (${p.count.toLocaleString('en')} times)` : '';
  return `${where}${what}${times}; the pool kept its size`;
}

/** A user autoscaler's decisions and problems (by line), from the side's latest frame. */
export function UserAutoscalerStatus({ status, side }: { status: PolicyStatus; side: string }) {
  return (
    <div className="text-xs text-slate-700" data-testid={`user-autoscaler-status-${side}`}>
      <p>
        Your autoscaler <strong>{status.name}</strong>: {status.decisions.toLocaleString('en')}{' '}
        decisions
        {status.fallbacks > 0
          ? `, ${status.fallbacks.toLocaleString('en')} kept the pool's size after a problem`
          : ''}
        .
      </p>
      <PolicyProblems
        status={status}
        describe={poolKept}
        testId={`user-autoscaler-problems-${side}`}
      />
    </div>
  );
}

/** The pool now, its replica-seconds and what they cost at the person's prices. */
export function ReplicaFigures({
  last,
  side,
  prices,
}: {
  last: ReplicaSample;
  side: string;
  prices: Prices;
}) {
  const cost = priceOf({ cpu: last.cpuS, gpu: last.gpuS }, last.completed, prices);
  const usd = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
  return (
    <p
      className="tabular text-xs text-slate-700"
      data-testid={`replica-figures-${side}`}
      data-cost-per-1000={cost.per1000 ?? ''}
    >
      Now {last.serving + last.warming} asked for ({last.warming} in cold start, {last.draining}{' '}
      draining) · {Math.round(last.replicaS).toLocaleString('en-US')}{' '}
      <Term id="replica_seconds">replica-seconds</Term> so far ·{' '}
      <span data-testid={`cost-per-1000-${side}`}>
        {cost.per1000 === null ? 'no request completed yet' : `${usd(cost.per1000)} USD`}
      </span>{' '}
      per 1,000 requests (all lanes: {Math.round(last.cpuS).toLocaleString('en-US')} CPU and{' '}
      {Math.round(last.gpuS).toLocaleString('en-US')} GPU replica-seconds, {usd(cost.total)} USD)
    </p>
  );
}

/** What a replica-hour costs, by lane kind: both sides (a price is the market's, not a side's). */
export function PriceControls({ prices }: { prices: Prices }) {
  const id = useId();
  return (
    <>
      {(['cpu', 'gpu'] as const).map((kind) => (
        <CheckedNumber
          key={kind}
          id={`${id}-${kind}`}
          label={`${kind.toUpperCase()} replica-hour`}
          unit="USD"
          value={prices[kind]}
          min={LIMITS.pricePerHour.min}
          max={LIMITS.pricePerHour.max}
          step="any"
          testId={`price-${kind}`}
          onCommit={(v) => setPrices({ ...prices, [kind]: v })}
        />
      ))}
    </>
  );
}
