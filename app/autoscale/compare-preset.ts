// The "Autoscaler compare" preset: the Kubernetes HPA (side A) against the predictive autoscaler
// (side B) on the same daily cycle (a day compressed into 10 simulated minutes, replayed), CPU
// replicas with a 30 s cold start. Compare mode's verdict then pairs their SLO attainment and
// replica-seconds over seeds. The headless test (compare-preset.test.ts) and lesson 09 assert what
// it shows: the forecast starts replicas before each morning ramp, the HPA a cold start late.

import { DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import type { SideOverrides } from '../config/compare-settings.ts';

/** Side A: the HPA at 70 % target utilisation, 1 to 12 CPU replicas, 30 s cold start. */
export const PRESET_A: Settings = {
  ...DEFAULT_SETTINGS,
  rate: 120,
  loadShape: 'daily',
  interactiveRatio: 0.5,
  // ResNet-50 and ViT: a CPU replica serves about 40 requests/s.
  mix: { ...DEFAULT_SETTINGS.mix, resnet18: 0, resnet50: 1, vit_s16: 1 },
  gpuLanes: 0,
  cpuLanes: 1,
  backupLanes: 0,
  scheduler: 'fifo',
  autoscale: { enabled: true, min: 1, max: 12, policy: 'hpa', coldStartMs: 30_000, target: 0.7 },
  speed: 40,
};

/** Side B: the same pool under the predictive autoscaler. */
export const PRESET_B: SideOverrides = {
  autoscale: { ...PRESET_A.autoscale, policy: 'predictive' },
};

/** The Twitter-like day preset's side A: the same pool and HPA on a Twitter-like day (synthetic:
 * src/engine/twitter-like-day.ts), evening peak 120/s and an event burst to 240/s. */
export const TWITTER_PRESET_A: Settings = { ...PRESET_A, loadShape: 'twitter' };
/** Its side B: the predictive autoscaler. */
export const TWITTER_PRESET_B: SideOverrides = PRESET_B;
