// Least slack first: slack = deadline - now - predicted service. The job closest to missing its
// deadline runs first, on the free lane where it would finish soonest. A job that will miss its
// deadline whatever happens (negative slack) goes last, so it does not make others late too.

export default {
  name: 'least-slack.js',
  description:
    'Least slack (deadline - now - predicted service) first, on the lane that finishes it soonest.',

  decide({ now, queue, lanes, predict, fits }) {
    const free = lanes.filter((l) => l.available);
    if (free.length === 0 || queue.length === 0) return null;
    let pick = null;
    let pickSlack = Infinity;
    let pickLane = null;
    for (const job of queue) {
      // The free lane that would finish this job soonest.
      let lane = null;
      let ms = Infinity;
      for (const l of free) {
        if (!fits(job, l)) continue;
        const t = predict(job, l);
        if (t < ms) {
          ms = t;
          lane = l;
        }
      }
      if (!lane) continue;
      const slack = job.deadline - now - ms;
      // Hopeless jobs (negative slack) rank after every job that can still make it.
      const rank = slack >= 0 ? slack : 1e12 - slack;
      if (rank < pickSlack) {
        pick = job;
        pickSlack = rank;
        pickLane = lane;
      }
    }
    return pick ? { job: pick, lane: pickLane } : null;
  },
};
