// Earliest deadline first, written through the policy API: the queued job with the earliest deadline
// (ties: the earlier arrival) goes to the first lane with a free slot. Same config and seed: the
// same trace.csv as the built-in `edf` (without batching).

export default {
  name: 'edf.js',
  description: 'Earliest deadline first over one queue.',
  // Interactive jobs have the shorter SLO, so EDF serves them first (admission control uses this).
  classPriority: true,

  decide({ queue, lanes, fits }) {
    for (const lane of lanes) {
      if (!lane.available) continue;
      let best = null;
      for (const job of queue) {
        if (!fits(job, lane)) continue;
        // The queue is oldest first, so a strict < keeps the earlier arrival on a tie.
        if (best === null || job.deadline < best.deadline) best = job;
      }
      if (best) return { job: best, lane };
    }
    return null;
  },
};
