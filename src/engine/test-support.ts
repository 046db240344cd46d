// Helpers shared by the engine's tests: building configs tersely, collecting per-job results, and
// the one generator of random runs (with its checked stepper) that the ledger properties share.

import fc from 'fast-check';
import { expandLanes, parseConfig, type Config, type ConfigInput } from './config.ts';
import { Engine, type EngineOptions, type Ledger } from './engine.ts';
import { SCHEDULER_NAMES, type SchedulerName } from './schedulers/registry.ts';
import { CsvTraceWriter } from './trace-writer.ts';
import type { Outcome, TraceSink } from './trace-writer.ts';

/**
 * A scheduler name that no built-in policy can have (policy names are snake_case, policy.ts), for
 * tests of an unknown name: any real-looking name might be the next policy someone adds.
 */
export const NOT_A_POLICY = 'not a policy';

/** A valid config with small defaults, overridden by `over`. */
export function testConfig(over: Partial<ConfigInput> = {}): Config {
  return parseConfig({
    seed: 1,
    jobs: 1000,
    arrivals: { process: 'poisson', rate_per_s: 500 },
    lanes: [{ kind: 'cpu', count: 1 }],
    service: { dist: 'exponential', mean_ms: 1 },
    ...over,
  });
}

/** One ended job as the trace sees it. */
export interface JobRecord {
  id: number;
  cls: number;
  lane: number;
  arrival: number;
  start: number;
  end: number;
  outcome: Outcome;
  attempts: number;
  batchSize: number;
}

/** A TraceSink that keeps every row in memory (tests only). */
export class RecordingSink implements TraceSink {
  readonly rows: JobRecord[] = [];
  job(
    id: number,
    cls: number,
    _model: number,
    lane: number,
    arrival: number,
    start: number,
    end: number,
    _slo: number,
    outcome: Outcome,
    attempts: number,
    _batchId: number,
    batchSize: number,
  ): void {
    this.rows.push({ id, cls, lane, arrival, start, end, outcome, attempts, batchSize });
  }
  flush(): void {}
}

/**
 * Mean of per-job values with a standard error by the method of batch means: the jobs are cut, in
 * arrival order, into `batches` consecutive groups whose means are nearly independent when each
 * group is much longer than the queue's relaxation time.
 */
export function batchMeans(values: Float64Array, batches = 20): { mean: number; stderr: number } {
  const per = Math.floor(values.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let i = b * per; i < (b + 1) * per; i++) s += values[i]!;
    means.push(s / per);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  return { mean, stderr: Math.sqrt(variance / batches) };
}

/** A whole run's trace.csv as text (tests that compare runs byte for byte). */
export function traceCsv(config: Config, options: EngineOptions = {}): string {
  const decoder = new TextDecoder();
  let out = '';
  const writer = new CsvTraceWriter(
    (bytes) => (out += decoder.decode(bytes)),
    Object.keys(config.mix.models),
    expandLanes(config).map((l) => l.name),
  );
  const engine = new Engine(config, { ...options, trace: writer });
  engine.runToEnd();
  writer.flush();
  return out;
}

/** The job ledger balances: arrived = completed + rejected + dropped + queued + running. */
export function balanced(l: Ledger): boolean {
  return l.arrived === l.completed + l.rejected + l.dropped + l.queued + l.running;
}

/** A random run for the ledger's property tests, and the policy switches to make during it. */
export interface RandomRun {
  config: Config;
  /** Switch to policy `to` after `step` events (in step order). */
  switches: { step: number; to: SchedulerName }[];
}

/** What a property test adds to the plain run: the mechanisms it is about. */
export interface RunShape {
  /** Micro-batching, the memory model and admission control, each on or off at random. */
  features?: boolean;
  /** Autoscaling of the CPU pool with random bounds, interval, warm-up, cooldown and target. */
  autoscale?: boolean;
}

/**
 * The one generator of random runs for the engine's property tests: Poisson, gamma or bursty
 * arrivals of two models and both classes, one to three lane groups (backups among them), a service
 * distribution, any built-in policy, a queue that may be capped and may drop expired jobs, lane
 * faults over the expanded lanes, and up to three policy switches; `shape` adds the mechanisms a
 * test is about. Small runs (at most 400 jobs), so a property runs hundreds of them.
 */
