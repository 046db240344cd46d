// Imports: a config file (JSON or YAML, the CLI's schema) or a workload trace (a per-second requests
// file, or a CSV of arrival timestamps). Pure: text in, a result out. A bad file yields messages
// naming the line or the field, and the caller changes nothing.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { checkConfig, type Config, type ConfigInput } from '../../src/engine/config.ts';
import { clip, quote } from '../../src/engine/echo.ts';
import { duplicateJsonKey } from '../../src/engine/json-keys.ts';
import {
  parseRpsTrace,
  parseTimestampTrace,
  TraceInputError,
  type ParseProgress,
} from '../../src/engine/trace-input.ts';
import { DEFAULT_SETTINGS, LIMITS, MODEL_IDS, type ModelId, type Settings } from './settings.ts';
import { looksLikeLesson, validateLesson } from '../lessons/validate.ts';
import type { Lesson } from '../lessons/schema.ts';

export type ImportResult =
  | { ok: true; kind: 'config'; config: ConfigInput; settings: Settings; notes: string[] }
  | { ok: true; kind: 'trace'; arrivals: ConfigInput['arrivals']; jobs: number; notes: string[] }
  | { ok: true; kind: 'lesson'; lesson: Lesson; notes: string[] }
  | { ok: false; problems: string[] };

/** Line (1-based) of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line of a JSON.parse error. V8 reports either a position ("at position 12 (line 2 column 3)"),
 * the end of input, or an excerpt around the bad token ("Unexpected token ',', ..."jobs": ,
 * }" is not valid JSON"), which we find in the text.
 */
