// `npm run compare:autoscalers`: two autoscalers on the identical arrivals of a scenario (the daily
// cycle, the step load or the Twitter-like day of src/engine/autoscale-compare.ts) over several
// seeds, with paired intervals: SLO attainment, replica-seconds, cost per 1,000 requests, p99,
// cold-start waits.
// Writes DIR/table.md (printed too), DIR/results.json and DIR/replicas.svg (replicas over time on
// the first seed, both sides, beside the arrival rate).
//
//   npm run compare:autoscalers -- [--scenario daily_cycle|step_load|twitter_day] [--a hpa]
//                                  [--b predictive] [--seeds 5] [--out out/autoscale-compare]
// A bad option exits with status 2 and a message naming it.

import { pathToFileURL } from 'node:url';
import { OptionError, parseOptions } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { timelineSvg } from './plots.ts';
import {
  AUTOSCALE_SCENARIOS,
  REPLICA_RATE_PER_S,
  compareAutoscalers,
  formatChange,
  scenarioByName,
  type AutoscaleComparison,
} from '../src/engine/autoscale-compare.ts';
import { AUTOSCALER_NAMES, type AutoscalerName } from '../src/engine/autoscalers/registry.ts';

export const OPTIONS = {
  scenario: {
    type: 'choice',
    values: AUTOSCALE_SCENARIOS.map((s) => s.name),
    default: 'daily_cycle',
  },
  a: { type: 'choice', values: AUTOSCALER_NAMES, default: 'hpa' },
  b: { type: 'choice', values: AUTOSCALER_NAMES, default: 'predictive' },
  seeds: { type: 'int', min: 2, max: 100, default: 5 },
  out: { type: 'string', default: 'out/autoscale-compare' },
} as const;

const USAGE =
  'usage: npm run compare:autoscalers -- [--scenario ' +
  AUTOSCALE_SCENARIOS.map((s) => s.name).join('|') +
  '] [--a POLICY] [--b POLICY] [--seeds N] [--out DIR]\n  policies: ' +
  AUTOSCALER_NAMES.join(', ');

/** The markdown report: per-figure means, B against A with its interval, the verdict. */
export function markdown(c: AutoscaleComparison): string {
  const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const show = (id: string, x: number) =>
    id === 'slo_attainment' ? `${(100 * x).toFixed(1)} %` : num(x);
  const rows = c.figures.map(
    (f) =>
      `| ${f.label} (${f.better} is better) | ${show(f.id, f.a)} | ${show(f.id, f.b)} | ${formatChange(f)} |`,
  );
  const ledger = c.a.runs.map((r, k) => {
    const rb = c.b.runs[k]!;
    return `| ${c.seeds[k]} | ${r.arrived} | ${r.completed} | ${rb.completed} | ${r.flaps} | ${rb.flaps} |`;
  });
  return [
    `# ${c.b.policy} against ${c.a.policy} on ${c.scenario}`,
    '',
    `Scenario: ${c.description}. Both sides replay the identical arrivals of each seed (seeds ${c.seeds.join(', ')}).`,
    '',
    `| figure | ${c.a.policy} (A) | ${c.b.policy} (B) | B against A, 95 % interval over seeds |`,
    '| --- | --: | --: | --- |',
    ...rows,
    '',
    c.verdict,
    '',
    `| seed | arrived (both) | completed A | completed B | flaps A | flaps B |`,
    '| --: | --: | --: | --: | --: | --: |',
    ...ledger,
    '',
  ].join('\n');
}

export function main(argv: string[]): number {
  let out: OutputFolder;
  let values: ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];
  try {
    const parsed = parseOptions(argv, OPTIONS);
    if (parsed.help) {
      say(USAGE);
      return 0;
    }
    values = parsed.values;
    out = OutputFolder.check(values.out);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const lines = e instanceof OptionError ? e.problems : [e.message];
    if (!(e instanceof OptionError || e instanceof OutputError)) lines.push(USAGE);
    warn(`compare:autoscalers: ${lines.join('\ncompare:autoscalers: ')}`);
    return 2;
  }
  const scenario = scenarioByName(values.scenario)!;
  const seeds = Array.from({ length: values.seeds }, (_, k) => k + 1);
  const c = compareAutoscalers(
    scenario,
    values.a as AutoscalerName,
    values.b as AutoscalerName,
    seeds,
    (done, total) => warn(`seed ${done} of ${total} done`),
  );
  const table = markdown(c);
  out.write('table.md', table);
  out.write('results.json', JSON.stringify(c, null, 2));
  const rate = Array.from(
    { length: scenario.seconds },
    (_, s) => scenario.rate(s) / REPLICA_RATE_PER_S,
  );
  out.write(
    'replicas.svg',
    timelineSvg(
      `Replicas over time on ${scenario.name}, seed ${seeds[0]}`,
      [
        { label: `${c.a.policy} (A)`, colour: '#868e96', values: c.a.runs[0]!.replicas },
        { label: `${c.b.policy} (B)`, colour: '#1971c2', values: c.b.runs[0]!.replicas },
        { label: 'needed at full use', colour: '#e67700', values: rate },
      ],
      'replicas',
    ),
  );
  process.stdout.write(table);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
