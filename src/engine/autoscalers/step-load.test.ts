// Each autoscaler against a step load computed by hand: when each replica is asked for, when it is
// ready (after its 20 s cold start) and when it is let go, under the documented windows, policies
// and delays. The scenario makes the metric a function of time alone: every request runs 1 s on a
// replica with room for all of them (concurrency 1000), and an rps file spreads second k's n
// requests evenly at k + (i + 0.5) / n s. So at a whole second t the requests in flight are
// exactly the previous second's count, whatever the replicas do (the HPA, KEDA); between seconds
// they are computed below where a policy samples there (Ray Serve).

import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config.ts';
import { Engine } from '../engine.ts';
import { POOL_ACTIVE, POOL_DRAINING, POOL_PARKED, POOL_WARMING } from '../lanes.ts';
import { testConfig } from '../test-support.ts';

/** Requests per second: `n` for `secs` seconds, for each [n, secs]. */
function rps(...parts: [number, number][]): string {
  return parts.flatMap(([n, secs]) => Array<number>(secs).fill(n)).join('\n');
}

function scenario(data: string, autoscale: ConfigInput['autoscale']): ConfigInput {
  return {
    seed: 1,
    jobs: 10_000_000,
    arrivals: { process: 'trace', format: 'rps', data },
    mix: { interactive_ratio: 1, models: { resnet18: 1 } },
    lanes: [{ kind: 'cpu', count: 1, concurrency: 1000 }],
    service: { dist: 'deterministic', mean_ms: 1000 },
    scheduler: { name: 'fifo' },
    autoscale: { enabled: true, min: 1, max: 20, startup_ms: 20_000, ...autoscale },
  };
}

/** What happened to the pool: replicas asked for, ready and let go, by time (s). */
interface Timeline {
  asked: [number, number][];
  ready: [number, number][];
  letGo: [number, number][];
}

function timeline(config: ConfigInput): Timeline {
  const engine = new Engine(testConfig(config));
  const pool = engine.autoscaler!.pool;
  const state = Uint8Array.from(pool, (l) => engine.lanes.pool[l]!);
  const out: Timeline = { asked: [], ready: [], letGo: [] };
  const add = (list: [number, number][], t: number): void => {
    const s = Math.round(t) / 1000;
    const last = list[list.length - 1];
    if (last && last[0] === s) last[1]++;
    else list.push([s, 1]);
  };
  while (engine.step()) {
    pool.forEach((lane, k) => {
      const now = engine.lanes.pool[lane]!;
      const was = state[k]!;
      if (now === was) return;
      state[k] = now;
      if (was === POOL_PARKED && now === POOL_WARMING) add(out.asked, engine.now);
      else if (was === POOL_WARMING && now === POOL_ACTIVE) add(out.ready, engine.now);
      else if ((was === POOL_ACTIVE || was === POOL_WARMING) && now !== POOL_ACTIVE) {
        add(out.letGo, engine.now);
      } else if (was === POOL_DRAINING && now === POOL_ACTIVE) add(out.asked, engine.now);
    });
  }
  const l = engine.ledger();
  expect(l.completed).toBe(l.arrived);
  return out;
}

