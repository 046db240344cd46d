// The deploy recipes agree with each other and with the dev servers: every place that sends the
// isolation headers sends the same ones (vite.config.ts, public/_headers, deploy/nginx.conf, the
// service worker), nginx types .wasm/.mjs/.onnx right and compresses text, and the Dockerfile and
// the Pages workflow build and publish dist/. (No docker daemon here: this reads the files; the
// nginx config was also checked with `nginx -t`.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS } from './isolation-headers.ts';
import { MIME_TYPES } from './static-server.ts';
import { PUBLIC_FILES } from './site-files-plugin.ts';

const read = (path: string): string => readFileSync(path, 'utf8');
const HEADERS = Object.entries(ISOLATION_HEADERS);

/** `_headers`: path pattern -> { header: value }. */
function parseHeadersFile(text: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = {};
      rules.set(line.trim(), current);
    } else if (current) {
      const [name, ...value] = line.trim().split(':');
      current[name!.trim()] = value.join(':').trim();
    }
  }
  return rules;
}

/** nginx blocks that set headers: the server level and each location. */
function nginxHeaderBlocks(conf: string): { name: string; headers: Map<string, string> }[] {
  const blocks: { name: string; headers: Map<string, string> }[] = [];
  const stack: { name: string; headers: Map<string, string> }[] = [];
  for (const raw of conf.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const open = /^(.*)\{$/.exec(line);
    if (open) {
      const block = { name: open[1]!.trim(), headers: new Map<string, string>() };
      stack.push(block);
      blocks.push(block);
      continue;
    }
    if (line === '}') {
      stack.pop();
      continue;
    }
    const header = /^add_header\s+(\S+)\s+("[^"]*"|\S+)/.exec(line);
    if (header) stack.at(-1)!.headers.set(header[1]!, header[2]!.replace(/"/g, ''));
  }
  return blocks;
}

describe('deploy recipes', () => {
  const nginx = read('deploy/nginx.conf');

  it('public/_headers sends the isolation headers on every path, and is part of the built site', () => {
    const rules = parseHeadersFile(read('public/_headers'));
    expect(Object.entries(rules.get('/*') ?? {})).toEqual(expect.arrayContaining(HEADERS));
    expect(PUBLIC_FILES).toContain('_headers');
  });

  it('nginx sends the isolation headers in every block that sets headers (nginx does not inherit them)', () => {
    const blocks = nginxHeaderBlocks(nginx).filter((b) => b.headers.size > 0);
    expect(blocks.map((b) => b.name)).toEqual(['server', 'location ~ /assets/[^/]+$']);
    for (const block of blocks) {
      for (const [name, value] of HEADERS) expect(block.headers.get(name), block.name).toBe(value);
    }
    expect(nginx).toMatch(/add_header Cross-Origin-Opener-Policy same-origin always;/);
  });

  it('nginx types .wasm, .mjs and .onnx as the static test server does, and compresses text', () => {
    expect(nginx).toMatch(/include \/etc\/nginx\/mime\.types;/); // application/wasm wasm
    expect(MIME_TYPES['.wasm']).toBe('application/wasm');
    expect(nginx).toMatch(/text\/javascript mjs;/);
    expect(MIME_TYPES['.mjs']).toMatch(/^text\/javascript/);
    expect(nginx).toMatch(/application\/octet-stream onnx;/);
    expect(MIME_TYPES['.onnx']).toBe('application/octet-stream');
    expect(nginx).toMatch(/^\s*gzip on;/m);
    const types = /gzip_types ([^;]+);/.exec(nginx)?.[1]?.split(/\s+/) ?? [];
    expect(types).toEqual(
      expect.arrayContaining(['text/css', 'text/javascript', 'application/json']),
    );
    // Already-compressed files are not compressed again.
    expect(types).not.toContain('application/gzip');
  });

  it('the service worker adds the same isolation headers', () => {
    const sw = read('public/coi-sw.js');
    for (const [name, value] of HEADERS) expect(sw).toContain(`headers.set('${name}', '${value}')`);
  });

  it('the Dockerfile builds dist/ and serves it with deploy/nginx.conf; the Pages workflow publishes dist/', () => {
    const docker = read('Dockerfile');
    expect(docker).toMatch(/RUN npm ci/);
    expect(docker).toMatch(/RUN npm run build/);
    expect(docker).toMatch(/COPY deploy\/nginx\.conf \/etc\/nginx\/conf\.d\/default\.conf/);
    expect(docker).toMatch(/COPY --from=build \/app\/dist \/usr\/share\/nginx\/html/);
    expect(nginx).toMatch(/root \/usr\/share\/nginx\/html;/);
    const pages = read('.github/workflows/pages.yml');
    expect(pages).toMatch(/run: npm ci/);
    expect(pages).toMatch(/run: npm run build/);
    expect(pages).toMatch(/upload-pages-artifact@v\d+\s+with:\s+path: dist/);
  });
});
