// Admission control, for any scheduler: turn away work the latency predictor says cannot meet its
// SLO, so that capacity goes to jobs that still can. Two places to act, as the config chooses:
// - `reject` on arrival: predicted completion = now + predicted wait + predicted service;
// - `drop` from the queue, at the moment a job would start: now + predicted service of its run.
// Both outcomes land in the ledger (rejected, dropped) and count as SLO violations.
//
// The wait estimate is the queued work ahead of the job divided among the lanes. Each queued job
// adds its model's "pool time", 1 / (sum over eligible lanes of the jobs per ms that lane would
// serve in full batches), the time the whole pool needs per job of that model. An interactive job
// counts only interactive work ahead of it when the scheduler serves interactive jobs first. The
// job's own service is its predicted single-job service on the fastest eligible lane. Both are
// optimistic (full batches, the best lane), so a job is turned away only when even that misses;
// `slack` > 1 makes the test stricter.

import type { AdmissionConfig } from './config-sections.ts';
import { INTERACTIVE, type JobTable } from './job-table.ts';
import type { LaneSet } from './lanes.ts';
import type { LatencyPredictor } from './predictor.ts';

/** How often (arrivals) the per-model pool times are recomputed from the predictor. */
const REFRESH = 256;

export class AdmissionControl {
  readonly rejectOnArrival: boolean;
  readonly dropBeforeStart: boolean;
  /** Counts of jobs turned away by admission control (a subset of the ledger's). */
  rejected = 0;
  dropped = 0;
  private readonly applies: Uint8Array;
  private readonly slack: number;
  /** Predicted pool time of queued jobs, per class (ms). */
  private readonly backlog = new Float64Array(2);
  private readonly poolTime: Float64Array;
  private readonly bestService: Float64Array;
  private sinceRefresh = REFRESH;

  constructor(
    config: AdmissionConfig,
    private readonly predictor: LatencyPredictor,
    private readonly lanes: LaneSet,
    private readonly models: number,
    private readonly maxBatch: number,
  ) {
    this.rejectOnArrival = config.mode === 'reject' || config.mode === 'both';
    this.dropBeforeStart = config.mode === 'drop' || config.mode === 'both';
    this.applies = Uint8Array.of(
      config.classes.includes('interactive') ? 1 : 0,
      config.classes.includes('batch') ? 1 : 0,
    );
    this.slack = config.slack;
    this.poolTime = new Float64Array(models);
    this.bestService = new Float64Array(models);
  }

  private refresh(): void {
    const lanes = this.lanes;
    const p = this.predictor;
    const b = this.maxBatch;
    for (let m = 0; m < this.models; m++) {
      let rate = 0;
      let best = Infinity;
      for (let l = 0; l < lanes.count; l++) {
        if (!lanes.eligible(l)) continue;
        const kind = lanes.kind[l]!;
        const speed = lanes.speed[l]!;
        rate += (lanes.concurrency[l]! * b) / p.predict(m, kind, speed, b, 0);
        const one = p.predict(m, kind, speed, 1, 0);
        if (one < best) best = one;
      }
      this.poolTime[m] = rate > 0 ? 1 / rate : Infinity;
      this.bestService[m] = best;
    }
    this.sinceRefresh = 0;
  }

  /** Should a job arriving now be admitted? `classPriority`: see Scheduler.classPriority. */
  admit(job: number, jobs: JobTable, now: number, classPriority: boolean): boolean {
    if (++this.sinceRefresh >= REFRESH) this.refresh();
    const cls = jobs.cls[job]!;
    if (this.applies[cls] === 0) return true;
    const model = jobs.model[job]!;
    const ahead =
      cls === INTERACTIVE && classPriority ? this.backlog[0]! : this.backlog[0]! + this.backlog[1]!;
    const predicted = now + this.slack * (ahead + this.bestService[model]!);
    return predicted <= jobs.deadline[job]!;
  }

  /** A job joined the queue. */
  queued(job: number, jobs: JobTable): void {
    if (this.sinceRefresh >= REFRESH) this.refresh();
    const work = this.poolTime[jobs.model[job]!]!;
    jobs.admitWork[job] = work;
    this.backlog[jobs.cls[job]!]! += work;
  }

  /** A job left the queue (started or dropped). */
  left(job: number, jobs: JobTable): void {
    const cls = jobs.cls[job]!;
    const b = this.backlog[cls]! - jobs.admitWork[job]!;
    this.backlog[cls] = b > 1e-9 ? b : 0;
  }

  /** Would a job starting now in a run of `size` on `lane` miss its deadline? */
  hopeless(job: number, jobs: JobTable, lane: number, size: number, now: number): boolean {
    const cls = jobs.cls[job]!;
    if (this.applies[cls] === 0) return false;
    const lanes = this.lanes;
    const service = this.predictor.predict(
      jobs.model[job]!,
      lanes.kind[lane]!,
      lanes.speed[lane]!,
      size,
      lanes.running[lane]! / lanes.concurrency[lane]!,
    );
    return now + this.slack * service > jobs.deadline[job]!;
  }
}
