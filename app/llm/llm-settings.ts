// What the LLM mode's controls edit, its presets, and the engine config they make. Pure: the LLM
// store calls `llmConfig(settings)` and hands the result to the LLM host in the engine worker,
// which validates it like any config (the CLI takes the same shape: `npm run sim`).

import type { ConfigInput } from '../../src/engine/config.ts';
import { AZURE_EXCERPTS } from './azure-excerpts.ts';
import { LLM_DEFAULTS, type LlmPresetId, type LlmSettings } from './llm-defaults.ts';

export { LLM_DEFAULTS, type LlmPresetId, type LlmSettings } from './llm-defaults.ts';

export interface LlmPreset {
  id: LlmPresetId;
  label: string;
  /** One line on what it shows. */
  about: string;
  /** Settings it sets (the rest keep the defaults). */
  settings: Partial<LlmSettings>;
  /** Arrivals and lengths it brings. */
  workload: Pick<ConfigInput, 'arrivals'> & {
    llm: Pick<NonNullable<ConfigInput['llm']>, 'prompt' | 'output' | 'shared_prefix'> & {
      prefix_caching?: boolean;
    };
  };
}

/** Bounds of the controls (and of settings read back from anywhere). */
export const LLM_LIMITS = {
  rate: { min: 0.1, max: 200 },
  blocks: { min: 64, max: 8192 },
  maxNumSeqs: { min: 1, max: 512 },
  tokenBudget: { min: 256, max: 32768 },
  lanes: { min: 1, max: 4 },
  speed: { min: 0.1, max: 50 },
} as const;

/** An Azure trace excerpt (azure-excerpts.ts) as the published CSV, times from a fixed origin. */
export function azureCsv(excerpt: string): string {
  const origin = Date.UTC(2023, 10, 16, 18, 0, 0);
  let t = 0;
  const rows = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
  for (const entry of excerpt.split(';')) {
    const [gap, prompt, output] = entry.split(',').map((v) => parseInt(v, 36));
    t += gap!;
    const iso = new Date(origin + t).toISOString();
    rows.push(`${iso.slice(0, 10)} ${iso.slice(11, 23)},${prompt},${output}`);
  }
  return rows.join('\n');
}

/** The mean arrival rate of an excerpt, requests/s. */
export function excerptRate(excerpt: string): number {
  let ms = 0;
  let n = 0;
  for (const entry of excerpt.split(';')) {
    ms += parseInt(entry, 36);
    n++;
  }
  return ms > 0 ? ((n - 1) * 1000) / ms : 0;
}

const trace = (excerpt: string): LlmPreset['workload']['arrivals'] => ({
  process: 'trace',
  format: 'azure_llm',
  data: azureCsv(excerpt),
  loop: true,
});

export const LLM_PRESETS: readonly LlmPreset[] = [
  {
    id: 'chat',
    label: 'Chat',
    about:
      'Poisson arrivals; prompts of about 1,000 tokens and answers of about 250 (lognormal, like the Azure conv trace).',
    settings: { rate: 4, promptMean: 1024, promptCv: 1, outputMean: 256, outputCv: 1 },
    workload: {
      arrivals: { process: 'poisson', rate_per_s: 4 },
      llm: {
        prompt: { dist: 'lognormal', mean: 1024, cv: 1, max: 16384 },
        output: { dist: 'lognormal', mean: 256, cv: 1, max: 4096 },
      },
    },
  },
  {
    id: 'long_prompt',
    label: 'Long prompts',
    about:
      'Documents to summarise: prompts of about 8,000 tokens, short answers. Each prefill stalls everyone’s next token.',
    settings: {
      rate: 0.5,
      tokenBudget: 8192,
      promptMean: 8000,
      promptCv: 0.5,
      outputMean: 128,
      outputCv: 0.8,
    },
    workload: {
      arrivals: { process: 'poisson', rate_per_s: 0.5 },
      llm: {
        prompt: { dist: 'lognormal', mean: 8000, cv: 0.5, max: 30000 },
        output: { dist: 'lognormal', mean: 128, cv: 0.8, max: 2048 },
      },
    },
  },
  {
    id: 'azure_conv',
    label: 'Azure conv trace',
    about: `The Azure LLM inference trace “conv” (Splitwise): its first ${AZURE_EXCERPTS.conv.split(';').length.toLocaleString('en')} requests, each at its own time with its own prompt and output lengths, replayed in a loop.`,
    settings: { rate: round1(excerptRate(AZURE_EXCERPTS.conv)), blocks: 4096 },
    workload: { arrivals: trace(AZURE_EXCERPTS.conv), llm: {} },
  },
  {
    id: 'azure_code',
    label: 'Azure code trace',
    about: `The Azure LLM inference trace “code” (Splitwise): its first ${AZURE_EXCERPTS.code.split(';').length.toLocaleString('en')} requests; long prompts, short answers.`,
    settings: { rate: round1(excerptRate(AZURE_EXCERPTS.code)), blocks: 4096 },
    workload: { arrivals: trace(AZURE_EXCERPTS.code), llm: {} },
  },
  {
    id: 'system_prompt',
    label: 'Shared system prompt',
    about:
      'Chat requests that open with one of four 1,024-token system prompts (80 %); prefix caching keeps and shares their blocks.',
    settings: {
      rate: 6,
      promptMean: 1536,
      promptCv: 0.6,
      outputMean: 200,
      outputCv: 1,
      prefixShare: 0.8,
      prefixTokens: 1024,
      router: 'prefix_affinity',
    },
    workload: {
      arrivals: { process: 'poisson', rate_per_s: 6 },
      llm: {
        prompt: { dist: 'lognormal', mean: 1536, cv: 0.6, max: 16384 },
        output: { dist: 'lognormal', mean: 200, cv: 1, max: 4096 },
        shared_prefix: { tokens: 1024, share: 0.8, groups: 4 },
        prefix_caching: true,
      },
    },
  },
];

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function presetById(id: LlmPresetId): LlmPreset {
  return LLM_PRESETS.find((p) => p.id === id) ?? LLM_PRESETS[0]!;
}

