// Exports of the page's LLM run by deterministic replay, as run-export.ts does for the request
// kind: the live run keeps no per-request history, so an export re-runs the same seeded config
// from zero, applying each logged control (rate, scheduler) at the simulated time it took effect,
// up to the moment of the export, with the CLI's CSV writers (src/engine/llm/csv-writers.ts) as
// the engine's LLM sink. The engine is deterministic for a seed and a control log, so the replay
// ends with the same ledger as the live run. The CSV comes out in chunks (bounded memory); so does
// the Chrome trace of the steps (chrome-trace.ts, steps.trace.json of `npm run sim -- --chrome-trace`), and
// the summary is summary.json of `npm run sim` for the same config.

import { expandLanes, type Config } from '../../engine/config.ts';
import { Engine } from '../../engine/engine.ts';
import { ChromeStepsWriter } from '../../engine/llm/chrome-trace.ts';
import { LlmCsvSink, LlmTraceCsv, StepsCsv } from '../../engine/llm/csv-writers.ts';
import type { LlmSchedulerName } from '../../engine/schedulers/registry.ts';
import { createLlmPolicy } from '../../engine/schedulers/registry.ts';
import { simMs } from '../../engine/units.ts';
import type { LlmPolicy } from '../../engine/schedulers/llm-policy.ts';
import type { LlmPolicyFactory } from '../../engine/policy-api/llm-plugin.ts';
import type { LlmExportKind } from '../llm-protocol.ts';

/** A change to the running LLM engine at simulated time `t` (every event <= t processed). */
export type LlmControl =
  | { t: number; op: 'rate'; value: number }
  | { t: number; op: 'scheduler'; value: LlmSchedulerName }
  /** A user policy (its source; `factory` makes a fresh instance for each engine it is applied to). */
  | { t: number; op: 'policy'; value: string; factory: LlmPolicyFactory };

/** Apply one logged change to `engine` (its clock at `c.t`); returns the policy it put in place. */
export function applyLlmControl(engine: Engine, c: LlmControl): LlmPolicy | undefined {
  if (c.op === 'rate') {
    engine.setRate(c.value);
    return undefined;
  }
  const llm = engine.llm!;
  const cfg = llm.config;
  const options = { maxNumBatchedTokens: cfg.max_num_batched_tokens, maxNumSeqs: cfg.max_num_seqs };
  const policy =
    c.op === 'policy'
      ? c.factory(options, engine.config.seed)
      : createLlmPolicy({ ...cfg.scheduler, name: c.value }, options);
  llm.setPolicy(policy);
  return policy;
}

/** Replay `config` with `controls` up to `until` (ms), writing `kind` in chunks to `write`;
 * returns the rows written and the replay's ledger. */
export function exportLlmRun(
  config: Config,
  controls: readonly LlmControl[],
  until: number,
  kind: LlmExportKind,
  write: (chunk: Uint8Array) => void,
): { rows: number; engine: Engine } {
  const names = expandLanes(config).map((l) => l.name);
  const trace = kind === 'requests' ? new LlmTraceCsv(write, names) : undefined;
  const steps = kind === 'steps' ? new StepsCsv(write, names) : undefined;
  const encoder = new TextEncoder();
  const chrome =
    kind === 'chrome'
      ? new ChromeStepsWriter((text) => write(encoder.encode(text)), names)
      : undefined;
  const engine = new Engine(config, { llmSink: new LlmCsvSink(trace, steps, chrome) });
  for (const c of controls) {
    engine.advanceTo(simMs(c.t));
    applyLlmControl(engine, c);
  }
  engine.advanceTo(simMs(until));
  engine.finish();
  if (kind === 'summary') {
    // summary.json as `npm run sim` writes it for the same config (and the same controls).
    write(encoder.encode(JSON.stringify(engine.summary(), null, 2) + '\n'));
    return { rows: 1, engine };
  }
  return { rows: trace?.rows ?? steps?.rows ?? chrome?.rows ?? 0, engine };
}
