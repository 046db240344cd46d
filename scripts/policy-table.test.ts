// The docs' policy table is generated from the registry: it lists every built-in policy with the
// description its file gives, each table is in one page (docs/policies.md, docs/llm.md), and no page
// is left out of date.

import { describe, expect, it } from 'vitest';
import { LLM_POLICIES, POLICIES } from '../src/engine/schedulers/registry.ts';
import { llmPolicyTable, policyTable, renderPage, renderPages, TABLES } from './policy-table.ts';

describe('the policy table', () => {
  it('has a row per registered policy with its description', () => {
    const table = policyTable();
    for (const p of POLICIES) expect(table).toContain(`| \`${p.name}\` | ${p.description} |`);
    const llm = llmPolicyTable();
    for (const p of LLM_POLICIES) expect(llm).toContain(`| \`${p.name}\` | ${p.description} |`);
  });

  it('is up to date in docs/policies.md and docs/llm.md (npm run docs:policies rewrites them)', async () => {
    const pages = await renderPages();
    expect(pages.find((p) => p.path === 'docs/policies.md')?.text).toContain(TABLES[0]!.start);
    expect(pages.find((p) => p.path === 'docs/llm.md')?.text).toContain(TABLES[1]!.start);
    expect(pages.filter((p) => p.next !== p.text).map((p) => p.path)).toEqual([]);
  });

  it('says which page is broken when a table has lost its end marker', async () => {
    const text = `# x\n\n${TABLES[0]!.start}\n\n| old |\n`;
    await expect(renderPage(text, 'docs/x.md')).rejects.toThrow(/docs\/x\.md: the markers/);
  });

  it('writes a stale table afresh', async () => {
    const text = `# x\n\n${TABLES[0]!.start}\n\n| old |\n\n${TABLES[0]!.end}\n`;
    const r = await renderPage(text, 'docs/x.md');
    expect(r.text).not.toContain('| old |');
    for (const p of POLICIES) expect(r.text).toContain(`\`${p.name}\``);
  });
});
