import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Headers for every static reply: no sniffing, no framing by other sites, and a page that may
 * talk only to this host (its WebSocket included) and show images it made itself (blob:).
 */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' blob: data:; connect-src 'self' ws: wss:; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
} as const;

/**
 * Serves the files under `root` for GET and HEAD (`/` is `index.html`); nothing outside it,
 * no directory listings, no dotfiles.
 */
export function staticFiles(root: string): (request: IncomingMessage, response: ServerResponse) => void {
  const base = resolve(root);
  return (request, response) => {
    void serve(base, request, response).catch(() => reply(response, 500, 'internal error'));
  };
}

async function serve(base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, 'method not allowed');
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', 'http://gateway').pathname);
  } catch {
    return reply(response, 400, 'bad path');
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(join(base, path));
  if (!file.startsWith(base + sep) || path.split('/').some((part) => part.startsWith('.'))) return reply(response, 404, 'not found');
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return reply(response, 404, 'not found');
  response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function reply(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}
