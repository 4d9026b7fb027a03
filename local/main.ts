/**
 * `npm start` (`npm run build` first): run the local cloud — a development tool, never a production server — on
 * 127.0.0.1:$PORT (default 3000) with data in $CLOUD_DATA_DIR (default .cloud/). Seeds the demo data on first
 * start; `--watch` rebuilds functions on change; `--no-dev` (or LOCAL_CLOUD_DEV=0) turns the developer endpoints
 * `/dev/*` off. The browser preview, when present, is served at `/` through `local/preview/handler` (export
 * `createPreviewHandler(cloudInfo) => StaticHandler`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startLocalCloud, type StaticHandler } from './cloud/server';

type PreviewModule = { createPreviewHandler?: (info: { url: string; envId: string }) => StaticHandler };

function loadPreviewHandler(info: { url: string; envId: string }): StaticHandler | undefined {
  const modPath = path.join(__dirname, 'preview', 'handler');
  const exists = ['.ts', '.js'].some((ext) => fs.existsSync(modPath + ext));
  if (!exists) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modPath) as PreviewModule;
  return mod.createPreviewHandler?.(info);
}

/** Bundle every cloud function into dist/cloudfunctions, so `npm start` always runs the current code. */
async function buildFunctions(): Promise<void> {
  const { buildFunction, functionNames } = await import('../scripts/build-functions');
  const started = Date.now();
  const names = functionNames();
  for (const name of names) await buildFunction(name);
  console.log(`built ${names.length} cloud functions in ${Date.now() - started} ms`);
}

/**
 * `npm start -- --watch`: rebuild the functions when cloudfunctions/, domain/ or typings/ change; the local cloud
 * picks up a rebuilt bundle on its next call.
 */
function watchSources(): void {
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    try {
      await buildFunctions();
    } catch (err) {
      console.error('rebuild failed:', (err as Error).message);
    } finally {
      building = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  for (const dir of ['cloudfunctions', 'domain', 'typings']) {
    const full = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(full)) continue;
    fs.watch(full, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), 150);
    });
  }
  console.log('watching cloudfunctions/, domain/, typings/ for changes');
}

/**
 * The seed's scale asked on the command line: `npm start -- --scale full` (or `--scale=full`); `npm start --scale
 * full` reaches here as npm's own flag (`npm_config_scale=true`) followed by the word `full`. Applies to a first
 * start only (an empty data dir); `npm run seed -- --scale full` reseeds an existing one.
 */
function seedScale(): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf('--scale');
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith('--scale='));
  if (inline) return inline.slice('--scale='.length);
  const npmFlag = process.env.npm_config_scale;
  if (npmFlag && npmFlag !== 'true') return npmFlag;
  return npmFlag === 'true' && args.includes('full') ? 'full' : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes('--watch')) watchSources();
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(process.env.CLOUD_DATA_DIR ?? path.join(REPO_ROOT, '.cloud'));
  const envId = process.env.CLOUD_ENV_ID ?? 'local-dev';
  // The preview handler needs the URL, known only after listen (PORT=0 picks one); bind lazily.
  let cloudUrl = '';
  let preview: StaticHandler | undefined;
  let previewLoaded = false;
  const staticHandler: StaticHandler = (req, res, url) => {
    if (!previewLoaded) {
      previewLoaded = true;
      preview = loadPreviewHandler({ url: cloudUrl, envId });
    }
    return preview ? preview(req, res, url) : false;
  };
  const dev = !process.argv.includes('--no-dev') && process.env.LOCAL_CLOUD_DEV !== '0';
  const cloud = await startLocalCloud({
    port,
    dataDir,
    envId,
    seed: true,
    seedActivity: true,
    ...(seedScale() ? { seedScale: seedScale() } : {}),
    prewarm: true,
    staticHandler,
    dev,
  });
  cloudUrl = cloud.url;
  const lines = [
    `local cloud (env ${cloud.envId}) ${cloud.state() === 'ready' ? 'ready' : `not ready: ${cloud.state()}`}`,
    `  a development tool: loopback only, no authentication — never expose it or put real personal data in it`,
    `  preview     ${cloud.url}/`,
    `  admin API   ${cloud.adminUrl}`,
    `  functions   POST ${cloud.url}/wx/callFunction   (header x-wx-openid)`,
    dev
      ? `  dev panel   ${cloud.url}/dev/people  /dev/outbox  /dev/invocations  /dev/collections   (off: --no-dev)`
      : `  dev panel   off (--no-dev)`,
    `  health      ${cloud.url}/healthz`,
    `  data        ${cloud.dataDir}`,
  ];
  console.log(lines.join('\n'));
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // An existing data folder: bring its documents up to what the code writes now (idempotent, quick when done).
  if (cloud.state() === 'ready') {
    const { migrateAll } = await import('../scripts/migrate/index');
    const { createAdminApp } = await import('./cloud/sdk');
    await migrateAll(createAdminApp(cloud.adminUrl, cloud.envId), (line) => console.log(line)).catch((err: unknown) =>
      console.error('migration failed (run npm run migrate):', (err as Error).message),
    );
  }
}

main().catch((err: unknown) => {
  console.error('local cloud failed to start:', err);
  process.exit(1);
});
