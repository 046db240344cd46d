// Where the simulation's replica cold start comes from: the Cold start field (the config's value),
// or this device's lanes as Calibrate measured them (spawn to first warm inference, per lane kind).
// "Use in simulation" after a Calibrate that measured a CPU cold start sets the field to it, so the
// simulated replicas wait what a real lane worker took here; the autoscaling panel says which.

import type { ConfigInput } from '../../src/engine/config.ts';
import type { Settings } from './settings.ts';

/** The calibration's measured cold start of a CPU lane in `base`'s service model, ms. */
export function calibratedColdStartMs(base: ConfigInput | undefined): number | undefined {
  const service = base?.service as { cold_start_ms?: { cpu?: unknown } } | undefined;
  const ms = service?.cold_start_ms?.cpu;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** Settings that use a calibration's measured CPU cold start, when it has one. */
export function withCalibratedColdStart(settings: Settings, base: ConfigInput): Settings {
  const ms = calibratedColdStartMs(base);
  return ms === undefined
    ? settings
    : { ...settings, autoscale: { ...settings.autoscale, coldStartMs: ms } };
}

/** What the panel says of the simulation's cold start: its value and where it comes from. */
export function coldStartSource(
  settings: Settings,
  base: ConfigInput | undefined,
): { ms: number; measured: boolean; text: string } {
  const ms = settings.autoscale.coldStartMs;
  const measured = calibratedColdStartMs(base) === ms;
  const value = `${ms.toLocaleString('en-US')} ms`;
  return {
    ms,
    measured,
    text: measured
      ? `cold start: ${value}, measured by Calibrate (a CPU lane worker's start to its first warm inference on this device)`
      : `cold start: ${value}, the config's value (set in Cold start; Calibrate measures this device's)`,
  };
}