describe('the Kubernetes HPA on a step load (in-flight metric, target 10 a replica)', () => {
  // 20/s for 60 s, 100/s for 120 s, 20/s after: in flight 20, then 100, then 20 at each sync.
  const config = scenario(rps([20, 60], [100, 120], [20, 540]), {
    policy: 'hpa',
    hpa: { metric: 'in_flight', target: 10 },
  });

  it('asks, readies and lets go of replicas exactly when its algorithm says', () => {
    // 15 s: 20 in flight on 1 replica is 2x the target: ceil(1 x 2) = 2.
    // 30 s: one replica still starting: counted as using nothing, 20 / 2 / 10 = 1.0: within 10 %.
    // 75 s: 100 in flight on 2: 5x, ceil(2 x 5) = 10, but the default scale-up policy allows the
    //       larger of +100 % (4) and +4 (6) per 15 s: 6.
    // 90 s: 4 starting: 100 / 6 / 10 = 1.67, ceil(1.67 x 6) = 10; the limit is now 12: 10.
    // 105 s: 100 / 10 / 10 = 1.0 with four still starting: hold.
    // 195 s: 20 in flight asks for 2, but the 300 s scale-down window holds the highest
    //        recommendation, 10 (last made at 180 s), until it leaves the window at 480 s; then
    //        the default -100 % per 15 s policy lets 8 go at once.
    expect(timeline(config)).toEqual({
      asked: [
        [15, 1],
        [75, 4],
        [90, 4],
      ],
      ready: [
        [35, 1],
        [95, 4],
        [110, 4],
      ],
      letGo: [[480, 8]],
    });
  });

  it('with a 60 s scale-down window, lets go 240 s sooner', () => {
    const short = scenario(rps([20, 60], [100, 120], [20, 540]), {
      policy: 'hpa',
      hpa: { metric: 'in_flight', target: 10, scale_down: { stabilization_window_s: 60 } },
    });
    expect(timeline(short).letGo).toEqual([[240, 8]]);
  });
});

describe('KEDA on a step load (in-flight trigger, threshold 10, from and to zero)', () => {
  // Nothing for 400 s, 20/s for 120 s, then a trickle of 1/s that keeps the trigger active.
  const config = scenario(rps([0, 400], [20, 120], [1, 400]), {
    policy: 'keda',
    min: 0,
    keda: { metric: 'in_flight', target: 10 },
  });

  it('scales to zero after the cooldown, from zero at the next poll, and by its HPA between', () => {
    // Polls every 30 s: never active until 400 s, so 300 s after the start (cooldown) the one
    //   replica goes.
    // 420 s: the poll sees 400 requests waiting: scale to 1 (ready at 440 s, when the 800 that
    //   arrived by then start at once).
    // 450 s: the HPA (syncing every 15 s once there is a replica) sees 20 in flight on 1: 2.
    // 525 s: the trickle (1 in flight) asks for 1; the 300 s window holds 2 (last at 510 s) until
    //   810 s, and the trickle keeps the trigger active, so the HPA, not KEDA, lets one go.
    expect(timeline(config)).toEqual({
      asked: [
        [420, 1],
        [450, 1],
      ],
      ready: [
        [440, 1],
        [470, 1],
      ],
      letGo: [
        [300, 1],
        [810, 1],
      ],
    });
  });

  it('counts the cold start in the latency of the requests that waited for it', () => {
    const engine = new Engine(testConfig(config));
    engine.runToEnd();
    const waits = engine.summary().autoscale!.cold_start_waits;
    // Arrivals in [400, 440) s started at 440 s: 800 requests; those before 420 s waited the whole
    // 20 s cold start (400 of them), the others 440 s minus their arrival.
    expect(waits.requests).toBe(800);
    expect(waits.max_wait_ms).toBeCloseTo(20_000, 6);
    // Mean: (400 x 20 s + the 400 later ones' mean of 10 s) / 800 = 15 s.
    expect(waits.mean_wait_ms).toBeCloseTo(15_000, 3);
  });

  it('prices the replica-seconds it kept, idle and cold-start parts apart', () => {
    const engine = new Engine(testConfig(config));
    engine.runToEnd();
    const s = engine.summary();
    // The last request (919.5 s) ends at 920.5 s. Replica 0: 0-300 s, then 420-920.5 s; replica
    // 1: 450-810 s. Two 20 s cold starts.
    expect(s.sim_time_s).toBeCloseTo(920.5, 6);
    expect(s.cost.replica_s.cpu).toBeCloseTo(300 + 500.5 + 360, 6);
    expect(s.cost.replica_s.gpu).toBe(0);
    expect(s.cost.cold_start_replica_s.cpu).toBeCloseTo(40, 6);
    // At the default 0.1 an hour.
    expect(s.cost.total).toBeCloseTo((1160.5 * 0.1) / 3600, 9);
    expect(s.cost.per_1000_requests).toBeCloseTo((1000 * s.cost.total) / s.ledger.completed, 9);
    // Busy slot-time is 1 s a request over 1000 slots: nearly all provisioned time is idle.
    const busy = s.ledger.completed / 1000;
    expect(s.cost.idle_replica_s.cpu).toBeCloseTo(1160.5 - 40 - busy, 6);
    expect(s.autoscale).toMatchObject({ scale_up_events: 2, scale_down_events: 2, flaps: 1 });
  });
});

