// Every term the page uses that a newcomer may not know, explained in a sentence or two. The page
// shows an explanation on hover and on tap (components/term.tsx) wherever the term appears: status
// pills, figure labels, chart titles, the verdict. Scheduler names are explained by the policy
// registry's own descriptions (src/engine/schedulers/), not here.

export interface GlossaryEntry {
  /** The term as the page writes it. */
  term: string;
  /** What it means, plainly. */
  text: string;
}

export const GLOSSARY = {
  job: {
    term: 'job',
    text: 'One inference request: an image or a sound clip to run through a model. Jobs arrive at random times, wait in the queue and are served by a lane.',
  },
  lane: {
    term: 'lane',
    text: 'A worker that serves one job (or one batch of jobs) at a time. GPU lanes are about 4 times faster than CPU lanes here; in live mode they run real models with WebGPU and WebAssembly.',
  },
  queue: {
    term: 'queue',
    text: 'Jobs that have arrived but not started. The scheduler picks which waiting job goes to which free lane. The queue holds at most 20,000 jobs: arrivals that find it full are turned away.',
  },
  load: {
    term: 'load',
    text: 'Arrival rate divided by what the lanes can serve. Under 100 % the lanes keep up on average, but waits grow fast past about 80 %; over 100 % the queue grows without end.',
  },
  slo: {
    term: 'SLO',
    text: 'Service-level objective: the latency a job should finish within (here 100 ms for interactive jobs, 1 s for batch jobs). A job that finishes later, or is turned away, misses it.',
  },
  interactive: {
    term: 'interactive',
    text: 'Jobs a person waits for (a photo tagged as it is taken): a tight SLO of 100 ms.',
  },
  batch: {
    term: 'batch',
    text: 'Background jobs (a nightly re-index): a loose SLO of 1 s.',
  },
  latency: {
    term: 'latency',
    text: 'How long a job took from arrival to done: its wait in the queue plus its service on a lane.',
  },
  p99: {
    term: 'p99',
    text: 'The 99th percentile: 99 jobs in 100 finished at least this fast. p50 is the median, p95 the 95th percentile. Tail percentiles (p99) show the unlucky jobs an average hides.',
  },
  cdf: {
    term: 'CDF',
    text: 'Cumulative distribution: for each latency on the x axis, the share of jobs that finished within it. A curve further left is faster; where it crosses an SLO line shows the share that met it.',
  },
  throughput: {
    term: 'throughput',
    text: 'Jobs finished per second.',
  },
  goodput: {
    term: 'goodput',
    text: 'Jobs finished within their SLO per second: the throughput that counts.',
  },
  turnedAway: {
    term: 'turned away',
    text: 'Arrivals the system refused (rejected) because the queue was full, or dropped because they had waited past their deadline. They never run and count as SLO misses.',
  },
  sloMisses: {
    term: 'SLO misses',
    text: 'The share of jobs that ended without meeting their SLO: finished late, or turned away.',
  },
  scheduler: {
    term: 'scheduler',
    text: 'The policy that picks which waiting job runs next and on which lane. Switching it changes only the order and placement of jobs, never the jobs themselves.',
  },
  seed: {
    term: 'seed',
    text: 'The number the random arrivals and service times are drawn from. Same settings and seed: the very same run, so a link reproduces it exactly.',
  },
  speed: {
    term: 'speed',
    text: 'Simulated seconds per real second. At 10× a minute of simulated traffic passes in 6 s.',
  },
  batching: {
    term: 'micro-batching',
    text: 'Running several compatible jobs (same model) together on a lane: a batch costs less than its jobs one by one, at the price of waiting a little to fill it.',
  },
  memory: {
    term: 'memory capacity',
    text: "How much memory each lane has for its models, in MiB. A run holds its model's weights plus a little for each job in it while it runs (ResNet-50: about 98 MiB plus 9 MiB a job), and starts only when that fits in what its lane has free: too little means smaller batches, or jobs waiting while other runs hold the lane's memory. The memory gauges show each lane's use.",
  },
  backup: {
    term: 'backup lane',
    text: 'A lane that takes work only while a primary lane is down (failover).',
  },
  autoscale: {
    term: 'autoscaling',
    text: 'Adding CPU lanes when the queue grows and parking them when it shrinks, within a minimum and a maximum.',
  },
  autoscaler: {
    term: 'autoscaler',
    text: "The rule that decides how many replicas the pool wants. Reactive rules (SchedLab's own, the Kubernetes HPA, KEDA, Ray Serve) look at what the replicas measure now; the predictive one forecasts the arrival rate from the run so far and starts replicas before the load arrives.",
  },
  replica: {
    term: 'replica',
    text: 'One copy of the service in an autoscaled pool: here a CPU lane. It is asked for, then warms up (its cold start), serves, and when let go drains its running work before it parks.',
  },
  cold_start: {
    term: 'cold start',
    text: 'The time from asking for a replica to its first request: model load, session creation and warm-up. Requests that arrive meanwhile wait, so a rule that scales only once the load is there is a cold start late.',
  },
  target_utilisation: {
    term: 'target utilisation',
    text: 'The busy share of each replica the autoscaler aims for: at 0.7 the pool is sized so replicas are busy 70 % of the time, leaving room for bursts.',
  },
  replica_seconds: {
    term: 'replica-seconds',
    text: 'What the pool costs: each replica counts from the moment it is asked for (cold start included) until it is let go. Price per hour x replica-seconds / 3600 is the bill.',
  },
  slo_attainment: {
    term: 'SLO attainment',
    text: 'The share of requests that completed within their latency target (SLO): 95 % means 1 in 20 was late or lost.',
  },
  twitter_day: {
    term: 'Twitter-like day',
    text: 'A synthetic day shaped like a global social service: an early-morning trough near 45 % of the evening peak (the arrival rate) and one event burst to twice the peak that fades in about a minute. Synthetic because no real per-second Twitter series with a licence to share was found.',
  },
  price_per_hour: {
    term: 'price per replica-hour',
    text: 'What one replica (a lane) costs for an hour, in USD, by kind: CPU-class or GPU-class. Cost per 1,000 requests is the replica-seconds of every lane at these prices, over the requests completed. A new price prices the run again; it changes nothing the simulation does.',
  },
  daily_cycle: {
    term: 'daily cycle',
    text: 'A day compressed into a few minutes of simulated time: a quiet night, a morning ramp, a noon peak at the arrival rate, and back. It repeats, so a forecast can learn it.',
  },
  knee: {
    term: 'knee',
    text: 'The load where throughput stops following the offered load and the tail latency turns up: the most the service takes before it queues. Marked at the greatest throughput / p99.',
  },
  coordinated_omission: {
    term: 'coordinated omission',
    text: 'A load tester that waits for a free connection stops sending while the service stalls, so the requests it should have sent are never timed. Latency from the intended send time counts that wait; latency from the actual send time hides it.',
  },
  webgpu: {
    term: 'WebGPU',
    text: "The browser's access to the graphics card. Live mode's GPU lane runs models on it; without a GPU (or with a software one, as on a server) that lane is down or slow, and the page says so.",
  },
  isolated: {
    term: 'cross-origin isolation',
    text: 'A browser security mode (COOP/COEP headers) that a page needs before it may use several CPU threads. SchedLab gets it from its host or from its own service worker.',
  },
  threads: {
    term: 'WASM threads',
    text: 'Live mode runs CPU lanes in WebAssembly; with cross-origin isolation each lane can use several CPU threads and serves faster.',
  },
  live: {
    term: 'live mode',
    text: 'Real inference: the lanes run the models in this browser and every service time is measured, instead of drawn from the simulation.',
  },
  ci: {
    term: '95 % confidence interval',
    text: 'The range the true difference lies in, with 95 % confidence, judged from the spread between seeds. A range that includes 0 means the seeds cannot tell A and B apart.',
  },
  seeds: {
    term: 'seeds',
    text: 'Independent runs with other random arrivals. One run can be lucky; the verdict runs A and B on 10 seeds each and compares them seed by seed.',
  },
  points: {
    term: 'percentage points',
    text: 'The difference between two percentages: from 10 % to 12 % is 2 points (and 20 % more).',
  },
  fairness: {
    term: 'fairness',
    text: "Jain's index over the two classes' SLO attainment: 1 when both classes meet their SLO equally often, 0.5 when one class gets everything.",
  },
  calibrate: {
    term: 'calibration',
    text: "Timing the models on this device's lanes (each model, several batch sizes) so the simulation's service times become this device's.",
  },
} as const satisfies Record<string, GlossaryEntry>;

export type TermId = keyof typeof GLOSSARY;
