// Routing across replicas: which lane an arriving request (or a finished prefill moving to a decode
// lane) is queued on. Each replica then schedules its own steps, as a cluster of vLLM servers
// behind a load balancer does (Vidur's global scheduler, BLIS's routing policies).

export const ROUTER_NAMES = [
  'round_robin',
  'least_outstanding',
  'least_kv',
  'prefix_affinity',
] as const;
export type RouterName = (typeof ROUTER_NAMES)[number];

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
