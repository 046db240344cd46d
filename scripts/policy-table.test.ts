// README's policy table is generated from the registry: it lists every built-in policy with the
// description its file gives, and README is never left out of date.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../src/engine/schedulers/registry.ts';
import { policyTable, renderReadme } from './policy-table.ts';

describe('README policy table', () => {
  it('has a row per registered policy with its description', () => {
    const table = policyTable();
    for (const p of POLICIES) expect(table).toContain(`| \`${p.name}\` | ${p.description} |`);
  });

  it('is up to date in README.md (npm run docs:policies rewrites it)', async () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(await renderReadme(readme)).toBe(readme);
  });
});
