// `npm run validate -- --llm`: is the simulation right about LLM serving on a real decoder? A
// decoder made from its seed (`--model`: the tiny one or GPT-2 small) runs on a lane (`--lane`:
// onnxruntime-web's WASM backend in this process, the CPU-class lane's runtime, or the WebGPU lane
// in headless Chromium; llm-lane.ts). First the step cost model is calibrated on it (designed batch shapes,
// a non-negative least-squares fit, R² and residuals reported, a plot of predicted against
// measured). Then, for each load, drift probes (a few of the same shapes timed again, before the
// case and after each live repeat) say how far the lane's speed moved since the calibration; the engine serves the load live on the decoder
// (its step scheduler choosing every step, the decoder running it) `repeats` times on the identical
// arrivals, and the simulated twin (same config and seed, the calibrated coefficients) replays it.
// Every metric's error is reported apart, signed, beside the live repeats' spread and the case's
// drift, with the twin's error once the drift is applied too, and (a diagnostic) with coefficients
// fitted on the live runs' own steps.
//
//   npm run validate -- --llm --quick      # 80 requests a run, loads 0.3,0.5,0.7, 2 repeats
//   npm run validate -- --llm [--model decoder_tiny|gpt2_small] [--lane wasm|webgpu]
//                       [--requests 200] [--loads 0.3,0.5,0.7,0.85] [--repeats 3]
//                       [--scheduler continuous|chunked_prefill] [--seed 23] [--out out/validate-llm]
// (the defaults per model and lane: llm-lane.ts, llmPlan)

import { loadavg } from 'node:os';
import { Engine } from '../../src/engine/engine.ts';
import type { Summary } from '../../src/engine/summary.ts';
import type { DecoderId } from '../../src/models/decoders/decoder-config.ts';
import { calibrateDecoder, probeDrift } from '../../src/workers/lanes/decoder-calibration.ts';
import { runLiveLlm } from '../../src/workers/llm-live.ts';
import { probedRepeats } from '../../src/profiler/drift.ts';
import { fitStepCost, type StepSample } from '../../src/profiler/step-cost-fit.ts';
import type { CostCoefficients } from '../../src/engine/llm/cost-model.ts';
import { OptionError, parseOptions } from '../io/options.ts';
import { LLM_OPTIONS as OPTIONS } from './args.ts';
import { OutputFolder } from '../io/output-folder.ts';
import {
  caseConfig,
  compareCase,
  scaleCoefficients,
  serviceMsAlone,
  type CaseSpec,
  type LlmCaseResult,
  type LlmValidateOptions,
  type LlmValidateResult,
} from './llm-cases.ts';
import { writeLlmReport } from './llm-report.ts';
import {
  llmPlan,
  openLlmLane,
  type LlmLane,
  type LlmLaneKind,
  type LlmLaneUse,
} from './llm-lane.ts';

export function parseLlmValidateArgs(argv: string[]): LlmValidateOptions {
  const { values: v } = parseOptions(argv, OPTIONS);
  const model = v.model as DecoderId;
  const lane = v.lane as LlmLaneKind;
  const plan = llmPlan(model, lane, v.quick);
  const loads =
    v.loads === undefined
      ? plan.loads
      : v.loads.split(',').map((x) => (/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(x) ? Number(x) : NaN));
  if (loads.some((l) => !(l > 0 && l <= 2))) {
    throw new OptionError(['--loads: shares of the lane in (0, 2], e.g. 0.3,0.7']);
  }
  return {
    out: v.out,
    seed: v.seed,
    model,
    lane,
    requests: v.requests ?? plan.requests,
    loads,
    repeats: v.repeats ?? plan.repeats,
    calibration: { rounds: plan.rounds, stepsPerShape: plan.stepsPerShape, shapes: plan.shapes },
    probe: { shapes: plan.probeShapes, steps: plan.probeSteps },
    scheduler: v.scheduler as 'continuous' | 'chunked_prefill',
    quick: v.quick,
    tiering: v.tiering,
  };
}

/** The live steps' own fit (a diagnostic). A short run's steps may not separate the five terms
 * (too few distinct shapes): the column then repeats the calibrated twin, and says why. */
function fitOwnSteps(
  steps: StepSample[],
  calibrated: CostCoefficients,
  log: (line: string) => void,
): LlmCaseResult['ownFit'] {
  try {
    const f = fitStepCost(steps);
    return { coefficients: f.coefficients, r2: f.r2 };
  } catch (e) {
    const error = `the live steps cannot be fitted alone (${(e as Error).message}): own steps = the calibrated twin`;
    log(`  ${error}`);
    return { coefficients: calibrated, r2: NaN, error };
  }
}

const simulate = (spec: CaseSpec): Summary => {
  const e = new Engine(caseConfig(spec));
  e.runToEnd();
  return e.summary();
};

