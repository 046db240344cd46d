// `npm run validate`: is the simulation right about real inference? Real lanes (onnxruntime-web's
// WASM backend in Node worker threads, driven by the page's own engine host, live executor and lane
// code) serve Poisson arrivals at 30, 50, 70 and 85 % of their calibrated capacity and a bursty
// case, each repeated; the engine then replays the same arrivals with the calibrated service model.
// Writes out/validate/validate.json, validate.md, a CDF overlay per case and the traces.
//
//   npm run validate                      # 1,500 jobs a run, 3 repeats (about 15 minutes)
//   npm run validate -- --quick           # 300 jobs a run (about 3 minutes on 2 cores)
//   npm run validate -- --loads 0.3,0.7 --no-bursty --repeats 5 --jobs 2000 --lanes 2 --threads 1
//                       [--models ppocr_cls:2,silero_vad:2,resnet18:1] [--interactive 0.5]
//                       [--replays 5] [--pacing event|tick] [--seed 21] [--out out/validate]
//                       [--probe-jobs 300] [--probe-load 0.5] [--drift-probe-ms 300] [--tiering]
//   npm run validate -- --llm [--quick] [--model decoder_tiny|gpt2_small] [--lane wasm|webgpu]
//                                         # LLM serving on a real decoder (validate/llm-validate.ts)

import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import * as ortWeb from 'onnxruntime-web';
import { parseValidateArgs } from './validate/args.ts';
import { OptionError } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { warn } from './io/terminal.ts';
import { LanePool } from '../src/workers/lane-pool.ts';
import { nodeLaneClient } from './validate/node-lane.ts';
import { liveRun } from './validate/live-run.ts';
import { runValidate, type ValidateDeps } from './validate/run-validate.ts';
import { writeReport } from './validate/report.ts';
import { generate } from '../scripts/models/generate.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--llm')) {
    const { llmValidateMain } = await import('./validate/llm-validate.ts');
    try {
      // V8's optimising compiler up front, as below (unless --tiering).
      if (!argv.includes('--tiering')) setFlagsFromString('--no-liftoff');
      const code = await llmValidateMain(argv, `npm run validate -- ${argv.join(' ')}`);
      // onnxruntime-web's WASM backend keeps Node's event loop alive once a session ran.
      process.exit(code);
    } catch (e) {
      if (!(e instanceof OptionError || e instanceof OutputError)) throw e;
      warn(`validate: ${e instanceof OptionError ? e.problems.join('\nvalidate: ') : e.message}`);
      process.exit(2);
    }
    return;
  }
  let o: ReturnType<typeof parseValidateArgs>;
  let out: OutputFolder;
  try {
    o = parseValidateArgs(process.argv.slice(2));
    // Before minutes of live runs: a folder that cannot hold the report is said now.
    out = OutputFolder.check(o.out);
  } catch (e) {
    if (!(e instanceof OptionError || e instanceof OutputError)) throw e;
    warn(`validate: ${e instanceof OptionError ? e.problems.join('\nvalidate: ') : e.message}`);
    process.exit(2);
  }
  // V8 compiles WASM with its baseline compiler first and optimises hot functions later, in the
  // background. On 2 cores a fresh Node lane then runs ppocr_cls at ~6.5 ms for its first ~40 runs
  // and 2.5 ms after, and the background compiles steal time from the other lane: calibration and
  // live runs each caught a different moment of it (ppocr_cls calibrated at 8.5-15.8 ms, served at
  // 4.1-17 ms). Compiling with the optimising compiler up front (V8's flags are process-wide, so
  // this holds for the lane threads) makes lanes run at their steady speed from the first run, at
  // about 7 s of start-up per lane; the lanes are kept for the whole run (LanePool) so that is paid
  // once. `--tiering` keeps V8's default, as a browser runs it.
  if (!o.tiering) setFlagsFromString('--no-liftoff');
  await generate(false, () => {});
  const started = performance.now();
  const loads: number[] = [];
  const sample = (): number[] => {
    const l = loadavg();
    loads.push(l[0]!);
    return l;
  };
  const pool = new LanePool(nodeLaneClient);
  const deps: ValidateDeps = {
    spawn: pool.spawn,
    loadavg: sample,
    log: (line) => process.stderr.write(`${line}\n`),
    liveRun: async (c, live) => {
      const r = await liveRun(c.config, live, pool.spawn, 600_000);
      return { log: r.record.log, runs: r.runs, servingMs: r.servingMs, startupMs: r.startupMs };
    },
  };
  sample();
  const result = await runValidate(o, deps).finally(() => pool.close());
  deps.log(`lane workers started: ${pool.started} (for ${o.lanes} lanes)`);
  sample();
  const { checks, own, corrected, byCorrection } = writeReport(out, result, {
    command: `npm run validate -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores`,
    node: process.version,
    ort: ortWeb.env.versions.web ?? '?',
    lanes: o.lanes,
    threads: o.threads,
    models: o.models as Record<string, number>,
    interactive_ratio: o.interactiveRatio,
    jobs: o.jobs,
    repeats: o.repeats,
    replays: o.replays,
    pacing: o.pacing,
    seed: o.seed,
    wall_s: (performance.now() - started) / 1000,
    loadavg: { first: loads[0]!, last: loads[loads.length - 1]!, max: Math.max(...loads) },
  });
  const missed = checks.filter((c) => !c.met);
  console.log(
    `wrote ${o.out}/validate.json, validate.md and ${result.cases.length} CDF plots in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `targets met ${checks.length - missed.length}/${checks.length}` +
      (missed.length > 0
        ? ` (missed: ${missed.map((m) => `${m.load} ${m.class} ${m.metric} ${m.abs_error_pct.toFixed(1)} %`).join(', ')})`
        : '') +
      `; drift-corrected ${corrected.filter((c) => c.met).length}/${corrected.length}` +
      Object.entries(byCorrection)
        .map(([k, ts]) => `; ${k} ${ts.filter((c) => c.met).length}/${ts.length}`)
        .join('') +
      `; with each case's own service times ${own.filter((c) => c.met).length}/${own.length}` +
      `; load average ${loads[0]!.toFixed(2)} -> ${loads[loads.length - 1]!.toFixed(2)}, max ${Math.max(...loads).toFixed(2)}`,
  );
}

main().catch((e: unknown) => {
  warn(`validate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
