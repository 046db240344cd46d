// `npm run docs:policies`: write README's table of built-in policies from the registry (between the
// `policies:start` and `policies:end` markers), so README names every policy the code has, with its
// own description and config fields. `--check` changes nothing and exits 1 when README is out of
// date (policy-table.test.ts runs the same check in `npm test`).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { LLM_POLICIES, POLICIES } from '../src/engine/schedulers/registry.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- policies:start (npm run docs:policies writes this table from the registry) -->';
const END = '<!-- policies:end -->';
const LLM_START =
  '<!-- llm-policies:start (npm run docs:policies writes this table from the LLM registry) -->';
const LLM_END = '<!-- llm-policies:end -->';

/** The table as markdown (prettier formats it). */
export function policyTable(): string {
  const rows = POLICIES.map((p) => {
    const fields = Object.keys(p.params)
      .map((k) => `\`scheduler.${k}\``)
      .join(', ');
    return `| \`${p.name}\` | ${p.description} | ${fields} |`;
  });
  return ['| name | policy | own config fields |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The LLM policies' table as markdown. */
export function llmPolicyTable(): string {
  const rows = LLM_POLICIES.map((p) => {
    const fields = Object.keys(p.params)
      .map((k) => `\`llm.scheduler.${k}\``)
      .join(', ');
    return `| \`${p.name}\` | ${p.description} | ${fields} |`;
  });
  return ['| name | policy | own config fields |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `text` with what lies between the markers replaced by `table`. */
function between(text: string, startMark: string, endMark: string, table: string): string {
  const start = text.indexOf(startMark);
  const end = text.indexOf(endMark);
  if (start < 0 || end < start)
    throw new Error(`README.md: the markers ${startMark} ... ${endMark} are missing`);
  return `${text.slice(0, start + startMark.length)}\n\n${table}\n\n${text.slice(end)}`;
}

/** README with the tables replaced, formatted as `npm run format` would. */
export async function renderReadme(readme: string): Promise<string> {
  const next = between(
    between(readme, START, END, policyTable()),
    LLM_START,
    LLM_END,
    llmPolicyTable(),
  );
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(next, { ...options, filepath: README });
}

async function main(): Promise<void> {
  const readme = readFileSync(README, 'utf8');
  const next = await renderReadme(readme);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the policy table is out of date; run npm run docs:policies');
      process.exitCode = 1;
    }
    return;
  }
  if (next !== readme) writeFileSync(README, next);
  console.log(`README.md: ${POLICIES.length} policies${next === readme ? ' (unchanged)' : ''}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
