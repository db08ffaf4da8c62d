#!/usr/bin/env node
// Serves a built site (dist/ by default) unchanged under a sub-path, the way a static host
// would: http://127.0.0.1:4173/movierec/. Used by the Playwright suite and the browser benchmark.
//   node tests/e2e/serve.mjs [--dir dist] [--port 4173] [--base /movierec/] [--isolated]
// --isolated adds the COOP/COEP headers that make the page cross-origin isolated.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4173' },
    base: { type: 'string', default: '/movierec/' },
    isolated: { type: 'boolean', default: false },
  },
});
const root = resolve(values.dir);
const base = values.base.endsWith('/') ? values.base : `${values.base}/`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (values.isolated) {
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  if (url.pathname === '/' || url.pathname === base.slice(0, -1)) {
    response.writeHead(302, { location: base }).end();
    return;
  }
  if (!url.pathname.startsWith(base) || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  let relative;
  try {
    relative = decodeURIComponent(url.pathname.slice(base.length));
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) {
    response.writeHead(403).end();
    return;
  }
  let stat;
  try {
    stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  // Validators let a reload revalidate cheaply (304), like any static host.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    etag,
    'last-modified': stat.mtime.toUTCString(),
  };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  // One byte range, as GitHub Pages serves them: the page reads MovieLens users' ratings this way.
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  if (range !== null) {
    const start = Number(range[1]);
    const end = Math.min(stat.size - 1, range[2] === '' ? stat.size - 1 : Number(range[2]));
    if (start > end) {
      response.writeHead(416, { 'content-range': `bytes */${stat.size}` }).end();
      return;
    }
    response.writeHead(206, { ...headers, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${stat.size}` });
    if (request.method === 'HEAD') response.end();
    else createReadStream(path, { start, end }).pipe(response);
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': stat.size, 'accept-ranges': 'bytes' });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path).pipe(response);
});

server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`Serving ${root} at http://127.0.0.1:${values.port}${base}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