describe('Ray Serve on a step load (target_ongoing_requests 10, its default delays)', () => {
  // 20/s for 60 s, 100/s for 180 s, 20/s after.
  const config = scenario(rps([20, 60], [100, 180], [20, 760]), {
    policy: 'ray_serve',
    ray_serve: { target_ongoing_requests: 10 },
  });

  it('scales after 301 control loops of the same decision up, 6,001 down', () => {
    // Replicas report every 10 s; the loop (every 0.1 s) averages the last 30 s of reports. A
    // decision must repeat more than int(30 / 0.1) = 300 times (int(600 / 0.1) = 6,000 down).
    // 10.0 s: the first report averages 19.1 in flight (the first second fills up): 1.91 -> 2
    //   replicas wanted; wanted again every loop, so at the 301st, 40.0 s, it scales.
    // 70.0 s: the report up to 70 s includes the step (60 s): 45.5 -> 5 > 2; at the 301st loop,
    //   100.0 s, the report up to 100 s averages 100: 10.
    // 250.0 s: the report up to 250 s averages 74.5: 8 < 10; at the 6,001st loop, 850.0 s, the
    //   average is 20: 2.
    expect(timeline(config)).toEqual({
      asked: [
        [40, 1],
        [100, 8],
      ],
      ready: [
        [60, 1],
        [120, 8],
      ],
      letGo: [[850, 8]],
    });
  });
});

describe('the predictive autoscaler on a staircase ramp (level and trend followed at once)', () => {
  // 20/s for 60 s, then +20/s every 15 s up to 100/s. Replicas of 10 slots serve 1 s requests:
  // 10/s each, sized at 50 %: 5/s a replica. Holt with alpha = beta = 1 forecasts the last rate
  // plus its last change per period; the buffer (30 s) looks two periods ahead. The HPA floor's
  // target (1,000 in flight a replica) never binds here.
  const config: ConfigInput = {
    ...scenario(rps([20, 60], [40, 15], [60, 15], [80, 15], [100, 200]), {
      policy: 'predictive',
      max: 40,
      predictive: {
        period_s: 15,
        buffer_s: 30,
        season_s: 0,
        target_utilisation: 0.5,
        alpha: 1,
        beta: 1,
        floor_target: 1000,
      },
    }),
    lanes: [{ kind: 'cpu', count: 1, concurrency: 10 }],
  };

  it('asks for the replicas its forecast needs a buffer ahead, and lets them go when it falls', () => {
    // 15 s: 20/s, no trend: 20 / 5 = 4 replicas (3 more).
    // 75 s: 40/s, +20 a period: two periods ahead 80/s: 16 (12 more).
    // 90 s: 60/s: 100/s ahead: 20. 105 s: 80/s: 120/s: 24. 120 s: 100/s: 140/s: 28.
    // 135 s: 100/s, the trend gone: 20. Eight go: the four still starting (asked at 120 s, they
    //   never serve) and four idle ones.
    expect(timeline(config)).toEqual({
      asked: [
        [15, 3],
        [75, 12],
        [90, 4],
        [105, 4],
        [120, 4],
      ],
      ready: [
        [35, 3],
        [95, 12],
        [110, 4],
        [125, 4],
      ],
      letGo: [[135, 8]],
    });
  });
});
