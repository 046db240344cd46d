// `npm run sim:compare -- --llm <config>`: two LLM step schedulers (A and B) on the identical
// requests (same seed: same arrivals, lengths and classes, common random numbers) over several
// seeds, with the page's paired intervals (compare-seeds.ts: a t-interval on the per-seed paired
// differences; latencies as ln(B/A)). Writes <out>/table.md (printed too) and results.json through
// the output folder (cli/io/output-folder.ts), checked by the caller before any run.

import type { OutputFolder } from './io/output-folder.ts';
import {
  pairMetrics,
  verdictSeeds,
  verdictSentence,
  type PairedMetric,
} from '../src/engine/compare-seeds.ts';
import type { Config } from '../src/engine/config.ts';
import { LLM_COMPARE_METRICS, runLlmSeed } from '../src/engine/llm/compare.ts';
import {
  LLM_SCHEDULER_NAMES,
  isLlmSchedulerName,
  type LlmSchedulerName,
} from '../src/engine/schedulers/registry.ts';
import type { Summary } from '../src/engine/summary.ts';
import { loadConfigFile } from './load-config.ts';

export interface LlmCompareOptions {
  config: string;
  a: string;
  b: string;
  seeds: number;
  seed: number;
  /** Requests per run; undefined: the config's own stop (jobs, duration or the trace's end). */
  jobs: number | undefined;
  /** Checked before the runs (OutputFolder.check). */
  out: OutputFolder;
}

function scheduler(option: string, name: string): LlmSchedulerName {
  if (!isLlmSchedulerName(name)) {
    throw new Error(
      `--${option}: "${name}" is not an LLM step scheduler; one of ${LLM_SCHEDULER_NAMES.join(', ')}`,
    );
  }
  return name;
}

function run(
  config: Config,
  name: LlmSchedulerName,
  seed: number,
  jobs: number | undefined,
): Summary {
  const c: Config = {
    ...config,
    llm: { ...config.llm!, scheduler: { ...config.llm!.scheduler, name } },
  };
  return runLlmSeed(c, seed, jobs).summary();
}

/** Run the comparison; returns the markdown table. Throws (with a message naming the option) on bad input. */
export function compareLlm(
  o: LlmCompareOptions,
  progress: (line: string) => void = () => {},
): string {
  const a = scheduler('a', o.a);
  const b = scheduler('b', o.b);
  const config = loadConfigFile(o.config);
  if (config.llm === undefined) throw new Error(`--llm: ${o.config} has no "llm" section`);
  const seeds = verdictSeeds(o.seed, o.seeds);
  const sa: Summary[] = [];
  const sb: Summary[] = [];
  seeds.forEach((seed, k) => {
    sa.push(run(config, a, seed, o.jobs));
    sb.push(run(config, b, seed, o.jobs));
    progress(`seed ${k + 1} of ${seeds.length} done`);
  });
  const paired: PairedMetric[] = pairMetrics(sa, sb, 0.95, LLM_COMPARE_METRICS);
  const fmt = (m: PairedMetric, v: number) => (m.unit === 'ms' ? v.toFixed(1) : v.toFixed(2));
  let table = `A = ${a}, B = ${b} on ${o.config}, ${seeds.length} seeds from ${o.seed} (same requests on both sides per seed)\n\n`;
  table +=
    '| figure | A (mean) | B (mean) | B against A | 95 % CI |\n| --- | ---: | ---: | ---: | --- |\n';
  for (const m of paired) {
    const est = m.kind === 'ratio' ? `${(m.estimate * 100).toFixed(1)} %` : m.estimate.toFixed(2);
    const ci = m.interval
      ? m.kind === 'ratio'
        ? `${(m.interval.lo * 100).toFixed(1)} to ${(m.interval.hi * 100).toFixed(1)} %`
        : `${m.interval.lo.toFixed(2)} to ${m.interval.hi.toFixed(2)}`
      : 'n/a';
    table += `| ${m.label} | ${fmt(m, m.a)} | ${fmt(m, m.b)} | ${est} | ${ci} |\n`;
  }
  table += '\n' + paired.map((m) => `- ${verdictSentence(m, seeds.length)}`).join('\n') + '\n';
  o.out.write('table.md', table);
  o.out.write(
    'results.json',
    JSON.stringify({ config: o.config, a, b, seeds, jobs: o.jobs ?? null, paired }, null, 2) + '\n',
  );
  return table;
}
