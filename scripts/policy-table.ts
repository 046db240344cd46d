// `npm run docs:policies`: write the docs' tables of built-in policies from the registry (between
// each table's `start` and `end` markers, wherever in README.md or docs/*.md they are: today
// docs/policies.md and docs/llm.md), so the docs name every policy the code has, with its own description and
// config fields. `--check` changes nothing and exits 1 when a page is out of date
// (policy-table.test.ts runs the same check in `npm test`).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { LLM_POLICIES, POLICIES } from '../src/engine/schedulers/registry.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A generated table: its markers and its markdown. */
interface Table {
  start: string;
  end: string;
  markdown: () => string;
}

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

export const TABLES: readonly Table[] = [
  {
    start: '<!-- policies:start (npm run docs:policies writes this table from the registry) -->',
    end: '<!-- policies:end -->',
    markdown: policyTable,
  },
  {
    start:
      '<!-- llm-policies:start (npm run docs:policies writes this table from the LLM registry) -->',
    end: '<!-- llm-policies:end -->',
    markdown: llmPolicyTable,
  },
];

/** README.md and every page of docs/, as paths relative to the repository root. */
export function docPages(root = ROOT): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/**
 * `text` (the page at `path`) with every table whose markers it holds written afresh, formatted as
 * `npm run format` would; and which tables it held.
 */
export async function renderPage(
  text: string,
  path: string,
): Promise<{ text: string; tables: Table[] }> {
  let next = text;
  const tables: Table[] = [];
  for (const table of TABLES) {
    const start = next.indexOf(table.start);
    const end = next.indexOf(table.end);
    if (start < 0 && end < 0) continue;
    if (start < 0 || end < start)
      throw new Error(`${path}: the markers ${table.start} ... ${table.end} are not in order`);
    next = `${next.slice(0, start + table.start.length)}\n\n${table.markdown()}\n\n${next.slice(end)}`;
    tables.push(table);
  }
  if (tables.length === 0) return { text, tables };
  const file = join(ROOT, path);
  const options = (await prettier.resolveConfig(file)) ?? {};
  return { text: await prettier.format(next, { ...options, filepath: file }), tables };
}

/** Every page with its text now and as it should be; throws unless each table is in exactly one. */
export async function renderPages(
  root = ROOT,
): Promise<{ path: string; text: string; next: string }[]> {
  const found = new Map<Table, string[]>();
  const pages = [];
  for (const path of docPages(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    const r = await renderPage(text, path);
    for (const t of r.tables) found.set(t, [...(found.get(t) ?? []), path]);
    pages.push({ path, text, next: r.text });
  }
  for (const t of TABLES) {
    const at = found.get(t) ?? [];
    if (at.length !== 1)
      throw new Error(
        `the markers ${t.start} ... ${t.end} must be in exactly one page, found in ${at.length === 0 ? 'none' : at.join(', ')}`,
      );
  }
  return pages;
}

async function main(): Promise<void> {
  const pages = await renderPages();
  const stale = pages.filter((p) => p.next !== p.text);
  if (process.argv.includes('--check')) {
    for (const p of stale)
      console.error(`${p.path}: a policy table is out of date; run npm run docs:policies`);
    if (stale.length > 0) process.exitCode = 1;
    return;
  }
  for (const p of stale) writeFileSync(join(ROOT, p.path), p.next);
  const where = pages.filter((p) => TABLES.some((t) => p.next.includes(t.start)));
  console.log(
    `${where.map((p) => p.path).join(', ')}: ${POLICIES.length + LLM_POLICIES.length} policies` +
      (stale.length === 0 ? ' (unchanged)' : ''),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
