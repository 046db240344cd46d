// The optional mechanisms a config switches on beyond plain queueing: the micro-batching policy,
// the memory model, the latency predictor and admission control. Built here so that the engine's
// constructor reads as wiring; each is undefined, and costs nothing in the event loop, when its
// config section is off.

import { AdmissionControl } from './admission.ts';
import { BatchPolicy } from './batching.ts';
import type { Config, LaneSpec } from './config.ts';
import type { LaneSet } from './lanes.ts';
import { MemoryModel, type MemoryTable } from './memory.ts';
import { LatencyPredictor } from './predictor.ts';
import { policyByName, type SchedulerName } from './schedulers/registry.ts';
import type { SchedulerOptions } from './schedulers/types.ts';
import type { ServiceModel } from './service.ts';

/** What the features are built from. */
export interface FeatureContext {
  config: Config;
  models: readonly string[];
  laneSpecs: readonly LaneSpec[];
  lanes: LaneSet;
  service: ServiceModel;
  /** Memory costs per model for the `bytes` calibration (default: the built-in manifest table). */
  memoryTable?: MemoryTable | undefined;
}

export interface Features {
  batchPolicy: BatchPolicy;
  memory: MemoryModel | undefined;
  predictor: LatencyPredictor | undefined;
  admission: AdmissionControl | undefined;
}

/**
 * Whether a run under policy `scheduler` has a latency predictor: as `predictor.enabled` says, or,
 * when it says nothing, when admission control or the policy (its descriptor's `needsPredictor`)
 * uses one. The one place this rule is written: at the start of a run and at a switch of policy.
 */
export function wantsPredictor(config: Config, scheduler: SchedulerName): boolean {
  return (
    config.predictor.enabled ??
    (config.admission.mode !== 'off' || policyByName(scheduler).needsPredictor)
  );
}

/** A latency predictor, trained offline from the service model when the config says so. */
export function createPredictor(ctx: FeatureContext, maxBatch: number): LatencyPredictor {
  const predictor = new LatencyPredictor(ctx.config.predictor, ctx.models.length);
  if (ctx.config.predictor.offline) {
    const kinds = [...new Set(ctx.laneSpecs.map((l) => l.kind))];
    predictor.trainOffline(ctx.service, kinds, maxBatch);
  }
  return predictor;
}

/**
 * Build the features a config asks for. The memory model also sets each lane's capacity. Throws
 * an "invalid config" error listing what the memory model lacks for the run's models and lanes.
 */
export function createFeatures(ctx: FeatureContext): Features {
  const { config, models, laneSpecs, lanes } = ctx;
  const batchPolicy = new BatchPolicy(config.batching);
  let memory: MemoryModel | undefined;
  if (config.memory.enabled) {
    memory = new MemoryModel(config.memory, models, ctx.memoryTable);
    const gaps = memory.gaps([...new Set(laneSpecs.map((l) => l.kind))]);
    if (gaps.length > 0) throw new Error(`invalid config:\n  - ${gaps.join('\n  - ')}`);
    for (const [i, spec] of laneSpecs.entries()) lanes.memCapacity[i] = memory.capacity(spec.kind);
  }
  const predictor = wantsPredictor(config, config.scheduler.name)
    ? createPredictor(ctx, batchPolicy.maxBatch)
    : undefined;
  const admission =
    config.admission.mode === 'off'
      ? undefined
      : new AdmissionControl(
          config.admission,
          predictor ?? createPredictor(ctx, batchPolicy.maxBatch),
          lanes,
          models.length,
          batchPolicy.maxBatch,
        );
  return { batchPolicy, memory, predictor, admission };
}

/** What a scheduler is built with: the features it may consult and the run's facts. */
export function schedulerOptions(
  config: Config,
  features: Omit<Features, 'admission'>,
  models: readonly string[],
  service: ServiceModel,
): SchedulerOptions {
  return {
    policy: features.batchPolicy,
    memory: features.memory,
    predictor: features.predictor,
    slo: Float64Array.of(config.classes.interactive.slo_ms, config.classes.batch.slo_ms),
    models: models.length,
    modelNames: models,
    service,
    seed: config.seed,
  };
}
