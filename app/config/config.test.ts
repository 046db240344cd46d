// Settings travel through URLs and files: round trips must be exact and bad input must say what is
// wrong without half-applying anything.

import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/engine/config.ts';
import { DEFAULT_SETTINGS, buildConfig, capacityPerS, type Settings } from './settings.ts';
import { decodeSettings, encodeSettings } from './url-state.ts';
import { importFile } from './import.ts';
import { PRESETS } from './presets.ts';

describe('URL state', () => {
  it('round-trips any settings exactly', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      rate: 1234.5,
      interactiveRatio: 0.3,
      mix: { resnet18: 2, resnet50: 0, vit_s16: 1, ppocr_cls: 0, silero_vad: 0 },
      scheduler: 'edf',
      batching: { enabled: true, windowMs: 2.5, maxBatch: 16 },
      gpuLanes: 3,
      cpuLanes: 0,
      backupLanes: 2,
      memoryMiB: 2048,
      seed: 99,
      speed: 50,
    };
    const decoded = decodeSettings(encodeSettings(s));
    expect(decoded).toEqual({ ok: true, settings: s });
  });

  it('carries autoscaling in the link and builds a config the engine accepts', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      cpuLanes: 12,
      autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true, min: 2, max: 6 },
    };
    const params = encodeSettings(s);
    expect(params.toString()).toBe('cpu=12&as=1&asmin=2&asmax=6');
    expect(decodeSettings(params)).toEqual({ ok: true, settings: s });
    const checked = checkConfig(buildConfig(s));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.config.autoscale).toMatchObject({ enabled: true, kind: 'cpu', min: 2, max: 6 });
    expect(checked.config.lanes.find((g) => g.kind === 'cpu')?.count).toBe(6);
    expect(decodeSettings(new URLSearchParams('asmin=5&asmax=3')).ok).toBe(false);
  });

  it('carries the light models in the mix, and reads links from before them', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      mix: { resnet18: 1, resnet50: 0, vit_s16: 0, ppocr_cls: 2, silero_vad: 2 },
    };
    const params = encodeSettings(s);
    expect(params.get('mix')).toBe('1,0,0,2,2');
    expect(decodeSettings(params)).toEqual({ ok: true, settings: s });
    const old = decodeSettings(new URLSearchParams('mix=2,1,0'));
    expect(old.ok && old.settings.mix).toEqual({
      resnet18: 2,
      resnet50: 1,
      vit_s16: 0,
      ppocr_cls: 0,
      silero_vad: 0,
    });
    // The light models join the engine config only with a weight.
    expect(Object.keys(buildConfig(DEFAULT_SETTINGS).mix?.models ?? {})).toEqual([
      'resnet18',
      'resnet50',
      'vit_s16',
    ]);
    expect(checkConfig(buildConfig(s)).ok).toBe(true);
  });

  it('leaves defaults out of the link', () => {
    expect(encodeSettings(DEFAULT_SETTINGS).toString()).toBe('');
  });

  it('names every bad parameter and applies none of them', () => {
    const r = decodeSettings(new URLSearchParams('rate=-3&sched=nope&mix=1,2&evil=1&seed=1.5'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/rate=-3/);
    expect(r.problems.join('\n')).toMatch(/sched=nope/);
    expect(r.problems.join('\n')).toMatch(/mix=1,2/);
    expect(r.problems.join('\n')).toMatch(/"evil" is not a setting/);
    expect(r.problems.join('\n')).toMatch(/seed=1.5/);
  });

  it('refuses a run without lanes', () => {
    expect(decodeSettings(new URLSearchParams('gpu=0&cpu=0')).ok).toBe(false);
  });
});

describe('config building', () => {
  it('every preset builds a config the engine accepts', () => {
    for (const p of PRESETS) {
      const r = checkConfig(buildConfig(p.settings));
      expect(r.ok, `${p.id}: ${r.ok ? '' : r.problems.join('; ')}`).toBe(true);
    }
  });

  it('backup lanes become backup-role lanes after the primaries, adding no capacity', () => {
    const p = PRESETS.find((x) => x.id === 'failover')!;
    const r = checkConfig(buildConfig(p.settings));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.lanes.at(-1)).toMatchObject({ kind: 'gpu', count: 1, role: 'backup' });
    expect(capacityPerS(p.settings)).toBe(capacityPerS({ ...p.settings, backupLanes: 0 }));
    expect(p.settings.rate).toBeLessThan(capacityPerS(p.settings));
  });

  it('the 5k preset has headroom over 5,000 jobs/s', () => {
    const p = PRESETS.find((x) => x.id === 'high-throughput')!;
    expect(capacityPerS(p.settings)).toBeGreaterThan(5000);
  });
});

describe('imports', () => {
  it('imports a CLI config and maps it onto the controls', () => {
    const text = JSON.stringify({
      seed: 7,
      jobs: 2000,
      arrivals: { process: 'poisson', rate_per_s: 800 },
      mix: { interactive_ratio: 1, models: { resnet18: 1 } },
      lanes: [{ kind: 'cpu', count: 3 }],
      service: { dist: 'exponential', mean_ms: 1 },
      scheduler: { name: 'edf' },
    });
    const r = importFile('exp.json', text);
    expect(r.ok && r.kind === 'config').toBe(true);
    if (!r.ok || r.kind !== 'config') return;
    expect(r.settings.rate).toBe(800);
    expect(r.settings.cpuLanes).toBe(3);
    expect(r.settings.gpuLanes).toBe(0);
    expect(r.settings.scheduler).toBe('edf');
    expect(r.settings.mix).toEqual({
      resnet18: 1,
      resnet50: 0,
      vit_s16: 0,
      ppocr_cls: 0,
      silero_vad: 0,
    });
  });

  it('names the field paths of a bad config', () => {
    const r = importFile(
      'bad.json',
      JSON.stringify({
        jobs: 5,
        arrivals: { process: 'poisson', rate_per_s: 0 },
        lanes: [],
        service: { dist: 'x' },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/arrivals\.rate_per_s/);
    expect(text).toMatch(/lanes/);
    expect(text).toMatch(/service/);
  });

  it('names the line of broken JSON and YAML', () => {
    const json = importFile('broken.json', '{\n  "seed": 1,\n  "jobs": ,\n}');
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.problems[0]).toMatch(/^line 3/);
    const yaml = importFile('broken.yaml', 'seed: 1\njobs: [1, 2\nlanes: x\n');
    expect(yaml.ok).toBe(false);
    if (!yaml.ok) expect(yaml.problems[0]).toMatch(/^line \d+/);
  });

  it('names the line of a bad trace', () => {
    const rps = importFile('load.txt', '10\n20\n-4\n');
    expect(rps.ok).toBe(false);
    if (!rps.ok) expect(rps.problems[0]).toMatch(/^line 3/);
    const ts = importFile('arrivals.csv', 'time_s\n0.1\n0.2\nsoon\n');
    expect(ts.ok).toBe(false);
    if (!ts.ok) expect(ts.problems[0]).toMatch(/^line 4/);
  });

  it('turns a good trace into replayed arrivals', () => {
    const r = importFile('load.txt', '5 10 5\n');
    expect(r.ok && r.kind === 'trace').toBe(true);
    if (r.ok && r.kind === 'trace') expect(r.jobs).toBe(20);
  });
});
