// What capacity costs at the prices the person set (USD per replica-hour, by lane kind): the
// arithmetic of the engine's cost summary (src/engine/replica-cost.ts), here so the page can price
// a run's replica-seconds again when a price changes, without restarting the run. Prices change
// nothing the engine simulates; a summary exported after a change carries the new prices and the
// cost they give, exactly as a fresh run at those prices would.

import type { Summary } from '../../src/engine/summary.ts';
import type { Prices } from './settings.ts';

/** Replica-seconds by kind and the requests completed, priced: the total and per 1,000 requests
 * (null before any completed). */
export function priceOf(
  replicaS: { cpu: number; gpu: number },
  completed: number,
  prices: Prices,
): { total: number; per1000: number | null } {
  const total = (replicaS.cpu * prices.cpu + replicaS.gpu * prices.gpu) / 3600;
  return { total, per1000: completed > 0 ? (1000 * total) / completed : null };
}

/** A summary's cost at `prices` (the rest of it unchanged). */
export function repriced(summary: Summary, prices: Prices): Summary {
  const { total, per1000 } = priceOf(summary.cost.replica_s, summary.ledger.completed, prices);
  return {
    ...summary,
    cost: {
      ...summary.cost,
      currency: 'USD',
      price_per_hour: { cpu: prices.cpu, gpu: prices.gpu },
      total,
      per_1000_requests: per1000,
    },
  };
}
