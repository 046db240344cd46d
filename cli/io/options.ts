// Command-line options, parsed strictly in one place for every command (sim, sweep, sweep:merge,
// sim:compare, validate, profile). Node's `parseArgs` does the tokenising (unknown options and
// missing values are errors); on top of it: a flag given twice is an error, not last-wins; whole
// numbers are plain decimal digits within a stated range and a safe integer (`--shards 1e20`,
// `--jobs 0x10`, `--seed -1` are refused); other numbers are plain decimals (no hex, exponent or
// sign); a choice is one of its values. Every problem is collected and thrown at once as an
// OptionError, which each command prints and exits with status 2 for.

import { parseArgs } from 'node:util';
import { quote } from '../../src/engine/echo.ts';
import { formatCount } from '../../src/engine/limits.ts';

export type OptionSpec =
  | { type: 'string'; default?: string }
  | { type: 'boolean' }
  | { type: 'int'; min: number; max: number; default?: number }
  | { type: 'number'; min: number; max: number; above?: boolean; default?: number }
  | { type: 'choice'; values: readonly string[]; default?: string };

type ValueOf<S extends OptionSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'int' | 'number' }
    ? S extends { default: number }
      ? number
      : number | undefined
    : S extends { default: string }
      ? string
      : string | undefined;

export type OptionValues<S extends Record<string, OptionSpec>> = { [K in keyof S]: ValueOf<S[K]> };

export interface ParsedOptions<S extends Record<string, OptionSpec>> {
  values: OptionValues<S>;
  positionals: string[];
  /** `--help` was given: print the usage, exit 0. */
  help: boolean;
}

export class OptionError extends Error {
  override name = 'OptionError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const WHOLE = /^\d+$/;
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function range(min: number, max: number): string {
  return `from ${formatCount(min)} to ${formatCount(max)}`;
}

/** Parse `argv` against `specs` (plus `--help`); throws an OptionError listing every problem. */
export function parseOptions<S extends Record<string, OptionSpec>>(
  argv: readonly string[],
  specs: S,
  options: { positionals?: boolean } = {},
): ParsedOptions<S> {
  const config: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string' };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: config,
      strict: true,
      allowPositionals: options.positionals === true,
      tokens: true,
    });
  } catch (e) {
    throw new OptionError([e instanceof Error ? e.message : String(e)]);
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const count = (seen.get(token.name) ?? 0) + 1;
    seen.set(token.name, count);
    if (count === 2) problems.push(`--${token.name}: given more than once (give it once)`);
  }
  const raw = parsed.values as Record<string, string | boolean | undefined>;
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw[name];
    if (spec.type === 'boolean') {
      values[name] = given === true;
      continue;
    }
    if (given === undefined) {
      values[name] = spec.default;
      continue;
    }
    const text = String(given);
    switch (spec.type) {
      case 'string':
        values[name] = text;
        break;
      case 'int': {
        const v = WHOLE.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(v) || v < spec.min || v > spec.max) {
          problems.push(
            `--${name}: ${quote(text)} is not a whole number ${range(spec.min, spec.max)}`,
          );
        }
        values[name] = v;
        break;
      }
      case 'number': {
        const v = DECIMAL.test(text) ? Number(text) : NaN;
        const low = spec.above ? v > spec.min : v >= spec.min;
        if (!Number.isFinite(v) || !low || v > spec.max) {
          problems.push(
            `--${name}: ${quote(text)} is not a plain decimal number ${spec.above ? `above ${spec.min} and up to ${formatCount(spec.max)}` : range(spec.min, spec.max)}`,
          );
        }
        values[name] = v;
        break;
      }
      case 'choice':
        if (!spec.values.includes(text)) {
          problems.push(`--${name}: ${quote(text)} is not one of ${spec.values.join(', ')}`);
        }
        values[name] = text;
        break;
    }
  }
  if (problems.length > 0) throw new OptionError(problems);
  return {
    values: values as OptionValues<S>,
    positionals: parsed.positionals,
    help: raw['help'] === true,
  };
}
