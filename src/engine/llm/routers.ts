// Routing across replicas: which lane an arriving request (or a finished prefill moving to a decode
// lane) is queued on. Each replica then schedules its own steps, as a cluster of vLLM servers
// behind a load balancer does (Vidur's global scheduler, BLIS's routing policies).

import type { LaneSet } from '../lanes.ts';
import type { JobTable } from '../job-table.ts';
import { JobList } from '../schedulers/group-queue.ts';
import { ROLE_BOTH, ROLE_DECODE, ROLE_PREFILL } from './lane.ts';

import type { RouterName } from './config-sections.ts';

/** What a router reads about the lanes it chooses among. */
export interface RouterLanes {
  /** Requests queued or running on each lane. */
  readonly outstanding: Int32Array;
  /** KV blocks in use on each lane, and each lane's total. */
  readonly blocksUsed: Int32Array;
  readonly blocksTotal: Int32Array;
}

export type Router = (
  candidates: Int32Array,
  count: number,
  lanes: RouterLanes,
  group: number,
) => number;

/** The candidate with the fewest outstanding requests (ties: the first). */
function leastOutstanding(c: Int32Array, n: number, lanes: RouterLanes): number {
  let best = c[0]!;
  for (let i = 1; i < n; i++) {
    if (lanes.outstanding[c[i]!]! < lanes.outstanding[best]!) best = c[i]!;
  }
  return best;
}

export function createRouter(name: RouterName): Router {
  switch (name) {
    case 'round_robin': {
      let next = 0;
      return (c, n) => c[next++ % n]!;
    }
    case 'least_outstanding':
      return leastOutstanding;
    case 'least_kv':
      // The lowest share of KV blocks in use, then the fewest outstanding requests.
      return (c, n, lanes) => {
        let best = c[0]!;
        let bestLoad = lanes.blocksUsed[best]! / lanes.blocksTotal[best]!;
        for (let i = 1; i < n; i++) {
          const l = c[i]!;
          const load = lanes.blocksUsed[l]! / lanes.blocksTotal[l]!;
          if (
            load < bestLoad ||
            (load === bestLoad && lanes.outstanding[l]! < lanes.outstanding[best]!)
          ) {
            best = l;
            bestLoad = load;
          }
        }
        return best;
      };
    case 'prefix_affinity':
      // A shared-prefix group always goes to the same lane (while the candidates stay the same),
      // where its prefix is cached; requests without one go to the least loaded lane.
      return (c, n, lanes, group) => (group >= 0 ? c[group % n]! : leastOutstanding(c, n, lanes));
  }
}

/**
 * The routing state of a run: the router's view of every lane (kept current by the server), the
 * lanes a request may go to (its phase's role, eligible now), and the requests waiting for any lane
 * to come up.
 */
export class ReplicaRouter implements RouterLanes {
  readonly outstanding: Int32Array;
  readonly blocksUsed: Int32Array;
  readonly blocksTotal: Int32Array;
  /** KV transfers under way from each lane (they stay outstanding there until they land). */
  readonly transfersFrom: Int32Array;
  /** Requests with no lane up to go to, in arrival order. */
  readonly pending = new JobList();
  /** KV blocks in use over every lane. */
  kvTotal = 0;
  private readonly candidates: Int32Array;
  private readonly pick: Router;

  constructor(
    name: RouterName,
    private readonly roles: Uint8Array,
    totals: Int32Array,
    private readonly disaggregated: boolean,
  ) {
    const n = roles.length;
    this.outstanding = new Int32Array(n);
    this.blocksUsed = new Int32Array(n);
    this.blocksTotal = totals;
    this.transfersFrom = new Int32Array(n);
    this.candidates = new Int32Array(n);
    this.pick = createRouter(name);
  }

  /**
   * The lane for a request of prefix `group` (a decode lane when `decode` and serving is
   * disaggregated), or -1 when no such lane may take work (the request then waits in `pending`).
   */
  choose(slot: number, group: number, decode: boolean, lanes: LaneSet, jobs: JobTable): number {
    const c = this.candidates;
    const want = !this.disaggregated ? ROLE_BOTH : decode ? ROLE_DECODE : ROLE_PREFILL;
    let n = 0;
    for (let l = 0; l < this.roles.length; l++) {
      if (this.roles[l] === want && lanes.eligible(l)) c[n++] = l;
    }
    if (n === 0) {
      this.pending.push(slot, jobs);
      return -1;
    }
    return n === 1 ? c[0]! : this.pick(c, n, this, group);
  }

  /** Lane `lane` now holds `used` blocks. */
  setUsed(lane: number, used: number): void {
    this.kvTotal += used - this.blocksUsed[lane]!;
    this.blocksUsed[lane] = used;
  }
}
