// Serves the built web app (packages/web/dist): hashed assets as they are, and index.html for
// every other path (the app routes in the browser), with the session token injected.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { TOKEN_META } from './api-types.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // ag-grid sets inline styles and injects its theme stylesheet at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function staticHandler(
  webDir: string | null,
  token: string,
): (c: Context) => Promise<Response> {
  const root = webDir === null ? null : resolve(webDir);
  // Read on every page load (a small file): a rebuilt web app is picked up without a restart.
  const indexHtml = async (): Promise<string | null> => {
    if (root === null) return null;
    try {
      const html = await readFile(join(root, 'index.html'), 'utf8');
      const meta = `<meta name="${TOKEN_META}" content="${escapeAttr(token)}">`;
      return html.includes('</head>')
        ? html.replace('</head>', `  ${meta}\n  </head>`)
        : `${meta}\n${html}`;
    } catch {
      return null;
    }
  };

  return async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
      return c.json({ error: 'not found', kind: 'notFound' }, 404);
    const path = decodeURIComponent(c.req.path);
    if (root !== null && path !== '/' && !path.endsWith('/') && extname(path) !== '') {
      const file = normalize(join(root, path));
      if (file.startsWith(root + sep)) {
        try {
          const s = await stat(file);
          if (s.isFile()) {
            const body = await readFile(file);
            const immutable = path.startsWith('/assets/');
            return new Response(body, {
              headers: {
                'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
                'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
              },
            });
          }
        } catch {
          // fall through to a 404 for a missing asset
        }
      }
      if (path.startsWith('/assets/')) return c.text('not found', 404);
    }
    const html = await indexHtml();
    if (html === null) {
      return c.html(
        '<!doctype html><meta charset="utf-8"><title>gst-ims</title><p>The web app is not built. Run <code>npm run build</code> in the project folder, then start <code>gst-ims serve</code> again. The JSON API is available under /api.</p>',
        503,
      );
    }
    return new Response(c.req.method === 'HEAD' ? null : html, {
      headers: {
        'content-type': TYPES['.html'] ?? 'text/html',
        'cache-control': 'no-store',
        'content-security-policy': CSP,
      },
    });
  };
}
