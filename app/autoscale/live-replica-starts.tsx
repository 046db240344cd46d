// Live mode's replica starts, in the autoscaling panel: each replica the autoscaler asked for is a
// real lane worker, and this table shows what its start cost on this device (the measured cold
// start and its parts: the worker's spawn, loading the runtime and models with session creation,
// the warm-up runs), whether it serves, was let go (its worker ended) or failed (and why).

import type { ReplicaStart } from '../../src/workers/lanes/lane-protocol.ts';
import { Term } from '../components/term.tsx';

const STATE_TEXT: Record<ReplicaStart['state'], string> = {
  warming: 'cold start under way',
  serving: 'serving',
  stopped: 'let go: worker ended',
  cancelled: 'let go before ready: worker ended',
  failed: 'start failed',
};

const ms = (v: number | undefined): string =>
  v === undefined ? '–' : Math.round(v).toLocaleString('en-US');

/** Median of the measured cold starts, ms (undefined before the first). */
export function medianColdStart(starts: readonly ReplicaStart[]): number | undefined {
  const v = starts
    .map((s) => s.coldStartMs)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function LiveReplicaStarts({ starts }: { starts: readonly ReplicaStart[] }) {
  if (starts.length === 0) {
    return (
      <p className="text-xs text-slate-700" data-testid="replica-starts" data-count={0}>
        No replica asked for yet: when the autoscaler adds one, its lane worker&apos;s start is
        timed here.
      </p>
    );
  }
  const median = medianColdStart(starts);
  return (
    <div className="flex flex-col gap-1" data-testid="replica-starts" data-count={starts.length}>
      <p className="text-xs text-slate-700">
        {starts.length} replica start{starts.length === 1 ? '' : 's'}
        {median !== undefined && (
          <>
            ; measured <Term id="cold_start">cold start</Term> median {ms(median)} ms (spawn: the
            worker starts; load: ONNX Runtime, the models, their sessions; warm-up: the warm-up
            runs)
          </>
        )}
        .
      </p>
      <div className="overflow-x-auto">
        <table className="tabular w-full text-left text-xs">
          <thead className="text-slate-600">
            <tr>
              <th className="pr-2 font-medium">Replica</th>
              <th className="pr-2 font-medium">Asked for</th>
              <th className="pr-2 font-medium">State</th>
              <th className="pr-2 text-right font-medium">Cold start ms</th>
              <th className="pr-2 text-right font-medium">Spawn</th>
              <th className="pr-2 text-right font-medium">Load</th>
              <th className="pr-2 text-right font-medium">Warm-up</th>
            </tr>
          </thead>
          <tbody>
            {starts.map((s, i) => (
              <tr
                key={`${s.lane}-${s.askedAtMs}`}
                data-testid={`replica-start-${i}`}
                data-lane={s.lane}
                data-state={s.state}
                data-cold-start-ms={s.coldStartMs ?? ''}
              >
                <td className="pr-2 font-mono">{s.lane}</td>
                <td className="pr-2">{(s.askedAtMs / 1000).toFixed(1)} s</td>
                <td className={`pr-2 ${s.state === 'failed' ? 'text-red-700' : ''}`}>
                  {STATE_TEXT[s.state]}
                  {s.reason ? `: ${s.reason}` : ''}
                </td>
                <td className="pr-2 text-right">{ms(s.coldStartMs)}</td>
                <td className="pr-2 text-right">{ms(s.parts?.spawnMs)}</td>
                <td className="pr-2 text-right">{ms(s.parts?.loadMs)}</td>
                <td className="pr-2 text-right">{ms(s.parts?.warmupMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
