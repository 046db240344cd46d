// Reading an experiment config from disk: JSON or YAML, validated, with a replayed trace's file read
// relative to the config. Every failure is a LoadError whose lines name the field or the line, so the
// CLI can print them all and exit before writing anything. Files are read through the one input
// path (cli/io/input-file.ts: a regular file within a size limit). JSON is read as strictly as
// YAML: a key given twice in one object is refused (JSON.parse would keep the last silently).

import { dirname, resolve } from 'node:path';
import { InputError, readInputText } from './io/input-file.ts';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { checkConfig, type Config } from '../src/engine/config.ts';
import { clip, quote } from '../src/engine/echo.ts';
import { duplicateJsonKey } from '../src/engine/json-keys.ts';

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
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text, message);
    const where = offset === undefined ? '' : `:${lineOf(text, offset)}`;
    throw new LoadError([
      `${fileName}${where}: not valid JSON (${clip(message.split('\n')[0] ?? '')})`,
    ]);
  }
  const twice = duplicateJsonKey(text);
  if (twice) {
    throw new LoadError([
      `${fileName}:${twice.line}: the key ${quote(twice.key)} appears twice in one object (give each key once)`,
    ]);
  }
  return value;
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

/** A file through the one input path, its refusal as a LoadError. */
function readInput(path: string, label: string, kind: 'config' | 'trace'): string {
  try {
    return readInputText(path, label, kind);
  } catch (e) {
    if (e instanceof InputError) throw new LoadError([e.message]);
    throw e;
  }
}

/**
 * Read, parse and validate a config file; load a trace file it names. `patch` may change the parsed
 * config before it is checked (a command's options that override the file's fields).
 */
export function loadConfigFile(
  path: string,
  patch?: (raw: Record<string, unknown>) => void,
): Config {
  const text = readInput(path, '--config', 'config');
  const raw = parseConfigText(text, path);
  if (patch && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    patch(raw as Record<string, unknown>);
  }
  const checked = checkConfig(raw);
  if (!checked.ok) throw new LoadError(checked.problems.map((p) => `${path}: ${p}`));
  const config = checked.config;
  const arrivals = config.arrivals;
  if (arrivals.process === 'trace' && arrivals.data === undefined && arrivals.file !== undefined) {
    const tracePath = resolve(dirname(path), arrivals.file);
    arrivals.data = readInput(tracePath, `${path}: arrivals.file`, 'trace');
  }
  for (const column of ['prompt', 'output'] as const) {
    const len = config.llm?.[column];
    if (len?.dist === 'empirical' && len.data === undefined && len.file !== undefined) {
      const lenPath = resolve(dirname(path), len.file);
      len.data = readInput(lenPath, `${path}: llm.${column}.file`, 'trace');
    }
  }
  return config;
}
