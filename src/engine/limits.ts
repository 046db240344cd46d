// The engine's resource limits, in one place with the arithmetic behind each. A config, a trace or
// a run that would pass one gets a clear message (config and trace: before anything starts; a run:
// it stops at a clean event boundary with its ledger balanced) instead of exhausting memory,
// freezing the page or aborting the process.

/**
 * Longest simulated time a run may reach, seconds (11.6 days). The per-second series (arrived,
 * completed, good, violated, queue depth, active lanes) cost one entry per simulated second each:
 * 6 x 1,000,000 x 8 bytes = 46 MiB at most. A week-long trace fits; a longer one can be compressed
 * with `rate_scale`.
 */
export const MAX_SIM_S = 1_000_000;
export const MAX_SIM_MS = MAX_SIM_S * 1000;

/**
 * Most arrivals in one simulated second, from any source (a generated rate, a second of an rps
 * file, a second of a timestamps trace after `rate_scale`). A second's arrivals can all be in flight
 * at once (about 110 bytes each in the job table and queues: 105 MiB), and the engine processes
 * about 2 million events per wall second, so a simulated second costs at most about a wall second.
 */
export const MAX_ARRIVALS_PER_S = 1_000_000;

/**
 * Most rows a timestamps trace may hold: its arrival times are kept, 8 bytes each (128 MiB), and the
 * page holds the text too. A requests-per-second file keeps one number per second, not its
 * arrivals, so its total is bounded by MAX_ARRIVALS_PER_S x MAX_SIM_S instead.
 */
export const MAX_TRACE_ARRIVALS = 1 << 24;

/**
 * Most jobs in flight (queued or running) at once: about 110 bytes each in typed-array columns
 * (job table, scheduler queues), 220 MiB. Only an overloaded run without `queue.capacity` gets here;
 * it stops with a message saying so.
 */
export const MAX_JOBS_IN_FLIGHT = 1 << 21;

/**
 * Events processed without the clock moving before the engine calls its clock stuck. Simultaneous
 * events are legitimate (a burst of arrivals in one instant and their completions), but at most a
 * few per arrival, and a second holds at most MAX_ARRIVALS_PER_S arrivals.
 */
export const MAX_EVENTS_AT_ONE_TIME = 16 * MAX_ARRIVALS_PER_S;

/**
 * The least the simulated clock must move (ms) over MAX_EVENTS_AT_ONE_TIME events. Checking only
 * that it moved let a policy that asks to be woken a nanosecond later, every time
 * (`ctx.wakeAt(ctx.now + 1e-9)`), run for ever; a real run moves far more (MAX_ARRIVALS_PER_S
 * arrivals, a few events each, per simulated second: 16 million events span seconds).
 */
export const MIN_CLOCK_PROGRESS_MS = 1;

/** Most jobs one run of a lane may hold (`batching.max_batch`, a profile's batch sizes). */
export const MAX_BATCH_SIZE = 1024;

/**
 * Shortest period of something that recurs on its own (an autoscaling evaluation, a bursty phase),
 * ms: events that repeat faster would cost the run more than its jobs do.
 */
export const MIN_PERIOD_MS = 1;

/**
 * Lowest arrival rate (jobs per simulated second), after `rate_scale`: one arrival per 1000 s. A
 * bursty source walks its phases to find the next arrival, so a lower rate would make that walk
 * (up to MAX_SIM_MS / MIN_PERIOD_MS phases) the cost of a single arrival.
 */
export const MIN_ARRIVALS_PER_S = 0.001;

/** Largest coefficient of variation a service or arrival distribution may have. */
export const MAX_CV = 100;

/** Longest model name: names travel into every trace.csv row and every message. */
export const MAX_NAME_CHARS = 100;

/** Most lanes a config may expand to (lane indices are 16-bit in the job table and the spans). */
export const MAX_LANES = 1024;

/**
 * `1,000,000` style whole numbers for messages. By hand, not `toLocaleString`: messages are built
 * when the config schema loads, and the first locale call maps ~7 MiB of ICU data into the process.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
