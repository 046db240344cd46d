// `npm run bench:policy-realm`: what each candidate home for user policy code costs in decisions per
// second, measured on the policy API's own path (examples/policies/fifo.js deciding every start of
// a 200,000-job run: Poisson 14,000 jobs/s on 16 CPU lanes, 87.5 % load). Issue 19 asked for a
// realm of its own for user code, chosen by measurement:
//
//   plain    the instrumented module evaluated by indirect eval in the engine's realm (the page's
//            engine worker, which the page replaces before any run without user code)
//   ses      Hardened JavaScript: `lockdown()` freezes the shared intrinsics, the module runs in a
//            `Compartment` with its own global object
//   vm       a Node `vm` context: a separate realm with intrinsics of its own (cli/policy-realm.ts,
//            what `npm run sim -- --policy` uses)
//   worker   a dedicated worker thread: each decision posts the queue and lanes to it and waits for
//            the answer (Atomics.wait on a SharedArrayBuffer: the page's only synchronous way)
//
// and, beside them, the built-in `fifo` with and without `lockdown()`, to show what freezing the
// intrinsics costs the engine itself. Each case runs in a fresh Node process (lockdown is for the
// life of a realm), in rounds that alternate the cases; figures are medians over the rounds, per
// CPU second (this machine is shared) and per wall second.
//
//   npm run bench:policy-realm -- [--rounds 5] [--jobs 200000]

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/engine.ts';
import { benchConfig } from './engine-config.ts';
import { pluginFactory, PluginScheduler } from '../src/engine/policy-api/plugin-scheduler.ts';
import type { SchedulerFactory } from '../src/engine/schedulers/types.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import type { PolicyRealm } from '../src/policy/realm.ts';
import { nodePolicyRealm } from '../cli/policy-realm.ts';
import { workerPolicy } from './policy-realm-worker.ts';

const CASES = ['plain', 'ses', 'vm', 'worker', 'builtin', 'builtin+lockdown'] as const;
type Case = (typeof CASES)[number];

interface CaseResult {
  case: Case;
  decisions: number;
  cpuS: number;
  wallS: number;
}

const FIFO = fileURLToPath(new URL('../examples/policies/fifo.js', import.meta.url));

async function lockdownNow(): Promise<void> {
  await import('ses');
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe', consoleTaming: 'unsafe' });
}

async function scheduler(c: Case): Promise<SchedulerFactory | undefined> {
  const source = readFileSync(FIFO, 'utf8');
  if (c === 'builtin') return undefined;
  if (c === 'builtin+lockdown') {
    await lockdownNow();
    return undefined;
  }
  if (c === 'worker') return workerPolicy(source);
  let realm: PolicyRealm | undefined;
  if (c === 'ses') {
    await lockdownNow();
    const compartment = new Compartment({ globals: {}, __options__: true });
    realm = { evaluate: (code) => compartment.evaluate(code) };
  } else if (c === 'vm') {
    realm = nodePolicyRealm();
  }
  const r = compilePolicy(source, { file: 'fifo.js', ...(realm ? { realm } : {}) });
  if (!r.ok) throw new Error(`${c}: ${r.error.message}`);
  return pluginFactory(r.policy.name, r.policy.instantiate);
}

async function runCase(c: Case, jobs: number): Promise<CaseResult> {
  const factory = await scheduler(c);
  const config = benchConfig(jobs);
  const engine = new Engine(config, factory ? { scheduler: factory } : {});
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  engine.runToEnd();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const plugin = engine.currentScheduler;
  const decisions =
    plugin instanceof PluginScheduler ? plugin.status().decisions : engine.ledger().completed;
  if (engine.ledger().completed !== jobs) throw new Error(`${c}: not every job completed`);
  return { case: c, decisions, cpuS: (cpu.user + cpu.system) / 1e6, wallS };
}

function child(c: Case, jobs: number): CaseResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--case', c, String(jobs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as CaseResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    const r = await runCase(args[1] as Case, Number(args[2]));
    console.log(JSON.stringify(r));
    process.exit(0);
  }
  const rounds = flag(args, '--rounds', 5);
  const jobs = flag(args, '--jobs', 200_000);
  const load = (): string => loadavg()[0]!.toFixed(1);
  console.log(
    `policy realms: examples/policies/fifo.js deciding a ${jobs.toLocaleString('en')}-job run, ${rounds} alternating rounds, load average ${load()} at start`,
  );
  const results = new Map<Case, CaseResult[]>(CASES.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of CASES) results.get(c)!.push(child(c, jobs));
    process.stderr.write(`round ${r + 1} of ${rounds} done (load ${load()})\n`);
  }
  const plainCpu = median(results.get('plain')!.map((x) => x.decisions / x.cpuS));
  console.log('\ncase               decisions/CPU-s  decisions/wall-s  vs plain (CPU)  decisions');
  for (const c of CASES) {
    const rs = results.get(c)!;
    const perCpu = median(rs.map((x) => x.decisions / x.cpuS));
    const perWall = median(rs.map((x) => x.decisions / x.wallS));
    console.log(
      `${c.padEnd(18)} ${Math.round(perCpu).toLocaleString('en').padStart(15)}  ${Math.round(perWall).toLocaleString('en').padStart(16)}  ${(perCpu / plainCpu).toFixed(2).padStart(14)}  ${rs[0]!.decisions}`,
    );
  }
  console.log(
    `\n(builtin rows count completed jobs, not decisions: they show the engine's own speed with and without frozen intrinsics)\nload average at end: ${load()}`,
  );
}

await main();
