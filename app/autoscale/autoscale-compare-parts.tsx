// The autoscaling panel's compare parts: the load shape, the two compare presets (HPA against
// predictive on the daily cycle and on the Twitter-like day) and the verdict over seeds when both
// sides autoscale (SLO attainment and replica-seconds lead). Apart from autoscale-panel.tsx, which
// draws each side's controls and chart.

import { useId } from 'react';
import { verdictSentence } from '../../src/engine/compare-seeds.ts';
import { DAILY_PERIOD_S } from '../config/load-shape.ts';
import type { LoadShape } from '../config/settings.ts';
import { WindowTag } from '../components/panel.tsx';
import { Term } from '../components/term.tsx';
import { applyAndReset } from '../state/actions.ts';
import { startComparison } from '../state/compare-actions.ts';
import { useVerdict } from '../state/verdict.ts';
import { PRESET_A, PRESET_B, TWITTER_PRESET_A, TWITTER_PRESET_B } from './compare-preset.ts';

/** The arrivals' shape over the run: steady, the daily cycle or the Twitter-like day. */
export function LoadShapeSelect({ shape }: { shape: LoadShape }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={`${id}-shape`} className="field-label">
        Load shape
      </label>
      <select
        id={`${id}-shape`}
        className="input"
        value={shape}
        data-testid="load-shape"
        onChange={(e) => void applyAndReset({ loadShape: e.target.value as LoadShape })}
      >
        <option value="steady">steady (Poisson at the arrival rate)</option>
        <option value="daily">daily cycle: a day in {DAILY_PERIOD_S / 60} min, peak = rate</option>
        <option value="twitter">
          Twitter-like day (synthetic): a day in {DAILY_PERIOD_S / 60} min, evening peak = rate, a
          burst to 2× rate
        </option>
      </select>
    </div>
  );
}

/** One click to a side-by-side comparison of the HPA and the predictive autoscaler. */
export function AutoscalePresets() {
  return (
    <div className="flex flex-wrap items-end gap-2">
      <button
        type="button"
        className="btn"
        data-testid="autoscaler-compare-preset"
        onClick={() => void startComparison({ a: PRESET_A, b: PRESET_B, playing: true })}
      >
        Autoscaler compare: HPA vs predictive
      </button>
      <button
        type="button"
        className="btn"
        data-testid="autoscaler-twitter-preset"
        onClick={() =>
          void startComparison({ a: TWITTER_PRESET_A, b: TWITTER_PRESET_B, playing: true })
        }
      >
        HPA vs predictive on a Twitter-like day
      </button>
      <span className="hint">
        The same load on both sides (the <Term id="daily_cycle">daily cycle</Term> or a{' '}
        <Term id="twitter_day">Twitter-like day</Term>), 30 s cold start; the verdict pairs{' '}
        <Term id="slo_attainment">SLO attainment</Term> and{' '}
        <Term id="replica_seconds">replica-seconds</Term> over seeds.
      </span>
    </div>
  );
}

/** Both sides autoscale in compare mode: the verdict's SLO attainment and replica-seconds rows. */
export function AutoscaleVerdict() {
  const verdict = useVerdict((v) => v);
  const rows = verdict.metrics.filter((m) => m.id === 'slo_attainment' || m.id === 'replica_s');
  return (
    <div className="text-xs" data-testid="autoscale-verdict" data-status={verdict.status}>
      <span className="font-semibold">Over seeds</span>{' '}
      <WindowTag>{`${verdict.seeds.length} seeds`}</WindowTag>{' '}
      {verdict.status === 'running' &&
        `running seed ${Math.min(verdict.done + 1, verdict.seeds.length)} of ${verdict.seeds.length}…`}
      {verdict.status === 'error' && `could not run: ${verdict.problems.join('; ')}`}
      {verdict.status === 'ready' &&
        rows.length === 0 &&
        'both sides must autoscale for these figures.'}
      {verdict.status === 'ready' && (
        <ul className="ml-4 list-disc">
          {rows.map((m) => (
            <li key={m.id} data-metric={m.id}>
              {verdictSentence(m, verdict.seeds.length)}.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
