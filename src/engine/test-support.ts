// Helpers shared by the engine's tests: building configs tersely and collecting per-job results.

import { expandLanes, parseConfig, type Config, type ConfigInput } from './config.ts';
import { Engine, type EngineOptions } from './engine.ts';
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
