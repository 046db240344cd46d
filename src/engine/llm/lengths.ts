// Token lengths for requests that do not come from an azure_llm trace: a lognormal with a mean and a
// coefficient of variation, a fixed value, or the empirical distribution of a trace's column (each
// draw picks one of the file's requests at random, as Vidur's trace-based length generator does).

import { TraceInputError } from '../trace-input.ts';
import type { Uniform } from '../rng.ts';
import { normalVariate } from '../rng.ts';
import { parseAzureLlmTrace } from './azure-trace.ts';
import type { LengthConfig } from './config-sections.ts';

/** Draws one length (whole tokens, at least 1). */
export type LengthSampler = (u: Uniform) => number;

export function createLengthSampler(
  config: LengthConfig,
  column: 'prompt' | 'output',
): LengthSampler {
  switch (config.dist) {
    case 'fixed': {
      const v = config.value;
      return () => v;
    }
    case 'lognormal': {
      // ln X ~ N(mu, sigma^2) with E[X] = mean and cv^2 = exp(sigma^2) - 1.
      const sigma2 = Math.log(1 + config.cv * config.cv);
      const sigma = Math.sqrt(sigma2);
      const mu = Math.log(config.mean) - sigma2 / 2;
      const max = config.max;
      return (u) => {
        const x = Math.round(Math.exp(mu + sigma * normalVariate(u)));
        return x < 1 ? 1 : x > max ? max : x;
      };
    }
    case 'empirical': {
      if (config.data === undefined) {
        throw new TraceInputError(
          `llm.${column}.data: the trace text was not loaded (the CLI reads "file")`,
        );
      }
      const trace = parseAzureLlmTrace(config.data);
      const values = column === 'prompt' ? trace.prompt : trace.output;
      const n = values.length;
      return (u) => values[Math.min(n - 1, Math.floor(u() * n))]!;
    }
  }
}
