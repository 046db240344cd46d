import { describe, expect, it } from 'vitest';
import { checkConfig, ConfigError, expandLanes, parseConfig } from './config.ts';
import { SCHEDULER_NAMES } from './schedulers/registry.ts';
import { NOT_A_POLICY } from './test-support.ts';

const contract = {
  seed: 7,
  jobs: 200000,
  arrivals: { process: 'poisson', rate_per_s: 800 },
  mix: { interactive_ratio: 1.0, models: { resnet18: 1.0 } },
  lanes: [{ kind: 'cpu', count: 1 }],
  service: { dist: 'exponential', mean_ms: 1.0 },
  scheduler: { name: 'fifo' },
  batching: { enabled: false },
};

describe('config', () => {
  it('accepts the headless contract’s example and fills defaults', () => {
    const c = parseConfig(contract);
    expect(c.classes.interactive.slo_ms).toBe(100);
    expect(c.classes.batch.slo_ms).toBe(1000);
    expect(c.lanes[0]!.concurrency).toBe(1);
  });

  it('lists every offending field with its path and the accepted values', () => {
    const result = checkConfig({
      ...contract,
      jobs: 0,
      lanes: [{ kind: 'tpu', count: 1, cores: 2 }],
      scheduler: { name: NOT_A_POLICY },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^jobs: /),
        expect.stringMatching(/^lanes\[0\]\.kind: .*"gpu".*"cpu"/),
        expect.stringMatching(/^lanes\[0\]: unknown field "cores"/),
        expect.stringMatching(
          new RegExp(`^scheduler\\.name: .*${SCHEDULER_NAMES.map((n) => `"${n}"`).join('.*')}`),
        ),
      ]),
    );
  });

  it('says which required field is missing', () => {
    const result = checkConfig({
      jobs: 10,
      lanes: [{ kind: 'cpu' }],
      service: { dist: 'exponential' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^arrivals: required/),
        expect.stringMatching(/^service\.mean_ms: required/),
      ]),
    );
  });

  it('needs a stop condition', () => {
    const { jobs, ...rest } = contract;
    expect(jobs).toBe(200000);
    expect(() => parseConfig(rest)).toThrow(ConfigError);
    expect(() => parseConfig({ ...rest, duration_s: 10 })).not.toThrow();
  });

  it('lets a replayed trace end by itself, and asks a looped trace when to stop', () => {
    const { jobs: _, ...rest } = contract;
    const trace = { process: 'trace', format: 'rps', data: '5 5' };
    expect(checkConfig({ ...rest, arrivals: trace }).ok).toBe(true);
    const looped = checkConfig({ ...rest, arrivals: { ...trace, loop: true } });
    expect(looped.ok).toBe(false);
    if (looped.ok) return;
    expect(looped.problems).toEqual([
      expect.stringMatching(
        /^arrivals\.loop: a looped trace replays forever: say when arrivals stop with "jobs"/,
      ),
    ]);
    expect(checkConfig({ ...rest, duration_s: 30, arrivals: { ...trace, loop: true } }).ok).toBe(
      true,
    );
  });

  it('names lanes by kind and gives GPU lanes the configured speed-up', () => {
    const lanes = expandLanes(
      parseConfig({
        ...contract,
        lanes: [
          { kind: 'gpu', count: 1 },
          { kind: 'cpu', count: 2 },
          { kind: 'cpu', count: 1, role: 'backup' },
        ],
        service: { dist: 'exponential', mean_ms: 1, gpu_speedup: 6 },
      }),
    );
    expect(lanes.map((l) => l.name)).toEqual(['gpu0', 'cpu0', 'cpu1', 'cpu2-backup']);
    expect(lanes[0]!.speed).toBe(6);
    expect(lanes[1]!.speed).toBe(1);
  });
});

describe('profile service', () => {
  it('accepts a profile for CPU lanes only when the run has only CPU lanes', () => {
    const config = {
      ...contract,
      service: { dist: 'profile', profile: { resnet18: { cpu: { '1': 4, '8': 12 } } } },
    };
    expect(() => parseConfig(config)).not.toThrow();
  });
});
