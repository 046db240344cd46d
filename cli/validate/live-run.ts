// One live run for `npm run validate`: the browser's own engine host (EngineHost: wall-clock pacing,
// the live executor, lane failures) with its lanes in Node worker threads, serving a config's
// arrivals until every job has ended. Returns the run's record: config, control log, every ended job
// and every run the lanes finished.

import type { ConfigInput } from '../../src/engine/config.ts';
import { EngineHost, type LiveRecord } from '../../src/workers/engine-host.ts';
import type { LaneSpawner, LiveRunRecord } from '../../src/workers/live-executor.ts';
import type { LiveOptions } from '../../src/workers/lanes/lane-protocol.ts';
import { wallMs } from '../../src/engine/units.ts';

export interface LiveRunResult {
  record: LiveRecord;
  runs: LiveRunRecord[];
  /** Wall ms from the reset to the lanes being ready, and from then to the last job's end. */
  startupMs: number;
  servingMs: number;
}

/** Serve `config` live to the end. Rejects when a lane goes down or the run outlasts `timeoutMs`. */
export async function liveRun(
  config: ConfigInput,
  live: LiveOptions,
  spawn: LaneSpawner,
  timeoutMs: number,
): Promise<LiveRunResult> {
  const host = new EngineHost(() => wallMs(performance.now()), spawn);
  host.connect({ postMessage() {} });
  const t0 = performance.now();
  try {
    const reset = host.reset(config, { mode: 'live', speed: 1, playing: true, live });
    if (!reset.ok) throw new Error(`live run refused: ${reset.problems.join('; ')}`);
    const first = host.liveRecord();
    if (!first) throw new Error('live mode is not available');
    const runs: LiveRunRecord[] = [];
    first.executor.observer = (r) => runs.push(r);
    let settledAt = NaN;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const record = host.liveRecord()!;
      const status = record.executor.status();
      const down = status.lanes.find((l) => l.health === 'down');
      if (down) throw new Error(`lane ${down.name} went down: ${down.reason ?? down.detail}`);
      if (status.settled && Number.isNaN(settledAt)) settledAt = performance.now();
      if (record.done) {
        const end = performance.now();
        return { record, runs, startupMs: settledAt - t0, servingMs: end - settledAt };
      }
      if (performance.now() - t0 > timeoutMs) {
        throw new Error(
          `live run did not finish in ${Math.round(timeoutMs / 1000)} s (ledger ${JSON.stringify(record.ledger)})`,
        );
      }
    }
  } finally {
    host.dispose();
  }
}
