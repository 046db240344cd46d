// Fuzzing `npm run sim` in-process through its own `main`: configs (JSON and YAML), requests-per-
// second files, timestamp CSVs and raw bytes. Every case ends in a clear message and nothing
// written (exit 2), or a run (exit 0, or 3 when a limit stopped it) whose summary balances and
// whose trace.csv and timeseries.csv parse back, within bounded time and memory. Exit 1 (a failure
// after the simulation) or an exception is a bug.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/run-sim.ts';
import { LLM_TRACE_COLUMNS } from '../src/engine/llm/csv-writers.ts';
import { config, llmConfig, rpsText, timestampsText, traceText } from './arbitraries.ts';
import {
  CASE_MS,
  HEAP_BYTES,
  budget,
  expectBalanced,
  expectClearMessage,
  expectCsv,
  expectTraceCsv,
  tally,
  tallyReport,
} from './check.ts';

/** Events a fuzzed run may process before it is stopped (exit 3, results written). */
const MAX_EVENTS = 20_000;

const root = mkdtempSync(join(tmpdir(), 'schedlab-fuzz-cli-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  console.log(tallyReport());
});

let caseNo = 0;

/** Run the CLI on config text (and a trace file) and check what it did; `llm`: the config has an
 * `llm` section, so a run's trace.csv has a row per ended request and steps.csv one per step. */
function runCli(
  property: string,
  configText: string | Uint8Array,
  yaml: boolean,
  trace?: string,
  llm = false,
) {
  const dir = join(root, String(++caseNo));
  const out = join(dir, 'out');
  try {
    mkdirSync(dir, { recursive: true });
    const configPath = join(dir, yaml ? 'c.yaml' : 'c.json');
    writeFileSync(configPath, configText);
    if (trace !== undefined) writeFileSync(join(dir, 'load.txt'), trace);
    const err: string[] = [];
    const started = performance.now();
    const status = main(
      ['--config', configPath, '--out', out, '--quiet', '--max-events', String(MAX_EVENTS)],
      { out: () => undefined, err: (l) => err.push(l) },
    );
    expect(performance.now() - started).toBeLessThan(CASE_MS);
    expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_BYTES);
    const stderr = err.join('\n');
    expect([0, 2, 3], stderr).toContain(status);
    if (status === 2) {
      tally(property, 'refused');
      expectClearMessage(stderr);
      expect(stderr.startsWith('sim: ')).toBe(true);
      expect(existsSync(out)).toBe(false);
      return;
    }
    tally(property, status === 3 ? 'stopped at a limit' : 'ran');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      ledger: Parameters<typeof expectBalanced>[0];
      stopped?: string;
      llm?: { token_ledger: { balanced: boolean }; steps: { count: number } };
    };
    expectBalanced(summary.ledger);
    if (status === 3) {
      expect(summary.stopped).toBeTypeOf('string');
      expectClearMessage(stderr);
    } else if (summary.ledger.arrived === 0) {
      // A run of nothing (the first arrival after the run's end) says so.
      expect(stderr).toMatch(/^sim: no job arrived: /);
    } else expect(stderr).toBe('');
    const l = summary.ledger;
    if (llm) {
      // The token ledger: tokens sampled = outputs of completed requests + tokens in flight.
      expect(summary.llm?.token_ledger.balanced).toBe(true);
      const rows = expectCsv(readFileSync(join(out, 'trace.csv'), 'utf8'));
      expect(rows[0]).toEqual([...LLM_TRACE_COLUMNS]);
      expect(rows.length - 1).toBe(l.completed + l.rejected + l.dropped);
      const steps = expectCsv(readFileSync(join(out, 'steps.csv'), 'utf8'));
      expect(steps.length - 1).toBe(summary.llm?.steps.count);
    } else {
      expectTraceCsv(
        readFileSync(join(out, 'trace.csv'), 'utf8'),
        l.completed + l.rejected + l.dropped,
      );
      expectCsv(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    }
    const svgs = readdirSync(out).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    for (const svg of svgs)
      expect(readFileSync(join(out, svg), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Split a generated config into its text and the trace file it names. */
function configFiles(c: Record<string, unknown>, yaml: boolean): [string, string | undefined] {
  const arrivals = c['arrivals'] as Record<string, unknown> | undefined;
  let trace: string | undefined;
  if (arrivals && '__text' in arrivals) {
    trace = arrivals['__text'] as string;
    delete arrivals['__text'];
  }
  return [yaml ? toYaml(c) : JSON.stringify(c), trace];
}

describe('npm run sim, fuzzed', () => {
  it('configs (JSON or YAML): a clear error, or a balanced run with exports that parse back', () => {
    fc.assert(
      fc.property(config('file', traceText), fc.boolean(), (c, yaml) => {
        const [text, trace] = configFiles(c, yaml);
        runCli('cli configs', text, yaml, trace);
      }),
      budget(100, 3000),
    );
  });

  it('requests-per-second files, replayed by a sane config', () => {
    fc.assert(
      fc.property(
        rpsText,
        fc.boolean(),
        fc.constantFrom(undefined, 0.01, 1, 50),
        (text, loop, scale) => {
          const c = {
            jobs: 2000,
            arrivals: {
              process: 'trace',
              format: 'rps',
              file: 'load.txt',
              loop,
              ...(scale ? { rate_scale: scale } : {}),
            },
            mix: { models: { resnet18: 1, '=cmd()': 1 } },
            lanes: [{ kind: 'gpu' }, { kind: 'cpu', count: 2 }],
            service: { dist: 'exponential', mean_ms: 2 },
          };
          runCli('cli rps files', JSON.stringify(c), false, text);
        },
      ),
      budget(80, 4000),
    );
  });

  it('timestamp CSVs, replayed by a sane config', () => {
    fc.assert(
      fc.property(
        timestampsText,
        fc.boolean(),
        fc.constantFrom(undefined, 0.001, 1, 1000),
        (text, loop, scale) => {
          const c = {
            duration_s: 600,
            arrivals: {
              process: 'trace',
              format: 'timestamps',
              file: 'load.txt',
              loop,
              ...(scale ? { rate_scale: scale } : {}),
            },
            lanes: [{ kind: 'cpu', count: 2 }],
            service: { dist: 'lognormal', mean_ms: 2, cv: 2 },
            scheduler: { name: 'edf' },
          };
          runCli('cli timestamp files', JSON.stringify(c), false, text);
        },
      ),
      budget(80, 4000),
    );
  });

  it('LLM configs and azure_llm traces (0-token, 10^9-token, NaN, negative counts): a clear error, or a run whose ledgers balance', () => {
    fc.assert(
      fc.property(llmConfig('file'), fc.boolean(), (c, yaml) => {
        const [text, trace] = configFiles(c, yaml);
        runCli('cli llm configs', text, yaml, trace, true);
      }),
      budget(120, 4000),
    );
  });

  it('random bytes as a config file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, yaml) => {
        runCli('cli random bytes', bytes, yaml);
      }),
      budget(40, 2000),
    );
  });
});
