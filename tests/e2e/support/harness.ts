/**
 * End-to-end harness: a local cloud with demo seed (functions built, random port, temp data dir) serving the
 * browser preview, and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server';
import { createPreviewHandler, type PreviewOptions } from '../../../local/preview/handler';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PreviewCloud {
  cloud: LocalCloud;
  url: string;
  close(): Promise<void>;
}

/** Start a seeded local cloud serving the preview (the functions in dist/ must be built: globalSetup does it). */
export async function startPreviewCloud(
  opts: { seed?: boolean; preview?: PreviewOptions } = {},
): Promise<PreviewCloud> {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-e2e-'));
  const staticHandler = createPreviewHandler({ url: '', envId: 'local-e2e' }, opts.preview ?? {});
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    envId: 'local-e2e',
    seed: opts.seed ?? true,
    quiet: true,
    timers: false,
    staticHandler,
  });
  return {
    cloud,
    url: cloud.url,
    async close() {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  userDataDir: string;
  close(): Promise<void>;
}

/** Launch Debian's Chromium headless with a fresh profile. */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    browser: context.browser() as Browser,
    context,
    page,
    userDataDir,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The phone's web view (the frame the pages render in). */
export function webview(page: Page): Frame {
  const frame = page.frame({ url: /\/preview\/webview\.html/ });
  if (!frame) throw new Error('the preview web view is not loaded');
  return frame;
}

/** Wait until the web view has launched the mini-program (or failed to). */
export async function waitForApp(page: Page, timeout = 20_000): Promise<Frame> {
  // Browser-side code is passed as strings: this repo's tsconfig has no DOM types.
  await page.waitForFunction(
    `(() => { const f = document.getElementById('webview'); const s = f && f.contentDocument && f.contentDocument.documentElement.dataset.ready; return s === 'true' || s === 'error'; })()`,
    undefined,
    { timeout },
  );
  const frame = webview(page);
  const state = await frame.evaluate('document.documentElement.dataset.ready');
  if (state !== 'true') {
    const text = await frame.evaluate(`(document.querySelector('.wx-launch-error') || {}).textContent || ''`);
    throw new Error(`the mini-program did not start: ${String(text)}`);
  }
  return frame;
}

/** Save a screenshot of the whole preview into test-artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Run one named step of a scenario. A failure names the step (and saves `<scenario>-FAILED-<step>.png`), so the
 * report says which step broke, not only which assertion.
 */
export function stepper(page: () => Page | undefined, scenario: string) {
  let n = 0;
  return async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    n += 1;
    const label = `${scenario} step ${n} "${name}"`;
    try {
      return await fn();
    } catch (err) {
      const p = page();
      if (p) {
        await screenshot(p, `${scenario}-FAILED-${String(n).padStart(2, '0')}`).catch(() => undefined);
      }
      const e = err as Error;
      e.message = `${label} failed: ${e.message}`;
      throw e;
    }
  };
}

/** Open the preview acting as `openid`, starting on `url` (a page path), and wait for the mini-program. */
export async function openAs(page: Page, baseUrl: string, openid: string, url?: string): Promise<Frame> {
  const q = new URLSearchParams({ as: openid });
  if (url) q.set('url', url);
  await page.goto(`${baseUrl}/?${q.toString()}`);
  return waitForApp(page);
}
