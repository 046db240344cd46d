// An autoscaler written against the policy API: `npm run sim -- --config examples/autoscale.yaml
// --out out/mine --autoscaler examples/policies/autoscaler-in-flight.js`. Every `period_s` it sees
// the pool's signals (docs/policies.md "Write an autoscaler") and returns how many replicas it
// wants; the pool clamps that to [min, max], waits each new replica's cold start and drains the
// ones let go.
//
// Target tracking on requests in flight: enough replicas for every running and waiting request at
// 80 % of a replica's slots, and never fewer than the arrival rate needs at full use.

export default {
  name: 'in-flight target',
  description: 'replicas for the requests in flight at 80 % of each replica, and the arrival rate',
  period_s: 5,
  scale(ctx) {
    const inFlight = ctx.running + ctx.queued;
    const byLoad = Math.ceil(inFlight / (ctx.concurrency * 0.8));
    const byRate =
      ctx.per_replica_rate > 0 ? Math.ceil(ctx.arrival_rate / ctx.per_replica_rate) : 0;
    return Math.max(byLoad, byRate, 1);
  },
};
