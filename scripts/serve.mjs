// A small static file server (node:http only), used by `npm start` and by the browser tests.
//
//   import { startServer } from './scripts/serve.mjs';
//   const srv = await startServer({ root: '.', port: 0 });   // port 0: a free random port
//   console.log(srv.url); ...; await srv.close();
//
// Or from the command line: node scripts/serve.mjs [root] [--port 8080] [--host 127.0.0.1]
//
// It serves files under `root` only: paths are decoded, normalised and checked (also after
// following symlinks) to stay inside it; dot-files and dot-folders (.git, .env, ...) are never served.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.glsl': 'text/plain; charset=utf-8',
  '.wgsl': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
};

/** Content type for a file name (application/octet-stream when unknown). */
export function mimeType(file) {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const inside = (root, p) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Maps a request path to a file under root, or returns an HTTP status for why not.
 * @returns {Promise<{ file: string } | { redirect: string } | { status: number }>}
 */
async function lookup(root, realRoot, pathname, rewrites) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  if (Object.hasOwn(rewrites, decoded)) decoded = rewrites[decoded];
  else {
    // Keys ending in '/' rewrite a whole folder; the longest matching prefix wins.
    const prefix = Object.keys(rewrites).filter((k) => k.endsWith('/') && k.length > 1 && decoded.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    if (prefix) decoded = rewrites[prefix] + decoded.slice(prefix.length);
  }
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return { status: 404 };
  let file = resolve(root, ...segments);
  if (!inside(root, file)) return { status: 403 };
  let info;
  try {
    info = await stat(file);
  } catch {
    return { status: 404 };
  }
  if (info.isDirectory()) {
    if (!decoded.endsWith('/')) return { redirect: `${pathname}/` };
    file = join(file, 'index.html');
    try {
      info = await stat(file);
    } catch {
      return { status: 404 };
    }
  }
  if (!info.isFile()) return { status: 404 };
  // Symlinks must not lead out of the root either.
  if (!inside(realRoot, await realpath(file))) return { status: 403 };
  return { file, size: info.size };
}

/**
 * Starts serving `root`.
 * @param {object} [options]
 * @param {string} [options.root] folder to serve (default: the repository root)
 * @param {number} [options.port] port (default 8080; 0 picks a free one)
 * @param {string} [options.host] interface (default 127.0.0.1; use '::' or '0.0.0.0' for all)
 * @param {Record<string,string>} [options.rewrites] request paths served from other paths: exact ({ '/': '/site/index.html' }) or, for keys ending in '/', whole folders ({ '/sprout/': '/dist/' })
 * @param {boolean} [options.log] log each request to the console
 * @returns {Promise<{ url: string, port: number, host: string, root: string, server: import('node:http').Server, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const root = resolve(options.root ?? join(fileURLToPath(new URL('.', import.meta.url)), '..'));
  const realRoot = await realpath(root);
  const host = options.host ?? '127.0.0.1';
  const rewrites = options.rewrites ?? {};
  const log = options.log ?? false;

  const server = createServer(async (req, res) => {
    const send = (status, text, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : `${status} ${text}\n`);
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      // Prefix the origin rather than resolve against it: a path such as '//' is not a host.
      const { pathname, search } = new URL('http://localhost' + (req.url ?? '/'));
      const found = await lookup(root, realRoot, pathname, rewrites);
      if ('status' in found) return send(found.status, { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[found.status] ?? 'Error');
      if ('redirect' in found) return send(301, 'Moved Permanently', { Location: found.redirect + search });
      res.writeHead(200, {
        'Content-Type': mimeType(found.file),
        'Content-Length': found.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (log) console.log(`200 ${req.method} ${req.url}`);
      if (req.method === 'HEAD') return res.end();
      const stream = createReadStream(found.file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      if (!res.headersSent) send(500, 'Internal Server Error');
      else res.destroy();
      console.error(err);
    }
  });

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : Number(options.port);
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    host,
    root,
    server,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections?.();
        server.close(() => resolveClose());
      }),
  };
}

// Command line: node scripts/serve.mjs [root] [--port N] [--host H]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const port = Number(opt('--port') ?? process.env.PORT ?? 8080);
  const host = opt('--host') ?? process.env.HOST;
  const root = args[0];
  const srv = await startServer({ root, port, host, log: true });
  console.log(`Serving ${srv.root} on ${srv.url}`);
}

export default startServer;
