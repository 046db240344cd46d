// A schedule-aware autoscaler: a floor of replicas for each hour of the day, as an operator who
// knows the daily pattern writes it (KEDA's cron scaler, AWS scheduled scaling), looked up a cold
// start ahead so the replicas are ready when the hour begins, with target tracking on top for what
// the schedule did not foresee (a burst). The day here is the page's compressed day: 600 simulated
// seconds (the daily cycle and the Twitter-like day), 25 s an hour; change DAY_S for a real day.

const DAY_S = 600;
// Replicas wanted at least, hour by hour (0 h to 23 h): quiet nights, a busy evening.
const FLOOR = [2, 2, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 3];
const TARGET = 0.6;

export default {
  name: 'schedule + target tracking',
  description: 'a floor per hour of the day, a cold start ahead, and target tracking above it',
  period_s: 5,
  scale(ctx) {
    const ahead_s = (ctx.now_ms + ctx.cold_start_ms) / 1000;
    const hour = Math.floor(((ahead_s % DAY_S) / DAY_S) * 24);
    const floor = FLOOR[hour];
    let tracking = ctx.replicas;
    if (ctx.ready > 0 && !Number.isNaN(ctx.utilisation)) {
      tracking = Math.ceil((ctx.ready * ctx.utilisation) / TARGET);
      if (ctx.starting > 0 && tracking < ctx.replicas) tracking = ctx.replicas;
    }
    return Math.max(floor, tracking, 1);
  },
};