/** The settings a preset starts from. */
export function presetSettings(id: LlmPresetId, keep?: Pick<LlmSettings, 'speed'>): LlmSettings {
  return { ...LLM_DEFAULTS, ...presetById(id).settings, preset: id, ...keep };
}

/** Whether the preset replays a trace (which brings its own prompt and output lengths). */
export function tracePreset(id: LlmPresetId): boolean {
  return presetById(id).workload.arrivals.process === 'trace';
}

/** The lognormal lengths of the settings, capped at the preset's maximum (or 4 x the mean). */
function lengths(
  s: LlmSettings,
  p: LlmPreset,
): Pick<NonNullable<ConfigInput['llm']>, 'prompt' | 'output'> {
  if (tracePreset(p.id)) return {};
  const max = (d: NonNullable<ConfigInput['llm']>['prompt'], fallback: number): number =>
    d !== undefined && d.dist === 'lognormal' && d.max !== undefined ? d.max : fallback;
  // A mean near the preset's cap raises the cap, so that the tail asked for is drawn.
  const promptMax = Math.max(max(p.workload.llm.prompt, 32768), Math.ceil(4 * s.promptMean));
  const outputMax = Math.max(max(p.workload.llm.output, 4096), Math.ceil(4 * s.outputMean));
  return {
    prompt: { dist: 'lognormal', mean: s.promptMean, cv: s.promptCv, max: promptMax },
    output: { dist: 'lognormal', mean: s.outputMean, cv: s.outputCv, max: outputMax },
  };
}

/** The engine config of `s` (an LLM run). Requests per run: enough for an hour at the top rate. */
export function llmConfig(s: LlmSettings): ConfigInput {
  const p = presetById(s.preset);
  const arrivals =
    p.workload.arrivals.process === 'trace'
      ? {
          ...p.workload.arrivals,
          rate_scale: s.rate / (p.settings.rate ?? s.rate),
        }
      : { ...p.workload.arrivals, rate_per_s: s.rate };
  return {
    seed: s.seed,
    jobs: 2_000_000,
    arrivals,
    mix: { interactive_ratio: 1 },
    lanes: [{ kind: 'gpu', count: s.lanes }],
    llm: {
      model: 'llama3_8b',
      ...lengths(s, p),
      ...(s.prefixShare > 0
        ? {
            shared_prefix: { tokens: s.prefixTokens, share: s.prefixShare, groups: 4 },
            prefix_caching: true,
          }
        : {}),
      block_tokens: s.blockTokens,
      blocks: s.blocks,
      max_num_seqs: s.maxNumSeqs,
      max_num_batched_tokens: s.tokenBudget,
      preemption: s.preemption,
      scheduler: { name: s.scheduler },
      router: s.router,
      classes: { interactive: { ttft_ms: s.ttftSloMs, tpot_ms: s.tpotSloMs } },
    },
  };
}