export async function runLlmValidate(
  o: LlmValidateOptions,
  log: (line: string) => void,
  /** The lane to measure (tests pass one they opened); opened from the options otherwise. */
  given?: LlmLane,
): Promise<LlmValidateResult> {
  const lane = given ?? (await openLlmLane(o.model, o.lane, log));
  const { config } = lane;
  const runner = (): LlmLaneUse => lane.use();
  const loads: number[] = [];
  const sample = (): void => void loads.push(loadavg()[0]!);
  try {
    const cal = runner();
    log('calibrating the step cost model on the decoder lane (designed batch shapes)...');
    sample();
    const calibration = await calibrateDecoder(cal, config.vocab, {
      ...o.calibration,
      onShape: (d, t) => d % 5 === 0 && log(`  ${d}/${t} shapes`),
    });
    await cal.close();
    const c = calibration.coefficients;
    log(
      `  fit: R² ${calibration.r2.toFixed(3)}, median |error| ${calibration.medianAbsErrorPct.toFixed(1)} %, ` +
        Object.entries(c)
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join(', '),
    );
    const alone = serviceMsAlone(c);
    const cases: LlmCaseResult[] = [];
    for (const load of o.loads) {
      const spec: CaseSpec = {
        load,
        rate: (load * 1000) / alone,
        requests: o.requests,
        seed: o.seed,
        scheduler: o.scheduler,
        laneKind: lane.engineKind,
      };
      // Drift probes before the case and after each live repeat (src/profiler/drift.ts): the
      // case's drift is their mean.
      const probe = async (): Promise<number> => {
        const use = runner();
        const d = await probeDrift(use, config.vocab, c, o.probe.steps, o.probe.shapes);
        await use.close();
        return d.driftPct;
      };
      const liveSteps: StepSample[] = [];
      const drift = await probedRepeats(o.repeats, probe, async (r, probes) => {
        if (r === 0) {
          log(`load ${load}: ${spec.rate.toFixed(2)} requests/s; drift ${probes[0]!.toFixed(1)} %`);
        }
        const use = runner();
        sample();
        const res = await runLiveLlm({
          config: caseConfig(spec),
          lanes: [use],
          vocab: config.vocab,
          timeoutMs: 3_600_000,
        });
        await use.close();
        const busy = res.steps.reduce((a, s) => a + (s.end - s.start), 0);
        for (const s of res.steps) liveSteps.push({ load: s.load, ms: s.end - s.start });
        log(
          `  live ${r + 1}/${o.repeats}: ${(res.wallMs / 1000).toFixed(1)} s, ${res.steps.length} steps, ` +
            `TTFT p50 ${res.summary.ttft_ms?.p50.toFixed(1)} ms, TPOT p50 ${res.summary.tpot_ms?.p50.toFixed(1)} ms`,
        );
        return {
          summary: res.summary,
          wallMs: res.wallMs,
          steps: res.steps.length,
          utilisation: busy / res.wallMs,
        };
      });
      const { probes, results: live } = drift;
      log(`  drift probes ${probes.map((p) => `${p.toFixed(1)} %`).join(', ')}`);
      const twin = simulate({ ...spec, cost: c });
      const corrected = simulate({ ...spec, cost: scaleCoefficients(c, drift.driftPct) });
      const ownFit = fitOwnSteps(liveSteps, c, log);
      const own = simulate({ ...spec, cost: ownFit.coefficients });
      // Each repeat's twin with the drift of the probes around that repeat.
      const perRepeat = drift.repeatPct.map((d) =>
        simulate({ ...spec, cost: scaleCoefficients(c, d) }),
      );
      const rows = compareCase(
        load,
        live.map((l) => l.summary),
        twin,
        corrected,
        drift.driftPct,
        own,
        perRepeat,
      );
      cases.push({
        spec,
        driftPct: drift.driftPct,
        probes,
        repeatPct: drift.repeatPct,
        live,
        twin,
        corrected,
        own,
        ownFit,
        rows,
      });
    }
    sample();
    return {
      calibration,
      serviceMsAlone: alone,
      cases,
      model: lane.model,
      lane: lane.lane,
      backend: `${lane.engineKind} lane: ${lane.backend}`,
      device: `${lane.device}; load average ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)}`,
      loads,
    };
  } finally {
    if (!given) await lane.release();
  }
}

/** The `--llm` entry of cli/validate.ts. */
export async function llmValidateMain(argv: string[], command: string): Promise<number> {
  const o = parseLlmValidateArgs(argv);
  const out = OutputFolder.check(o.out);
  const started = performance.now();
  const result = await runLlmValidate(o, (line) => process.stderr.write(`${line}\n`));
  const { met, counted } = writeLlmReport(out, result, {
    command,
    date: new Date().toISOString(),
    wall_s: (performance.now() - started) / 1000,
    options: o,
  });
  const missed = result.cases
    .flatMap((c) => c.rows)
    .filter((r) => r.met === false)
    .map((r) => `${r.load} ${r.class} ${r.metric} ${r.error_pct.toFixed(1)} %`);
  console.log(
    `wrote ${o.out}/validate.json, validate.md and calibration.svg in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `targets met ${met}/${counted}` +
      (missed.length > 0 ? ` (missed: ${missed.join(', ')})` : ''),
  );
  return 0;
}
