// A target-tracking autoscaler, the rule behind the Kubernetes HPA and AWS target tracking, written
// against the policy API: keep the ready replicas' utilisation near a target. Every `period_s` it
// sees the pool's signals (docs/policies.md "Write an autoscaler") and returns how many replicas it
// wants; the pool clamps that to [min, max], waits each new replica's cold start and drains the
// ones let go. In the page: open "Write your own policy", start from this template, Run, then pick
// "Your autoscaler" in the Autoscaling panel. In the CLI:
// `npm run sim -- --config examples/autoscale.yaml --autoscaler examples/policies/autoscaler-target-tracking.js`.

const TARGET = 0.6; // the utilisation to hold
const TOLERANCE = 0.1; // no change while within 10 % of it (the HPA's default tolerance)

export default {
  name: 'target tracking',
  description: 'keeps the ready replicas near 60 % busy, as the HPA does',
  period_s: 5,
  scale(ctx) {
    // No replica ready yet (all in their cold start): wait for them.
    if (ctx.ready === 0 || Number.isNaN(ctx.utilisation)) return ctx.replicas;
    const ratio = ctx.utilisation / TARGET;
    if (Math.abs(ratio - 1) <= TOLERANCE) return ctx.replicas;
    const wanted = Math.ceil(ctx.ready * ratio);
    // While replicas are still starting, do not give any back: they were asked for a reason.
    if (ctx.starting > 0 && wanted < ctx.replicas) return ctx.replicas;
    return Math.max(wanted, 1);
  },
};