export function arbRun(shape: RunShape = {}): fc.Arbitrary<RandomRun> {
  const features = shape.features
    ? fc.record({
        maxBatch: fc.integer({ min: 1, max: 8 }),
        mode: fc.constantFrom('window' as const, 'dynamic' as const),
        memory: fc.boolean(),
        admission: fc.constantFrom(
          'off' as const,
          'reject' as const,
          'drop' as const,
          'both' as const,
        ),
      })
    : fc.constant(undefined);
  const autoscale = shape.autoscale
    ? fc.record({
        min: fc.integer({ min: 0, max: 3 }),
        extra: fc.integer({ min: 0, max: 4 }),
        interval: fc.double({ min: 5, max: 100, noNaN: true }),
        startup: fc.constantFrom(0, 10, 50),
        cooldown: fc.constantFrom(0, 20, 200),
        target: fc.double({ min: 0.2, max: 1, noNaN: true }),
      })
    : fc.constant(undefined);
  return fc
    .record({
      seed: fc.nat(1000),
      jobs: fc.integer({ min: 1, max: 400 }),
      process: fc.constantFrom('poisson' as const, 'gamma' as const, 'bursty' as const),
      rate: fc.double({ min: 50, max: 5000, noNaN: true }),
      ratio: fc.double({ min: 0, max: 1, noNaN: true }),
      lanes: fc.array(
        fc.record({
          kind: fc.constantFrom('gpu' as const, 'cpu' as const),
          count: fc.integer({ min: 1, max: 3 }),
          concurrency: fc.integer({ min: 1, max: 3 }),
          role: fc.constantFrom('primary' as const, 'primary' as const, 'backup' as const),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      dist: fc.constantFrom('deterministic' as const, 'exponential' as const, 'lognormal' as const),
      scheduler: fc.constantFrom(...SCHEDULER_NAMES),
      capacity: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      dropExpired: fc.boolean(),
      faults: fc.array(
        fc.record({
          lane: fc.nat(16),
          at_ms: fc.double({ min: 0, max: 400, noNaN: true }),
          duration_ms: fc.option(fc.double({ min: 1, max: 300, noNaN: true }), { nil: undefined }),
        }),
        { maxLength: 4 },
      ),
      switches: fc.array(fc.constantFrom(...SCHEDULER_NAMES), { maxLength: 3 }),
      features,
      autoscale,
    })
    .map((a) => {
      const f = a.features;
      const s = a.autoscale;
      const cpuPrimaries = a.lanes
        .filter((g) => g.kind === 'cpu' && g.role === 'primary')
        .reduce((n, g) => n + g.count, 0);
      const config = testConfig({
        seed: a.seed,
        jobs: a.jobs,
        arrivals:
          a.process === 'bursty'
            ? { process: 'bursty', rate_per_s: a.rate, on_ms: 50, off_ms: 50 }
            : a.process === 'gamma'
              ? { process: 'gamma', rate_per_s: a.rate, cv: 1.5 }
              : { process: 'poisson', rate_per_s: a.rate },
        // Models the memory model knows, so any run may turn it on.
        mix: { interactive_ratio: a.ratio, models: { resnet18: 1, vit: 1 } },
        lanes: a.lanes,
        service: { dist: a.dist, mean_ms: 2 },
        scheduler: { name: a.scheduler },
        queue: {
          drop_expired: a.dropExpired,
          ...(a.capacity === undefined ? {} : { capacity: a.capacity }),
        },
        ...(f
          ? {
              batching: {
                enabled: f.maxBatch > 1,
                mode: f.mode,
                max_batch: f.maxBatch,
                preferred_sizes: [2, 4],
              },
              memory: { enabled: f.memory },
              admission: { mode: f.admission },
            }
          : {}),
        ...(s
          ? {
              autoscale: {
                enabled: true,
                min: s.min,
                max: Math.max(cpuPrimaries, s.min, 1) + s.extra,
                interval_ms: s.interval,
                startup_ms: s.startup,
                cooldown_ms: s.cooldown,
                target_utilisation: s.target,
              },
            }
          : {}),
      });
      const lanes = expandLanes(config).length;
      return {
        config: { ...config, faults: a.faults.map((x) => ({ ...x, lane: x.lane % lanes })) },
        switches: a.switches.map((to, i) => ({ step: 50 * (i + 1), to })),
      };
    });
}

/**
 * Run `run` event by event to its end, switching policy as it says, and check after every event
 * that the ledger balances, that the jobs in flight are the ledger's queued and running, and
 * `check` (a test's own invariant). The engine at the end, or undefined at the first event that
 * broke an invariant.
 */
export function stepChecked(
  run: RandomRun,
  check: (engine: Engine) => boolean = () => true,
  options: EngineOptions = {},
): Engine | undefined {
  const engine = new Engine(run.config, options);
  let steps = 0;
  let next = 0;
  while (engine.step()) {
    const l = engine.ledger();
    if (!balanced(l) || l.queued + l.running !== engine.jobs.live || !check(engine)) {
      return undefined;
    }
    steps++;
    const sw = run.switches[next];
    if (sw !== undefined && steps === sw.step) {
      engine.setScheduler(sw.to);
      next++;
    }
  }
  return engine;
}
