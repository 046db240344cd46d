// The "dedicated worker" candidate of bench/policy-realm.ts: the policy runs in a worker thread of
// its own, and each decision crosses to it synchronously, as a page would have to do it: the host
// posts a snapshot of the queue and the lanes, then blocks on a SharedArrayBuffer (Atomics.wait)
// until the worker writes the decision (a queue index and a lane index) and notifies. The worker
// evaluates the same compiled module and runs `decide` on the snapshot.

import { Worker } from 'node:worker_threads';
import type { DecideContext, JobView, LaneView } from '../src/engine/policy-api/api.ts';
import { pluginFactory } from '../src/engine/policy-api/plugin-scheduler.ts';
import type { PolicyRuntime } from '../src/engine/policy-api/runtime.ts';
import type { SchedulerFactory } from '../src/engine/schedulers/types.ts';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const shared = new Int32Array(workerData.sab);
const exportsObj = {};
const body = (0, eval)('(function(__exports){' + workerData.source.replace(/export default/, '__exports.default =') + '})');
body(exportsObj);
const mod = exportsObj.default;
parentPort.on('message', ({ queue, lanes }) => {
  const ctx = { now: 0, queue, lanes, fits: () => true, predict: (j) => j.predicted.cpu, wakeAt() {}, maxBatch: 1, models: [] };
  const d = mod.decide(ctx);
  shared[1] = d ? queue.indexOf(d.job) : -1;
  shared[2] = d ? (typeof d.lane === 'number' ? d.lane : d.lane.index) : -1;
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
});
`;

function snapshotJob(j: JobView): unknown {
  return {
    id: j.id,
    class: j.class,
    model: j.model,
    arrival: j.arrival,
    deadline: j.deadline,
    slo: j.slo,
    attempts: j.attempts,
    predicted: { gpu: j.predicted.gpu, cpu: j.predicted.cpu },
    batchable: j.batchable,
  };
}

function snapshotLane(l: LaneView): unknown {
  return {
    index: l.index,
    name: l.name,
    kind: l.kind,
    role: l.role,
    speed: l.speed,
    concurrency: l.concurrency,
    running: l.running,
    free: l.free,
    health: l.health,
    available: l.available,
    memFree: l.memFree,
    memCapacity: l.memCapacity,
  };
}

/** A scheduler factory whose decisions are made in a worker thread, one round trip each. */
export function workerPolicy(source: string): SchedulerFactory {
  const sab = new SharedArrayBuffer(12);
  const shared = new Int32Array(sab);
  const worker = new Worker(WORKER, { eval: true, workerData: { sab, source } });
  worker.unref();
  const runtime: PolicyRuntime = {
    decide(ctx: DecideContext) {
      const queue = ctx.queue;
      Atomics.store(shared, 0, 0);
      worker.postMessage({ queue: queue.map(snapshotJob), lanes: ctx.lanes.map(snapshotLane) });
      Atomics.wait(shared, 0, 0);
      const job = shared[1]!;
      const lane = shared[2]!;
      return job < 0 ? null : { job: queue[job], lane };
    },
    begin() {},
    end: () => 0,
    returnLine: 0,
    describe: (e) => ({ message: String(e) }),
  };
  return pluginFactory('fifo.js (worker)', () => runtime);
}
