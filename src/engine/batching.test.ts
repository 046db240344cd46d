// Micro-batching: the batch policy's decisions, and what batching does to a run (shared service,
// own waits, batch ids in the trace, bounded window delay, higher throughput when batches are
// cheaper per job).

import { describe, expect, it } from 'vitest';
import { BatchPolicy } from './batching.ts';
import { batchingSchema, type ConfigInput } from './config.ts';
import { Engine } from './engine.ts';
import { BATCH, INTERACTIVE } from './job-table.ts';
import { testConfig } from './test-support.ts';
import type { Outcome, TraceSink } from './trace-writer.ts';

interface Row {
  id: number;
  cls: number;
  arrival: number;
  start: number;
  end: number;
  outcome: Outcome;
  batchId: number;
  batchSize: number;
}

class Rows implements TraceSink {
  readonly rows: Row[] = [];
  job(
    id: number,
    cls: number,
    _model: number,
    _lane: number,
    arrival: number,
    start: number,
    end: number,
    _slo: number,
    outcome: Outcome,
    _attempts: number,
    batchId: number,
    batchSize: number,
  ): void {
    this.rows.push({ id, cls, arrival, start, end, outcome, batchId, batchSize });
  }
  flush(): void {}
}

const policy = (over: object) => new BatchPolicy(batchingSchema.parse({ enabled: true, ...over }));

describe('the batch policy', () => {
  it('window mode holds a group until it is full or its oldest job has waited the window', () => {
    const p = policy({ mode: 'window', window_ms: 5, max_batch: 4, exempt_interactive: false });
    expect(p.size(3, 0, BATCH, 4.9)).toBe(0);
    expect(p.readyAt(0)).toBe(5);
    expect(p.size(3, 0, BATCH, 5)).toBe(3);
    expect(p.size(4, 0, BATCH, 0)).toBe(4);
    expect(p.size(9, 0, BATCH, 0)).toBe(4);
  });

  it('dynamic mode starts the largest preferred size held, else waits up to the queue delay', () => {
    const p = policy({
      mode: 'dynamic',
      max_batch: 16,
      preferred_sizes: [4, 8],
      max_queue_delay_ms: 3,
    });
    expect(p.size(3, 0, BATCH, 1)).toBe(0);
    expect(p.size(5, 0, BATCH, 1)).toBe(4);
    expect(p.size(12, 0, BATCH, 1)).toBe(8);
    expect(p.size(3, 0, BATCH, 3)).toBe(3);
    expect(p.size(30, 0, BATCH, 3)).toBe(8);
  });

  it('lets exempt interactive groups start at once with whatever is queued', () => {
    const p = policy({ mode: 'window', window_ms: 50, max_batch: 8, exempt_interactive: true });
    expect(p.size(3, 0, INTERACTIVE, 0)).toBe(3);
    expect(p.size(3, 0, BATCH, 0)).toBe(0);
  });

  it('is a no-op when batching is off', () => {
    const p = new BatchPolicy(batchingSchema.parse({}));
    expect(p.holds).toBe(false);
    expect(p.size(10, 0, BATCH, 0)).toBe(1);
  });
});

/** One GPU-class lane whose profile makes a batch of 8 cost 2.5x a single job. */
function gpuRun(over: Partial<ConfigInput>): { engine: Engine; sink: Rows } {
  const config = testConfig({
    jobs: 4000,
    arrivals: { process: 'poisson', rate_per_s: 180 },
    mix: { interactive_ratio: 0, models: { m: 1 } },
    lanes: [{ kind: 'gpu', count: 1, speed: 1 }],
    service: { dist: 'profile', profile: { m: { gpu: { '1': 10, '8': 25 }, cpu: { '1': 40 } } } },
    ...over,
  });
  const sink = new Rows();
  const engine = new Engine(config, { trace: sink });
  engine.runToEnd();
  return { engine, sink };
}

describe('micro-batching in a run', () => {
  it('raises throughput when the profile makes batches cheaper per job', () => {
    // 180 jobs/s offered; one job at a time serves 100/s, batches of 8 up to 320/s.
    const plain = gpuRun({});
    const batched = gpuRun({ batching: { enabled: true, max_batch: 8, window_ms: 2 } });
    const p = plain.engine.summary();
    const b = batched.engine.summary();
    expect(p.overall.throughput_per_s).toBeLessThan(105);
    expect(b.overall.throughput_per_s).toBeGreaterThan(170);
    expect(b.overall.latency.p99).toBeLessThan(p.overall.latency.p99 / 10);
    expect(b.batching?.mean_batch_size).toBeGreaterThan(1.5);
  });

  it('gives every job in a batch the same start and end, and its own wait, in the trace', () => {
    const { sink } = gpuRun({ batching: { enabled: true, max_batch: 8, window_ms: 2 } });
    const byBatch = new Map<number, Row[]>();
    for (const r of sink.rows) byBatch.set(r.batchId, [...(byBatch.get(r.batchId) ?? []), r]);
    let multi = 0;
    for (const rows of byBatch.values()) {
      expect(rows.length).toBe(rows[0]!.batchSize);
      for (const r of rows) {
        expect(r.start).toBe(rows[0]!.start);
        expect(r.end).toBe(rows[0]!.end);
        expect(r.start).toBeGreaterThanOrEqual(r.arrival);
      }
      if (rows.length > 1) {
        multi++;
        expect(new Set(rows.map((r) => r.arrival)).size).toBe(rows.length);
      }
    }
    expect(multi).toBeGreaterThan(10);
  });

  it('holds a lone batch job for exactly the window, then runs it alone', () => {
    const { sink } = gpuRun({
      jobs: 1,
      mix: { interactive_ratio: 0, models: { m: 1 } },
      batching: { enabled: true, max_batch: 8, window_ms: 7, exempt_interactive: false },
    });
    const r = sink.rows[0]!;
    expect(r.start - r.arrival).toBeCloseTo(7, 9);
    expect(r.end - r.start).toBeCloseTo(10, 9);
    expect(r.batchSize).toBe(1);
  });

  it('never holds an exempt interactive job', () => {
    const { sink } = gpuRun({
      jobs: 1,
      mix: { interactive_ratio: 1, models: { m: 1 } },
      batching: { enabled: true, max_batch: 8, window_ms: 7, exempt_interactive: true },
    });
    expect(sink.rows[0]!.start).toBe(sink.rows[0]!.arrival);
  });

  it('only batches jobs of one model and class', () => {
    const config = testConfig({
      jobs: 3000,
      arrivals: { process: 'poisson', rate_per_s: 400 },
      mix: { interactive_ratio: 0.5, models: { a: 1, b: 1 } },
      lanes: [{ kind: 'cpu', count: 2 }],
      service: { dist: 'exponential', mean_ms: 4 },
      batching: { enabled: true, mode: 'dynamic', max_batch: 4, preferred_sizes: [2, 4] },
    });
    const models = new Map<number, Set<string>>();
    const engine = new Engine(config, {
      trace: {
        job(_id, cls, model, _lane, _a, _s, _e, _slo, outcome, _at, batchId) {
          if (outcome !== 'completed') return;
          const set = models.get(batchId) ?? new Set<string>();
          set.add(`${model}/${cls}`);
          models.set(batchId, set);
        },
        flush() {},
      },
    });
    engine.runToEnd();
    expect(engine.ledger().completed).toBe(3000);
    for (const set of models.values()) expect(set.size).toBe(1);
  });
});
