/**
 * The browser preview, served by the local cloud at `/` (`npm start` loads this module; tests pass
 * `createPreviewHandler(...)` as `staticHandler` to `startLocalCloud`).
 *
 *   /                           the shell: phone frame, person switcher, developer panel (public/index.html)
 *   /preview/webview.html       the phone's web view (inside an iframe): renders the pages
 *   /preview/shell.js           client/shell bundle;  /preview/runtime.js  client/runtime bundle
 *   /preview/app/manifest.json  the mini-program's pages/components (WXML, WXSS, JSON) and module URLs
 *   /preview/app/**.js          the mini-program's compiled modules
 *   /preview/version            a signature of the sources (the shell reloads when it changes)
 *   /<asset>                    images etc. from miniprogram/ (`<image src="/images/x.png">`)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StaticHandler } from '../cloud/server';
import { serveStatic } from '../cloud/static';
import { buildApp, buildClient, REPO_ROOT, signature, type AppBuild } from './build';

export interface PreviewOptions {
  /** The mini-program folder (with app.json). Default: `<repo>/miniprogram`. */
  miniprogramDir?: string;
  /** What `@union/contracts` resolves to. Default: `<repo>/typings/index.ts`. */
  contractsEntry?: string;
}

const ASSET = /\.(png|jpe?g|gif|svg|webp|ico)$/i;
const CLIENT_DIR = path.join(__dirname, 'client');

/** A cached build that is redone when the files under `dirs` change; concurrent callers share one build. */
function cached<T>(dirs: () => string[], make: () => Promise<T>): () => Promise<T> {
  let sig = '';
  let value: Promise<T> | undefined;
  return () => {
    const now = signature(dirs());
    if (!value || now !== sig) {
      sig = now;
      value = make();
      value.catch(() => {
        sig = '';
      });
    }
    return value;
  };
}

/** `createPreviewHandler({url, envId})` → the StaticHandler serving the preview. */
export function createPreviewHandler(
  _info: { url: string; envId: string } = { url: '', envId: '' },
  opts: PreviewOptions = {},
): StaticHandler {
  const mpDir = path.resolve(opts.miniprogramDir ?? path.join(REPO_ROOT, 'miniprogram'));
  const contractsEntry = opts.contractsEntry ?? path.join(REPO_ROOT, 'typings', 'index.ts');
  const publicFiles = serveStatic(path.join(__dirname, 'public'), { prefix: '/' });
  const assets = serveStatic(mpDir, { prefix: '/' });
  const app = cached<AppBuild>(
    () => [mpDir, path.dirname(contractsEntry)],
    () => buildApp(mpDir, { contractsEntry }),
  );
  let lastApp: AppBuild | undefined;
  const shell = cached(
    () => [CLIENT_DIR],
    () => buildClient(path.join(CLIENT_DIR, 'shell', 'main.ts')),
  );
  const runtime = cached(
    () => [CLIENT_DIR],
    () => buildClient(path.join(CLIENT_DIR, 'runtime', 'main.ts')),
  );

  const sendBuffer = (res: Parameters<StaticHandler>[1], type: string, body: Buffer, head: boolean): true => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(head ? undefined : body);
    return true;
  };
  const sendError = (res: Parameters<StaticHandler>[1], err: unknown): true => {
    const message = (err as { errors?: { text: string }[]; message?: string }).errors
      ? (err as { errors: { text: string }[] }).errors.map((e) => e.text).join('\n')
      : String((err as Error).message ?? err);
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`preview build failed:\n${message}`);
    return true;
  };

  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const head = req.method === 'HEAD';
    const p = url.pathname;
    try {
      if (p === '/preview/version') {
        // What the shell polls for live reload: changes when a source file of the pages or the preview changes.
        const version = signature([mpDir, path.dirname(contractsEntry), CLIENT_DIR]);
        const body = Buffer.from(JSON.stringify({ version }));
        return sendBuffer(res, 'application/json; charset=utf-8', body, head);
      }
      if (p === '/preview/shell.js') return sendBuffer(res, 'text/javascript; charset=utf-8', await shell(), head);
      if (p === '/preview/runtime.js') return sendBuffer(res, 'text/javascript; charset=utf-8', await runtime(), head);
      if (p === '/preview/app/manifest.json') {
        lastApp = await app();
        const file = lastApp.files.get(p);
        if (file) return sendBuffer(res, file.contentType, file.body, head);
      }
      if (p.startsWith('/preview/app/')) {
        const built = lastApp ?? (lastApp = await app());
        const file = built.files.get(p);
        if (file) return sendBuffer(res, file.contentType, file.body, head);
        return false;
      }
    } catch (err) {
      return sendError(res, err);
    }
    if (p === '/' || p.startsWith('/preview/')) {
      const rel = p === '/' ? '/index.html' : p.slice('/preview'.length);
      return publicFiles(req, res, new URL(rel, url));
    }
    if (ASSET.test(p) && fs.existsSync(mpDir)) return assets(req, res, url);
    return false;
  };
}
