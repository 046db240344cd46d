// A measured latency profile's row: batch size -> ms, as a config writes it (`{ "1": 2.5, "8": 9 }`).
// Keys are batch sizes read as numbers, so they must be plain whole numbers of at least 1 and name
// each size once: a key "0" made a service time divide by zero (the run "succeeded" with nothing
// completed), and "1" beside "01" made the interpolation divide 0 by 0 (NaN service times).

import { z } from 'zod';
import { MAX_BATCH_SIZE } from './limits.ts';

/** `{ "1": 2.5, "8": 9 }`: latency (ms, above 0) per batch size (a whole number, 1 to 1024). */
export const batchLatencySchema = z
  .record(z.string().regex(/^\d{1,4}$/, 'a batch size (a whole number)'), z.number().positive())
  .superRefine((row, ctx) => {
    const seen = new Map<number, string>();
    for (const key of Object.keys(row)) {
      const size = Number(key);
      if (size < 1 || size > MAX_BATCH_SIZE) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `batch size ${key}: a batch holds 1 to ${MAX_BATCH_SIZE} jobs`,
        });
      } else if (seen.has(size)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `batch size ${key} is batch size ${seen.get(size)} again (each size once)`,
        });
      } else seen.set(size, key);
    }
    if (Object.keys(row).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'at least one batch size' });
    }
  });
