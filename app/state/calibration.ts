// Calibrate → "Use in simulation": the measured profile becomes the simulation's service model, and
// a measured CPU cold start becomes the autoscaled replicas' cold start (config/cold-start.ts). One
// function for the button and the browser tests' hook.

import type { ProfileService } from '../../src/profiler/profile-table.ts';
import { withCalibratedColdStart } from '../config/cold-start.ts';
import { buildConfig } from '../config/settings.ts';
import { loadSettings } from './actions.ts';
import { appStore } from './app-store.ts';

export function applyCalibration(service: ProfileService): Promise<boolean> {
  const { settings, base } = appStore.getState();
  const config = { ...buildConfig(settings, base), service };
  return loadSettings(withCalibratedColdStart(settings, config), {
    config,
    name: 'calibrated profile',
  });
}
