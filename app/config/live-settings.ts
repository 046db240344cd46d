// Live mode runs what the controls show: the arrival rate, the model mix, the lane counts and
// kinds, the scheduler, classes and batching all apply to the live run. Real inference is slower
// than the simulation's defaults and a page has one GPU and a few cores, so live mode starts from a
// light rate and mix and clamps what a live run cannot do, saying so (the notes) rather than
// quietly running something else. Autoscaling runs live too: each replica the autoscaler asks for
// is a real lane worker with a measured cold start, at most liveMaxCpuLanes of them.

import type { ConfigInput } from '../../src/engine/config.ts';
import { own } from '../../src/engine/own.ts';
import { buildConfig, MODEL_LABELS, type Settings } from './settings.ts';

/** At most this many jobs/s in live mode: a WASM lane serves tens of light jobs a second, a few
 * ResNets; a higher rate would only grow the queue. */
export const LIVE_MAX_RATE = 100;
/** One WebGPU lane: the page has one GPU device, and lanes on it would only take turns. */
export const LIVE_MAX_GPU_LANES = 1;

/** CPU lanes a live run may have: one worker per lane, each running WASM threads; more lanes than
 * the device's cores only take turns on them (2 at least, 8 at most). */
export function liveMaxCpuLanes(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(2, Math.min(8, cores));
}

/** Where live mode starts: a few jobs a second of light models (the PP-OCR direction classifier,
 * Silero VAD and ResNet-18). Lanes, scheduler, classes and batching stay as they are. */
export const LIVE_START: Pick<Settings, 'rate' | 'mix'> = {
  rate: 4,
  mix: { resnet18: 1, resnet50: 0, vit_s16: 0, ppocr_cls: 2, silero_vad: 2 },
};

/** What entering live mode changes, and what leaving it gives back. */
export type LiveStash = Pick<
  Settings,
  'rate' | 'mix' | 'gpuLanes' | 'cpuLanes' | 'backupLanes' | 'autoscale'
>;

export function stashOf(s: Settings): LiveStash {
  return {
    rate: s.rate,
    mix: { ...s.mix },
    gpuLanes: s.gpuLanes,
    cpuLanes: s.cpuLanes,
    backupLanes: s.backupLanes,
    autoscale: { ...s.autoscale },
  };
}

/** `s` within what a live run can do, and a note for each value changed. */
export function clampLive(s: Settings, cores?: number): { settings: Settings; notes: string[] } {
  const notes: string[] = [];
  const out: Settings = { ...s, autoscale: { ...s.autoscale } };
  if (out.rate > LIVE_MAX_RATE) {
    notes.push(
      `Arrival rate ${out.rate} → ${LIVE_MAX_RATE} jobs/s: live lanes run real inference, and a higher rate would only grow the queue.`,
    );
    out.rate = LIVE_MAX_RATE;
  }
  if (out.gpuLanes > LIVE_MAX_GPU_LANES) {
    notes.push(
      `GPU lanes ${out.gpuLanes} → ${LIVE_MAX_GPU_LANES}: the page has one WebGPU device; more lanes on it would only take turns.`,
    );
    out.gpuLanes = LIVE_MAX_GPU_LANES;
  }
  const maxCpu = liveMaxCpuLanes(cores);
  if (out.cpuLanes > maxCpu) {
    notes.push(
      `CPU lanes ${out.cpuLanes} → ${maxCpu}: each live CPU lane is a worker running WASM; more than this device's cores would only take turns.`,
    );
    out.cpuLanes = maxCpu;
  }
  if (out.backupLanes > 0) {
    notes.push(
      `Backup lanes ${out.backupLanes} → 0: live mode runs no standby lanes (a lane that goes down is recovered instead).`,
    );
    out.backupLanes = 0;
  }
  if (out.autoscale.enabled && out.autoscale.max > maxCpu) {
    notes.push(
      `Max CPU replicas ${out.autoscale.max} → ${maxCpu}: each live replica is a lane worker running WASM; more than this device's cores would only take turns.`,
    );
    out.autoscale.max = maxCpu;
    out.autoscale.min = Math.min(out.autoscale.min, maxCpu);
  }
  if (out.gpuLanes + out.cpuLanes === 0) out.cpuLanes = 1;
  return { settings: out, notes };
}

/** Settings for entering live mode: the light start rate and mix, within live limits. */
export function enterLive(s: Settings, cores?: number): { settings: Settings; notes: string[] } {
  const light = Object.entries(LIVE_START.mix)
    .filter(([, w]) => w > 0)
    .map(([m]) => MODEL_LABELS[m as keyof typeof MODEL_LABELS])
    .join(', ');
  const { settings, notes } = clampLive({ ...s, ...LIVE_START, mix: { ...LIVE_START.mix } }, cores);
  return {
    settings,
    notes: [
      `Live mode starts at ${LIVE_START.rate} jobs/s of light models (${light}) on the lanes set here; change any of them and the live run follows.`,
      ...notes,
    ],
  };
}

/** The engine config of a live run of `s`: exactly the settings (over `base`), with the service
 * model only a placeholder (lanes measure service times) and the latency predictor on, learning
 * from the lanes' runs (the live lanes panel shows its estimates against each measured time). */
export function liveRunConfig(s: Settings, base?: ConfigInput): ConfigInput {
  const config = buildConfig(s, base);
  // Autoscaling (if on) stays: its replicas are lane workers started and stopped by the autoscaler.
  // Only the models that arrive: lanes load nothing else, and a check of the simulation calibrates
  // (and its replay needs profile rows for) exactly these.
  if (config.mix) {
    config.mix = {
      ...config.mix,
      models: Object.fromEntries(Object.entries(config.mix.models ?? {}).filter(([, w]) => w > 0)),
    };
  }
  // A calibrated profile (Calibrate → Use in simulation) seeds the predictor before the first run.
  const profile = base?.service?.dist === 'profile' ? base.service : undefined;
  const kinds = (config.lanes ?? []).map((g) => g.kind);
  const covered =
    profile !== undefined &&
    Object.entries(config.mix?.models ?? {}).every(([m, w]) => {
      const row = own(profile.profile, m);
      return w === 0 || (row !== undefined && kinds.every((k) => own(row, k) !== undefined));
    });
  return {
    ...config,
    service: covered ? profile : { dist: 'deterministic', mean_ms: 10 },
    predictor: { ...(config.predictor ?? {}), enabled: true, offline: covered },
  };
}
