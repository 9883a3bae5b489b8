/**
 * Serves the web console (console/dist, built by Vite) from the API's own port, so `npm start`
 * is the whole product: files under dist by their extension's content type, hashed assets
 * cached for a year (their names change when they do), index.html for every client route (the
 * console's router draws the page) and never cached, so a new build is picked up on reload.
 * Paths are resolved inside dist only: `..`, encoded slashes and NUL bytes never leave it.
 * Unknown `/api` and `/docs` URLs keep their JSON 404.
 *
 * Also `buildConsoleIfStale`, which `npm start` runs first: a fresh clone has no dist yet.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../errors.js';

/** The console's workspace folder (console/ beside server/). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The file under `root` a URL path names, or null when it would leave root or is malformed. */
export function resolveInside(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '');
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const full = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function fileAt(path: string): Promise<{ size: number; mtime: Date } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtime: s.mtime } : null;
  } catch {
    return null;
  }
}

function send(reply: FastifyReply, path: string, info: { size: number; mtime: Date }, cache: string): FastifyReply {
  return reply
    .header('content-type', TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
    .header('content-length', info.size)
    .header('last-modified', info.mtime.toUTCString())
    .header('cache-control', cache)
    .header('x-content-type-options', 'nosniff')
    .send(createReadStream(path));
}

/** Registers `GET /*` for the console; pass `{ dir }` to serve another build (tests). */
export async function consoleRoutes(app: FastifyInstance, opts: { dir?: string } = {}): Promise<void> {
  const root = resolve(opts.dir ?? join(CONSOLE_DIR, 'dist'));
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (urlPath === '/api' || urlPath.startsWith('/api/') || urlPath.startsWith('/docs')) throw notFound('route');
    const path = resolveInside(root, urlPath);
    if (path === null) throw notFound('file');
    const file = await fileAt(path);
    if (file) return send(reply, path, file, urlPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    // A missing file with an extension is a 404; anything else is a client route.
    if (extname(urlPath) !== '') throw notFound('file');
    const index = join(root, 'index.html');
    const indexInfo = await fileAt(index);
    if (!indexInfo) {
      return reply.status(503).header('content-type', 'text/plain; charset=utf-8').send('控制台尚未构建 The console is not built: run `npm run console:build`.\n');
    }
    return send(reply, index, indexInfo, 'no-cache');
  });
}

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const e of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, e)));
  return newest;
}

/**
 * Builds the console with Vite when dist is missing or older than its sources, so a fresh clone
 * and a pulled change both serve the current console. Without Vite (a production install
 * without dev dependencies) an existing dist is served as it is.
 */
export async function buildConsoleIfStale(log: (line: string) => void = console.log): Promise<void> {
  const built = await stat(join(CONSOLE_DIR, 'dist', 'index.html')).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(...(await Promise.all(['src', 'index.html', 'vite.config.ts'].map((p) => newestMtime(join(CONSOLE_DIR, p))))));
  if (built > 0 && built >= sources) return;
  let viteBin: string;
  try {
    viteBin = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    log(built > 0 ? '控制台 console: vite not installed, serving the existing build' : '控制台 console: vite not installed, the console cannot be built');
    return;
  }
  log('控制台 console: building with Vite…');
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [viteBin, 'build', CONSOLE_DIR, '--logLevel', 'warn'], { stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`console build failed (exit ${code})`))));
  });
}