export function jsonErrorLine(text: string, message: string): number | undefined {
  const lineCol = /line (\d+) column \d+/.exec(message);
  if (lineCol) return Number(lineCol[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineOf(text, Number(pos[1]));
  if (/end of JSON input/i.test(message)) return lineOf(text, text.trimEnd().length);
  const excerpt = /, (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON/.exec(message);
  const body = excerpt?.[2];
  if (body) {
    const at = text.indexOf(body);
    if (at >= 0) {
      // A truncated excerpt starts ~10 characters before the bad token.
      const token = /Unexpected token '(.)'/.exec(message)?.[1];
      const within = token !== undefined ? body.indexOf(token, excerpt[1] ? 10 : 0) : -1;
      return lineOf(text, at + (within >= 0 ? within : 0));
    }
  }
  return undefined;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    const value: unknown = JSON.parse(text);
    const twice = duplicateJsonKey(text);
    if (twice) {
      return {
        ok: false,
        problem: `line ${twice.line}: the key ${quote(twice.key, 40)} appears twice in one object (give each key once)`,
      };
    }
    return { ok: true, value };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const line = jsonErrorLine(text, msg);
    const short = msg.split(/, (?:\.\.\.)?"|\n/)[0];
    return {
      ok: false,
      problem: `${line !== undefined ? `line ${line}` : 'JSON'}: not valid JSON (${clip(short ?? '')})`,
    };
  }
}

/** Settings that reproduce what the controls can show of a config; the rest stays in the base. */
export function settingsFromConfig(c: Config): { settings: Settings; notes: string[] } {
  const notes: string[] = [];
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  s.seed = c.seed;
  if (c.arrivals.process !== 'trace') {
    s.rate = Math.min(
      LIMITS.rate.max,
      Math.max(LIMITS.rate.min, c.arrivals.rate_per_s * c.arrivals.rate_scale),
    );
    if (c.arrivals.process !== 'poisson')
      notes.push(`arrivals "${c.arrivals.process}" are shown as Poisson at the same mean rate`);
  }
  s.interactiveRatio = c.mix.interactive_ratio;
  const mix = Object.fromEntries(MODEL_IDS.map((m) => [m, 0])) as Record<ModelId, number>;
  for (const [name, w] of Object.entries(c.mix.models)) {
    const id = (name === 'vit' ? 'vit_s16' : name) as ModelId;
    if (MODEL_IDS.includes(id)) mix[id] += w;
    else notes.push(`model ${quote(name, 40)} is not in the app's model list and is left out`);
  }
  if (MODEL_IDS.some((m) => mix[m] > 0)) s.mix = mix;
  s.scheduler = c.scheduler.name;
  s.batching = {
    enabled: c.batching.enabled,
    windowMs: c.batching.window_ms,
    maxBatch: c.batching.max_batch,
  };
  s.gpuLanes = 0;
  s.cpuLanes = 0;
  s.backupLanes = 0;
  for (const g of c.lanes) {
    if (g.role === 'backup') {
      s.backupLanes += g.count;
      if (g.kind === 'cpu') notes.push('backup lanes are GPU-class in the app');
    } else if (g.kind === 'gpu') s.gpuLanes += g.count;
    else s.cpuLanes += g.count;
    if (g.concurrency !== 1 || g.speed !== undefined) {
      notes.push('lane concurrency and speed are simplified to one slot per lane');
    }
  }
  s.gpuLanes = Math.min(s.gpuLanes, LIMITS.lanes.max);
  s.cpuLanes = Math.min(s.cpuLanes, LIMITS.lanes.max);
  s.backupLanes = Math.min(s.backupLanes, LIMITS.backupLanes.max);
  if (c.autoscale.enabled && c.autoscale.kind === 'cpu') {
    const cap = LIMITS.autoscaleLanes.max;
    const cold = c.autoscale.startup_ms ?? DEFAULT_SETTINGS.autoscale.coldStartMs;
    s.autoscale = {
      ...DEFAULT_SETTINGS.autoscale,
      enabled: true,
      min: Math.min(c.autoscale.min, cap),
      max: Math.min(c.autoscale.max, cap),
      policy: c.autoscale.policy,
      coldStartMs: Math.min(cold, LIMITS.coldStartMs.max),
    };
    if (c.autoscale.policy === 'hpa' && c.autoscale.hpa.metric === 'utilisation') {
      s.autoscale.target = c.autoscale.hpa.target;
    }
  } else if (c.autoscale.enabled) {
    notes.push('the app autoscales CPU lanes only: GPU autoscaling is turned off');
  }
  const price = c.cost.price_per_hour;
  if (c.cost.currency !== 'USD') {
    notes.push(
      `cost.currency ${quote(c.cost.currency, 8)}: the app prices in USD; the numbers are kept as USD`,
    );
  }
  for (const kind of ['cpu', 'gpu'] as const) {
    if (price[kind] <= LIMITS.pricePerHour.max) s.prices[kind] = price[kind];
    else {
      notes.push(
        `cost.price_per_hour.${kind} ${price[kind]} is above the app's ${LIMITS.pricePerHour.max} USD: the default ${DEFAULT_SETTINGS.prices[kind]} is used`,
      );
    }
  }
  if (c.memory.capacity_per_lane !== undefined) {
    s.memoryMiB = Math.min(
      LIMITS.memoryMiB.max,
      Math.max(LIMITS.memoryMiB.min, Math.round(c.memory.capacity_per_lane)),
    );
  }
  return { settings: s, notes: [...new Set(notes)] };
}

function importConfig(text: string, yaml: boolean): ImportResult {
  let value: unknown;
  if (yaml) {
    try {
      value = parseYaml(text, { logLevel: 'error' });
    } catch (e) {
      if (e instanceof YAMLParseError) {
        const line = e.linePos?.[0]?.line;
        return {
          ok: false,
          problems: [
            `${line !== undefined ? `line ${line}` : 'YAML'}: ${clip(e.message.split('\n')[0] ?? '')}`,
          ],
        };
      }
      // The YAML library throws plain errors too (an alias to an unset anchor, for one).
      const message = e instanceof Error ? e.message : String(e);
      return {
        ok: false,
        problems: [`YAML: not valid YAML (${clip(message.split('\n')[0] ?? '')})`],
      };
    }
  } else {
    const parsed = parseJson(text);
    if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
    value = parsed.value;
  }
  // A lesson file (title and steps) opens in the lesson player instead.
  if (looksLikeLesson(value)) {
    const lesson = validateLesson(value);
    return lesson.ok
      ? { ok: true, kind: 'lesson', lesson: lesson.lesson, notes: [] }
      : { ok: false, problems: lesson.problems };
  }
  if (typeof value === 'object' && value !== null && 'arrivals' in value) {
    const a = (value as { arrivals: unknown }).arrivals;
    if (
      typeof a === 'object' &&
      a !== null &&
      (a as { process?: unknown }).process === 'trace' &&
      (a as { data?: unknown }).data === undefined
    ) {
      return {
        ok: false,
        problems: [
          'arrivals.file: a config imported in the browser cannot read files; import the trace file itself, or put its text in arrivals.data',
        ],
      };
    }
  }
  const checked = checkConfig(value);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  // A trace inline in the config meets the same trace model as an imported trace file.
  const a = checked.config.arrivals;
  if (a.process === 'trace' && a.data !== undefined) {
    try {
      if (a.format === 'rps') parseRpsTrace(a.data, a.rate_scale);
      else parseTimestampTrace(a.data, a.column, a.rate_scale);
    } catch (e) {
      if (e instanceof TraceInputError) {
        return { ok: false, problems: [`arrivals.data: ${e.message}`] };
      }
      throw e;
    }
  }
  const { settings, notes } = settingsFromConfig(checked.config);
  return { ok: true, kind: 'config', config: value as ConfigInput, settings, notes };
}

function importTrace(
  text: string,
  format: 'rps' | 'timestamps',
  onProgress?: ParseProgress,
): ImportResult {
  try {
    const trace =
      format === 'rps'
        ? parseRpsTrace(text, 1, onProgress)
        : parseTimestampTrace(text, undefined, 1, onProgress);
    // The trace model guarantees at least one arrival and a positive period.
    const n = trace.arrivals;
    const rate = (n / trace.periodMs) * 1000;
    return {
      ok: true,
      kind: 'trace',
      arrivals: { process: 'trace', format, data: text, loop: true },
      jobs: n,
      notes: [
        `${n.toLocaleString('en-US')} arrivals over ${(trace.periodMs / 1000).toFixed(1)} s (mean ${rate.toFixed(1)} jobs/s), replayed in a loop`,
      ],
    };
  } catch (e) {
    if (e instanceof TraceInputError) return { ok: false, problems: [e.message] };
    throw e;
  }
}

/**
 * Import one file by name and text. `onProgress` hears how far a trace's parse has got (big imports
 * run in the import worker, which reports it to the page).
 */
export function importFile(name: string, text: string, onProgress?: ParseProgress): ImportResult {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return importConfig(text, false);
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return importConfig(text, true);
  if (lower.endsWith('.csv')) return importTrace(text, 'timestamps', onProgress);
  if (lower.endsWith('.txt') || lower.endsWith('.rps') || !lower.includes('.'))
    return importTrace(text, 'rps', onProgress);
  return {
    ok: false,
    problems: [
      `${clip(name)}: unknown file type; import a config (.json, .yaml) or a trace (.txt requests per second, .csv timestamps)`,
    ],
  };
}
