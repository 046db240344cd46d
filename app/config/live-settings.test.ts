import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/engine/config.ts';
import {
  clampLive,
  enterLive,
  LIVE_MAX_RATE,
  liveMaxCpuLanes,
  liveRunConfig,
  stashOf,
} from './live-settings.ts';
import { buildConfig, DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { predictionSpark } from '../charts/prediction-spark.ts';

describe('live mode settings', () => {
  it('keeps the lanes set and starts at the light rate and mix, saying what changed', () => {
    const s: Settings = { ...DEFAULT_SETTINGS, gpuLanes: 0, cpuLanes: 2 };
    const { settings, notes } = enterLive(s, 4);
    expect(settings.gpuLanes).toBe(0);
    expect(settings.cpuLanes).toBe(2);
    expect(settings.rate).toBe(4);
    expect(settings.mix).toEqual({
      resnet18: 1,
      resnet50: 0,
      vit_s16: 0,
      ppocr_cls: 2,
      silero_vad: 2,
    });
    expect(notes[0]).toMatch(
      /4 jobs\/s of light models \(ResNet-18, PP-OCR direction, Silero VAD\)/,
    );
    // Leaving live mode gives these back.
    expect(stashOf(s)).toMatchObject({ rate: 200, gpuLanes: 0, cpuLanes: 2 });
  });

  it('clamps what live lanes cannot do and names each value changed', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      rate: 5000,
      gpuLanes: 3,
      cpuLanes: 30,
      backupLanes: 1,
      autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true, max: 8 },
    };
    const { settings, notes } = clampLive(s, 4);
    expect(settings).toMatchObject({
      rate: LIVE_MAX_RATE,
      gpuLanes: 1,
      cpuLanes: 4,
      backupLanes: 0,
    });
    // Autoscaling runs live, its replicas bounded by the device's cores.
    expect(settings.autoscale).toMatchObject({ enabled: true, max: 4 });
    expect(notes).toHaveLength(5);
    expect(notes.join('\n')).toMatch(/Max CPU replicas 8 → 4/);
    expect(notes.join('\n')).toMatch(/Arrival rate 5000 → 100 jobs\/s/);
    expect(notes.join('\n')).toMatch(/CPU lanes 30 → 4/);
    // Within the limits nothing changes and nothing is said.
    expect(clampLive(settings, 4)).toEqual({ settings, notes: [] });
    expect(liveMaxCpuLanes(1)).toBe(2);
    expect(liveMaxCpuLanes(64)).toBe(8);
  });

  it('runs exactly the settings: rate, lanes and mix, with the predictor learning', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      rate: 12,
      gpuLanes: 0,
      cpuLanes: 2,
      mix: { resnet18: 0, resnet50: 0, vit_s16: 0, ppocr_cls: 1, silero_vad: 3 },
    };
    const c = liveRunConfig(s);
    expect(c.arrivals).toEqual({ process: 'poisson', rate_per_s: 12 });
    expect(c.lanes?.filter((g) => (g.count ?? 1) > 0).map((g) => [g.kind, g.count])).toEqual([
      ['cpu', 2],
    ]);
    // Only the models that arrive: the lanes load nothing else.
    expect(c.mix?.models).toEqual({ ppocr_cls: 1, silero_vad: 3 });
    expect(c.autoscale).toBeUndefined();
    expect(c.predictor).toMatchObject({ enabled: true, offline: false });
    expect(checkConfig(c).ok).toBe(true);
  });

  it('keeps autoscaling: the pool of CPU replicas the live run starts and stops', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      gpuLanes: 0,
      cpuLanes: 1,
      mix: { resnet18: 0, resnet50: 0, vit_s16: 0, ppocr_cls: 1, silero_vad: 0 },
      autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true, min: 1, max: 2 },
    };
    const checked = checkConfig(liveRunConfig(clampLive(s, 2).settings));
    expect(checked.ok && checked.config.autoscale).toMatchObject({
      enabled: true,
      kind: 'cpu',
      min: 1,
      max: 2,
    });
  });

  it('seeds the predictor from a calibrated profile that covers the run', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      gpuLanes: 0,
      cpuLanes: 1,
      mix: { resnet18: 0, resnet50: 0, vit_s16: 0, ppocr_cls: 1, silero_vad: 0 },
    };
    const profile = {
      dist: 'profile' as const,
      profile: { ppocr_cls: { cpu: { '1': 2.5 } } },
    };
    const base = { ...buildConfig(DEFAULT_SETTINGS), service: profile };
    expect(liveRunConfig(s, base).service).toEqual(profile);
    expect(liveRunConfig(s, base).predictor).toMatchObject({ offline: true });
    // A model the profile lacks: placeholder service, predictor learns online only.
    const wider = { ...s, mix: { ...s.mix, silero_vad: 1 } };
    expect(liveRunConfig(wider, base).service).toMatchObject({ dist: 'deterministic' });
  });
});

describe('the live lanes panel predictor sparkline', () => {
  it('puts both series on one axis from 0 and skips runs without an estimate', () => {
    const spark = predictionSpark([NaN, 10, 20], [5, 10, 40], 100, 20);
    expect(spark.maxMs).toBe(40);
    expect(spark.measured).toBe('0.0,17.5 50.0,15.0 100.0,0.0');
    expect(spark.predicted).toBe('50.0,15.0 100.0,10.0');
  });
});
