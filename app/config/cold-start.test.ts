// Calibrate's measured cold start reaches the simulation: "Use in simulation" sets the replicas'
// cold start to the CPU lane's measurement, and the panel's sentence says where the value comes from.

import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/engine/config.ts';
import { coldStartSource, withCalibratedColdStart } from './cold-start.ts';
import { buildConfig, DEFAULT_SETTINGS, type Settings } from './settings.ts';

const scaled: Settings = {
  ...DEFAULT_SETTINGS,
  autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true },
};
const calibrated = {
  ...buildConfig(scaled),
  service: {
    dist: 'profile' as const,
    gpu_speedup: 1 as const,
    profile: { resnet18: { cpu: { '1': 20 } } },
    cold_start_ms: { cpu: 849.6, gpu: 4100 },
  },
};

describe('a calibrated cold start', () => {
  it('becomes the replicas cold start in the simulation, and the panel says it was measured', () => {
    const s = withCalibratedColdStart(scaled, calibrated);
    expect(s.autoscale.coldStartMs).toBe(850);
    const checked = checkConfig(buildConfig(s, calibrated));
    expect(checked.ok && checked.config.autoscale.startup_ms).toBe(850);
    expect(coldStartSource(s, calibrated).text).toMatch(
      /^cold start: 850 ms, measured by Calibrate/,
    );
  });

  it('leaves the config value where the calibration measured none, and says so', () => {
    const plain = { ...calibrated, service: { dist: 'deterministic' as const, mean_ms: 5 } };
    expect(withCalibratedColdStart(scaled, plain)).toBe(scaled);
    expect(coldStartSource(scaled, plain).text).toMatch(/^cold start: 500 ms, the config's value/);
    // A value typed over the measured one is the config's again.
    const typed = { ...scaled, autoscale: { ...scaled.autoscale, coldStartMs: 1200 } };
    expect(coldStartSource(typed, calibrated)).toMatchObject({ measured: false, ms: 1200 });
  });
});
