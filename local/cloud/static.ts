import fs from 'node:fs';
import path from 'node:path';
import type { StaticHandler } from './server';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wxml': 'text/plain; charset=utf-8',
  '.wxss': 'text/css; charset=utf-8',
};

/**
 * A StaticHandler serving files under `root` for GET/HEAD (`/` → `index.html`); paths outside `root` and missing
 * files fall through (false). For the browser preview: `createPreviewHandler = () => serveStatic(dir)`.
 */
export function serveStatic(root: string, opts: { prefix?: string } = {}): StaticHandler {
  const base = path.resolve(root);
  const prefix = opts.prefix ?? '/';
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!url.pathname.startsWith(prefix)) return false;
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return false;
    }
    let file = path.resolve(base, `.${path.posix.sep}${rel}`);
    if (file !== base && !file.startsWith(base + path.sep)) return false;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
    const size = fs.statSync(file).size;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
    return true;
  };
}
