// Reading an experiment config from disk: JSON or YAML, validated, with a replayed trace's file read
// relative to the config. Every failure is a LoadError whose lines name the field or the line, so the
// CLI can print them all and exit before writing anything.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { checkConfig, type Config } from '../src/engine/config.ts';
import { clip } from '../src/engine/echo.ts';

// zod compiles a fast path for object schemas on first use; a CLI parses a handful of configs (a
// sweep a few thousand), too few to repay it: without it the first parse is about 4x faster.
z.config({ jitless: true });

export class LoadError extends Error {
  override name = 'LoadError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parse config text by its file name: .yaml/.yml as YAML, anything else as JSON. */
export function parseConfigText(text: string, fileName: string): unknown {
  if (/\.ya?ml$/i.test(fileName)) {
    try {
      return parseYaml(text, { logLevel: 'error' });
    } catch (e) {
      if (e instanceof YAMLParseError) {
        const at = e.linePos?.[0];
        throw new LoadError([
          `${fileName}${at ? `:${at.line}:${at.col}` : ''}: ${clip(e.message.split('\n')[0] ?? '')}`,
        ]);
      }
      // The YAML library throws plain errors too (an alias to an unset anchor, for one).
      const message = e instanceof Error ? e.message : String(e);
      throw new LoadError([`${fileName}: not valid YAML (${clip(message.split('\n')[0] ?? '')})`]);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text, message);
    const where = offset === undefined ? '' : `:${lineOf(text, offset)}`;
    throw new LoadError([`${fileName}${where}: not valid JSON (${message.split('\n')[0]})`]);
  }
}

/**
 * Where JSON.parse failed. V8 says either "at position N" or quotes the text around the bad token
 * ("Unexpected token ',', ...\"jobs\": ,\"... is not valid JSON"); find that snippet in the text.
 */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const quoted =
    /^Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (!quoted) return undefined;
  const [, token, snippet] = quoted as unknown as [string, string, string];
  const at = text.indexOf(snippet);
  return at < 0 ? undefined : at + snippet.indexOf(token);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Read, parse and validate a config file; load a trace file it names. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LoadError([
      `--config: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e})`,
    ]);
  }
  const checked = checkConfig(parseConfigText(text, path));
  if (!checked.ok) throw new LoadError(checked.problems.map((p) => `${path}: ${p}`));
  const config = checked.config;
  const arrivals = config.arrivals;
  if (arrivals.process === 'trace' && arrivals.data === undefined && arrivals.file !== undefined) {
    const tracePath = resolve(dirname(path), arrivals.file);
    try {
      arrivals.data = readFileSync(tracePath, 'utf8');
    } catch (e) {
      throw new LoadError([
        `${path}: arrivals.file: cannot read ${tracePath} (${(e as NodeJS.ErrnoException).code ?? e})`,
      ]);
    }
  }
  for (const column of ['prompt', 'output'] as const) {
    const len = config.llm?.[column];
    if (len?.dist === 'empirical' && len.data === undefined && len.file !== undefined) {
      const lenPath = resolve(dirname(path), len.file);
      try {
        len.data = readFileSync(lenPath, 'utf8');
      } catch (e) {
        throw new LoadError([
          `${path}: llm.${column}.file: cannot read ${lenPath} (${(e as NodeJS.ErrnoException).code ?? e})`,
        ]);
      }
    }
  }
  return config;
}
