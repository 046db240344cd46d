// `npm run sim -- --metrics-port P`: the run's Prometheus text (src/engine/prometheus.ts) as a
// scrapeable endpoint, GET http://127.0.0.1:P/metrics, for the long runs someone watches in Grafana
// (deploy/grafana/schedlab.json reads it). The simulation loop is synchronous and keeps the main
// thread busy, so the HTTP server lives in a worker thread with its own event loop; the loop hands
// it the latest text about once a second (a message, which the worker receives however busy the
// main thread is). Startup waits (Atomics.wait) for the worker to say whether it could listen, so a
// port in use is a clear error before the run, not a silent missing endpoint.

import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const state = new Int32Array(workerData.state);
let text = '';
parentPort.on('message', (m) => { text = m; });
const server = http.createServer((req, res) => {
  const path = (req.url || '').split('?')[0];
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found: the metrics are at /metrics\\n');
  }
});
server.on('error', (e) => {
  parentPort.postMessage({ error: e.code === 'EADDRINUSE' ? 'the port is in use' : String(e.message) });
  Atomics.store(state, 0, 2);
  Atomics.notify(state, 0);
});
server.listen(workerData.port, workerData.host, () => {
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

export interface MetricsServer {
  /** Serve this text from now on. */
  update(text: string): void;
  /** Stop serving; the process may then exit. */
  close(): Promise<void>;
}

export class MetricsServerError extends Error {}

/** Listen on `host:port` (127.0.0.1 by default) or throw a `MetricsServerError` saying why. */
export function startMetricsServer(port: number, host = '127.0.0.1'): MetricsServer {
  const state = new SharedArrayBuffer(4);
  const flag = new Int32Array(state);
  const worker = new Worker(WORKER, { eval: true, workerData: { port, host, state } });
  let failure = '';
  worker.on('message', (m: { error?: string }) => {
    if (m.error) failure = m.error;
  });
  // Wait for the worker to listen or fail (10 s at most: a worker that never starts is an error).
  const result = Atomics.wait(flag, 0, 0, 10_000);
  if (result === 'timed-out' || Atomics.load(flag, 0) !== 1) {
    void worker.terminate();
    // The worker's message may not have been delivered to this (blocked) thread yet.
    throw new MetricsServerError(
      `--metrics-port ${port}: cannot listen on ${host}:${port}${failure ? ` (${failure})` : ' (the port is in use, or not allowed)'}`,
    );
  }
  return {
    update: (text) => worker.postMessage(text),
    close: async () => {
      await worker.terminate();
    },
  };
}
