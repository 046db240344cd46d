// The configs in examples/ are documentation: each must load, validate and build an engine.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine.ts';
import { loadConfigFile } from './load-config.ts';

const files = [
  ...readdirSync('examples').filter((f) => /\.(json|ya?ml)$/.test(f)),
  ...readdirSync('examples/llm')
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => `llm/${f}`),
];

describe('examples/', () => {
  it('has examples', () => expect(files.length).toBeGreaterThan(2));
  it.each(files)('%s loads, validates and runs its first thousand events', (file) => {
    const engine = new Engine(loadConfigFile(join('examples', file)));
    engine.run(file.startsWith('llm/') ? 20_000 : 1000);
    const l = engine.ledger();
    expect(l.arrived).toBeGreaterThan(0);
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    if (engine.llm !== undefined) expect(l.completed).toBeGreaterThan(0);
  });
});
