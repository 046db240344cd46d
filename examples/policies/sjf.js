// Shortest predicted job first: each free lane takes the queued job with the shortest predicted
// service time on that lane (the engine's latency predictor, or the service model's mean). Short
// jobs stop waiting behind long ones, which lowers mean latency; long jobs can starve under load.

export default {
  name: 'sjf.js',
  description: 'Shortest predicted job first, on each free lane.',

  decide({ queue, lanes, predict, fits }) {
    const starts = [];
    const taken = new Set();
    for (const lane of lanes) {
      for (let slot = 0; slot < lane.free && lane.available; slot++) {
        let best = null;
        let bestMs = Infinity;
        for (const job of queue) {
          if (taken.has(job) || !fits(job, lane)) continue;
          const ms = predict(job, lane);
          if (ms < bestMs) {
            best = job;
            bestMs = ms;
          }
        }
        if (!best) break;
        taken.add(best);
        starts.push({ job: best, lane });
      }
    }
    return starts;
  },
};
