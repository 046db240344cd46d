// First in, first out, written through the policy API: the oldest queued job goes to the first lane
// (in config order) that has a free slot. With a memory model it takes the oldest job that fits, as
// the built-in does. Same config and seed: the same trace.csv as `scheduler: { name: fifo }`.
//
//   npm run sim -- --config examples/contract.json --out out/fifo-js --policy examples/policies/fifo.js

export default {
  name: 'fifo.js',
  description: 'First in, first out; lanes tried in config order.',

  decide({ queue, lanes, fits }) {
    for (const lane of lanes) {
      if (!lane.available) continue;
      const job = queue.find((j) => fits(j, lane));
      if (job) return { job, lane };
    }
    return null; // nothing fits anywhere: wait
  },
};
