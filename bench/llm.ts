// `npm run bench:llm`: what LLM serving costs to simulate, against the peer the issue names.
//   1. The one-hour Azure conv trace (19,366 requests, 26.5 M tokens) end to end, as a person runs
//      it: `node cli/launch.mjs sim --config examples/llm/azure-conv.yaml` (npm's own start-up
//      apart), the whole process timed from outside, trace.csv and steps.csv written. Target: 2 s.
//   2. Simulated tokens (prompt and generated) per CPU-second of the engine alone, in-process.
//   3. The peer, Doubleword's Inference Lab (@doublewordai/inference-lab 0.2.1, Rust compiled to
//      WASM, MIT), against SchedLab on the same workload: 19,366 Poisson requests at 5.53/s with
//      lognormal prompt and output lengths fitted to the conv trace (the same mu and sigma of ln
//      length for both), H100 and Llama 3.1 8B, max_num_seqs 256, 8,192 tokens a step, chunked
//      prefill. Each side's whole process is timed, runs alternating. Target: at least 30x.
//   4. The request kind's engine (`bench/engine.ts --case`, 1,000,000 jobs, fifo without trace and
//      edf with trace.csv) on this tree and on the commit it branched from, in ABBA order: the LLM
//      work must not slow it down.
// Prints the load average before and after: this machine is shared, read ratios before absolutes.
// `--quick`: fewer repeats; `--peer-runs N` (default 2: the peer takes about a minute a run).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/engine/config.ts';
import { Engine } from '../src/engine/engine.ts';
import { parseAzureLlmTrace } from '../src/engine/llm/azure-trace.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONV = join(ROOT, 'examples/llm/AzureLLMInferenceTrace_conv.csv');
const quick = process.argv.includes('--quick');
const peerRunsArg = process.argv.indexOf('--peer-runs');
const peerRuns = peerRunsArg > 0 ? Number(process.argv[peerRunsArg + 1]) : quick ? 1 : 2;
const dir = mkdtempSync(join(tmpdir(), 'schedlab-bench-llm-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** Wall seconds of a whole process; throws with its output when it fails. */
function wall(command: string, args: string[], cwd = ROOT): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return s;
}

function sim(config: string, out: string): number {
  return wall(process.execPath, [
    'cli/launch.mjs',
    'sim',
    '--config',
    config,
    '--out',
    out,
    '--quiet',
  ]);
}

/** CPU seconds (user + system) of a whole `sim` process, from bash's `time`: less disturbed than
 * wall time by other work on a shared machine. */
function simCpu(config: string, out: string): number {
  const node = JSON.stringify(process.execPath);
  const r = spawnSync(
    'bash',
    [
      '-c',
      `TIMEFORMAT='%U %S'; time ${node} cli/launch.mjs sim --config ${JSON.stringify(config)} --out ${JSON.stringify(out)} --quiet`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`sim failed:\n${r.stderr}`);
  const [user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return user! + system!;
}

// ---- 1. The Azure conv trace end to end ---------------------------------------------------------

console.log(`LLM benchmark; load average at start: ${load()}\n`);
const convConfig = join(ROOT, 'examples/llm/azure-conv.yaml');
sim(convConfig, join(dir, 'warm')); // builds the CLI if needed, warms the code cache
const convRuns = Array.from({ length: quick ? 3 : 7 }, () => sim(convConfig, join(dir, 'conv')));
const convCpu = Array.from({ length: quick ? 3 : 5 }, () => simCpu(convConfig, join(dir, 'conv')));
const summary = JSON.parse(readFileSync(join(dir, 'conv/summary.json'), 'utf8')) as {
  ledger: { completed: number };
  tokens: { prompt: number; generated: number };
};
console.log('1. Azure conv trace (19,366 requests, one hour) end to end, `sim` as a whole process');
console.log(
  `   ${summary.ledger.completed.toLocaleString('en')} requests, ${(summary.tokens.prompt + summary.tokens.generated).toLocaleString('en')} tokens; ` +
    `median ${median(convRuns).toFixed(2)} s wall (min ${Math.min(...convRuns).toFixed(2)}, max ${Math.max(...convRuns).toFixed(2)}) over ${convRuns.length} runs; target at most 2 s`,
);
console.log(
  `   CPU time of the whole process (user + system): median ${median(convCpu).toFixed(2)} s over ${convCpu.length} runs (what the wall time is on an idle core)\n`,
);

// ---- 2. Tokens per CPU-second -------------------------------------------------------------------

{
  const data = readFileSync(CONV, 'utf8');
  const config = parseConfig({
    seed: 1,
    arrivals: { process: 'trace', format: 'azure_llm', data },
    mix: { interactive_ratio: 1 },
    lanes: [{ kind: 'gpu', count: 1 }],
    llm: {},
  });
  const llmTrace = parseAzureLlmTrace(data);
  const rates: number[] = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const cpu0 = process.cpuUsage();
    const engine = new Engine(config, { llmTrace });
    engine.runToEnd();
    const cpu = process.cpuUsage(cpu0);
    const s = engine.summary();
    rates.push((s.tokens!.prompt + s.tokens!.generated) / ((cpu.user + cpu.system) / 1e6));
  }
  console.log('2. Engine alone, in-process, trace and steps not written (conv trace)');
  console.log(
    `   ${(median(rates) / 1e6).toFixed(1)} M simulated tokens per CPU-second (median of ${rates.length})\n`,
  );
}

// ---- 3. The peer --------------------------------------------------------------------------------

/** mu and sigma of ln(length) over the conv trace's prompts and outputs. */
function lnFit(values: Int32Array): { mu: number; sigma: number } {
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    const l = Math.log(v);
    s += l;
    s2 += l * l;
  }
  const mu = s / values.length;
  return { mu, sigma: Math.sqrt(s2 / values.length - mu * mu) };
}

{
  const trace = parseAzureLlmTrace(readFileSync(CONV, 'utf8'));
  const p = lnFit(trace.prompt);
  const o = lnFit(trace.output);
  const requests = 19_366;
  const rate = 5.53;
  const require = createRequire(import.meta.url);
  let peerEntry: string | undefined;
  try {
    peerEntry = require.resolve('@doublewordai/inference-lab');
  } catch {
    peerEntry = undefined;
  }
  const asMeanCv = (f: { mu: number; sigma: number }) => ({
    mean: Math.exp(f.mu + (f.sigma * f.sigma) / 2),
    cv: Math.sqrt(Math.exp(f.sigma * f.sigma) - 1),
  });
  const ours = join(dir, 'poisson.json');
  writeFileSync(
    ours,
    JSON.stringify({
      seed: 42,
      jobs: requests,
      arrivals: { process: 'poisson', rate_per_s: rate },
      mix: { interactive_ratio: 1 },
      lanes: [{ kind: 'gpu', count: 1 }],
      llm: {
        model: 'llama3_8b',
        max_num_seqs: 256,
        max_num_batched_tokens: 8192,
        scheduler: { name: 'chunked_prefill', token_budget: 8192 },
        prompt: { dist: 'lognormal', ...asMeanCv(p), max: 131072 },
        output: { dist: 'lognormal', ...asMeanCv(o), max: 131072 },
      },
    }),
  );
  console.log(
    `3. Peer: ${requests.toLocaleString('en')} Poisson requests at ${rate}/s, ln prompt ~ N(${p.mu.toFixed(2)}, ${p.sigma.toFixed(2)}^2), ln output ~ N(${o.mu.toFixed(2)}, ${o.sigma.toFixed(2)}^2) (fitted to conv)`,
  );
  if (peerEntry === undefined) {
    console.log(
      '   @doublewordai/inference-lab is not installed (npm ci installs it): peer not measured\n',
    );
  } else {
    const peerConfig = {
      hardware: {
        name: 'H100',
        compute_flops: 989e12,
        memory_bandwidth: 3.35e12,
        memory_capacity: 85899345920,
        bytes_per_param: 2,
      },
      model: {
        name: 'Llama-3.1-8B',
        num_parameters: 8030000000,
        num_layers: 32,
        hidden_dim: 4096,
        num_heads: 32,
        num_kv_heads: 8,
        max_seq_len: 131072,
      },
      scheduler: {
        max_num_batched_tokens: 8192,
        max_num_seqs: 256,
        policy: 'fcfs',
        enable_chunked_prefill: true,
        block_size: 16,
      },
      workload: {
        arrival_pattern: 'poisson',
        arrival_rate: rate,
        num_requests: requests,
        seed: 42,
        input_len_dist: { type: 'lognormal', mean: p.mu, std_dev: p.sigma },
        output_len_dist: { type: 'lognormal', mean: o.mu, std_dev: o.sigma },
      },
      simulation: { log_interval: 1_000_000_000 },
    };
    const peerScript = join(dir, 'peer.mjs');
    writeFileSync(
      peerScript,
      [
        `import { readFileSync } from 'node:fs';`,
        `import * as lab from ${JSON.stringify(peerEntry)};`,
        `lab.initSync({ module: readFileSync(${JSON.stringify(peerEntry.replace(/inference_lab\.js$/, 'inference_lab_bg.wasm'))}) });`,
        `const r = lab.run_simulation(${JSON.stringify(JSON.stringify(peerConfig))});`,
        `console.log(JSON.stringify({ completed: r.metrics.completed_requests ?? null, ttft_p50: r.metrics.ttft_p50 }));`,
      ].join('\n'),
    );
    const peer: number[] = [];
    const mine: number[] = [];
    for (let i = 0; i < peerRuns; i++) {
      mine.push(sim(ours, join(dir, 'poisson')));
      peer.push(wall(process.execPath, [peerScript]));
      mine.push(sim(ours, join(dir, 'poisson')));
    }
    const ratio = median(peer) / median(mine);
    const convRatio = median(peer) / median(convRuns);
    console.log(
      `   Inference Lab: median ${median(peer).toFixed(1)} s over ${peer.length} runs (${peer.map((s) => s.toFixed(1)).join(', ')})`,
    );
    console.log(
      `   SchedLab sim:  median ${median(mine).toFixed(2)} s over ${mine.length} runs, alternating with the peer`,
    );
    console.log(
      `   SchedLab is ${ratio.toFixed(0)}x faster on the same workload (${convRatio.toFixed(0)}x against the conv trace run of part 1); target at least 30x\n`,
    );
  }
}

// ---- 4. The request kind, against the commit this branch started from ---------------------------

{
  let base = '';
  try {
    base = execFileSync('git', ['merge-base', 'HEAD', 'main'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    base = '';
  }
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  if (base === '' || base === head) {
    console.log('4. Request kind: no base commit to compare with (on main); skipped\n');
  } else {
    const baseDir = join(dir, 'base');
    execFileSync(
      'bash',
      ['-c', `mkdir -p ${baseDir} && git archive ${base} | tar -x -C ${baseDir}`],
      { cwd: ROOT },
    );
    if (!existsSync(join(baseDir, 'node_modules')))
      symlinkSync(join(ROOT, 'node_modules'), join(baseDir, 'node_modules'));
    const bench = (root: string, scheduler: string, trace: string): number => {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'bench/engine.ts'), '--case', '1000000', scheduler, trace],
        { cwd: root, encoding: 'utf8' },
      );
      const r = JSON.parse(out.trim().split('\n').pop()!) as { jobs: number; seconds: number };
      return r.jobs / r.seconds;
    };
    console.log(
      `4. Request kind (bench/engine.ts cases, 1,000,000 jobs): this tree against ${base.slice(0, 10)}, alternating`,
    );
    for (const [scheduler, trace] of [
      ['fifo', 'notrace'],
      ['edf', 'trace'],
    ] as const) {
      const now: number[] = [];
      const before: number[] = [];
      // ABBA pairs: neither side always runs first (a loaded machine drifts).
      for (let i = 0; i < (quick ? 2 : 4); i++) {
        before.push(bench(baseDir, scheduler, trace));
        now.push(bench(ROOT, scheduler, trace));
        now.push(bench(ROOT, scheduler, trace));
        before.push(bench(baseDir, scheduler, trace));
      }
      const ratio = median(now) / median(before);
      console.log(
        `   ${scheduler} ${trace === 'trace' ? 'with trace.csv' : 'trace off'}: ${Math.round(median(now)).toLocaleString('en')} jobs/s now, ${Math.round(median(before)).toLocaleString('en')} before (medians of ${now.length}, ABBA order); ratio ${ratio.toFixed(3)}`,
      );
    }
    console.log('');
  }
}

console.log(`load average at end: ${load()}`);
rmSync(dir, { recursive: true, force: true });
