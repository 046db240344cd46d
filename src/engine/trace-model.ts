// The trace model both trace parsers fill (trace-input.ts for rps files, timestamps-trace.ts for
// timestamp CSVs) and the replay reads (arrivals.ts): one pass of a parsed trace, the error a bad
// file throws, and progress reports. Below both parsers, so neither imports the other's module.

export class TraceInputError extends Error {
  override name = 'TraceInputError';
}

/**
 * A parsed trace, one pass of it. `rps` keeps one count per second (its arrivals are generated on
 * the fly, so a long file costs one number a second); `times` keeps every arrival's offset.
 */
export type ReplayTrace =
  | {
      kind: 'counts';
      /** Requests in second k (after `rate_scale`); fractions carry into the next second. */
      counts: Float64Array;
      /** Arrivals in one pass. */
      arrivals: number;
      /** Length of one pass (ms): one second per count. */
      periodMs: number;
    }
  | {
      kind: 'times';
      /** Arrival offsets (ms from the first arrival, after `rate_scale`), sorted. */
      times: Float64Array;
      arrivals: number;
      /** Length of one pass (ms): its span plus one mean gap, so a loop keeps the mean rate. */
      periodMs: number;
    };

/** Called now and then while a long text is parsed, with the share of it read (0..1). */
export type ParseProgress = (fraction: number) => void;

/** Lines between progress reports. */
export const PROGRESS_EVERY = 1 << 16;
