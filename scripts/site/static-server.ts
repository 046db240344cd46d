// A plain static file server for the built site, as the simplest hosts are: no COOP/COEP, no
// rewrite rules, the site under a sub-path (`/a/b/schedlab/`, as project pages on code hosts are
// served). Browser tests and `npm run bench:load` use it to check what a visitor to such a host
// gets; it counts every request and the bytes it sent.
//
//   npm run build && npm run serve:static [-- --prefix /a/b/schedlab/ --port 4190]

import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types by extension, as a stock server would send them. */
export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServedRequest {
  path: string;
  status: number;
  bytes: number;
}

export interface StaticServer {
  origin: string;
  /** The site's URL: origin + prefix. */
  url: string;
  /** Every request answered so far. */
  readonly requests: ServedRequest[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** The site's path on the server, with slashes at both ends. */
  prefix?: string;
  port?: number;
  /** Extra headers on every response (none by default: that is the point). */
  headers?: Record<string, string>;
}

export async function serveStatic(
  dir: string,
  { prefix = '/', port = 0, headers = {} }: StaticServerOptions = {},
): Promise<StaticServer> {
  const root = resolve(dir) + sep;
  const requests: ServedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const answer = (status: number, body: Buffer | string, type?: string): void => {
      res.writeHead(status, { ...headers, ...(type ? { 'Content-Type': type } : {}) });
      res.end(body);
      requests.push({ path, status, bytes: Buffer.byteLength(body) });
    };
    if (`${path}/` === prefix) {
      res.writeHead(301, { Location: prefix }).end();
      requests.push({ path, status: 301, bytes: 0 });
      return;
    }
    if (!path.startsWith(prefix)) return answer(404, 'not found');
    const rel = path.slice(prefix.length);
    const file = normalize(join(root, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel));
    if (!file.startsWith(root)) return answer(403, 'forbidden');
    readFile(file).then(
      (body) => answer(200, body, MIME_TYPES[extname(file)] ?? 'application/octet-stream'),
      () => answer(404, 'not found'),
    );
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections too: a closed server is gone for the browser at once (the
        // offline test takes the site away this way).
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
  };
  const served = await serveStatic('dist', {
    prefix: arg('prefix', '/a/b/schedlab/'),
    port: Number(arg('port', '4190')),
  });
  console.log(`serving dist/ at ${served.url} (no COOP/COEP headers; Ctrl-C stops)`);
}
