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
import { functionNames, OUT_DIR } from '../../../scripts/build-functions';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PreviewCloud {
  cloud: LocalCloud;
  url: string;
  close(): Promise<void>;
}

/**
 * A private copy of the built functions (dist/cloudfunctions, built by globalSetup), so a rebuild elsewhere on the
 * machine cannot remove a function in the middle of a scenario. Copies again until every function is complete.
 */
async function copyFunctions(into: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    fs.rmSync(into, { recursive: true, force: true });
    fs.cpSync(OUT_DIR, into, { recursive: true });
    const missing = functionNames().filter((n) => !fs.existsSync(path.join(into, n, 'index.js')));
    if (!missing.length) return;
    if (attempt >= 20) throw new Error(`functions not built: ${missing.join(', ')} (run npm run build)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Start a seeded local cloud serving the preview (the functions in dist/ must be built: globalSetup does it). */
export async function startPreviewCloud(
  opts: { seed?: boolean; seedActivity?: boolean; preview?: PreviewOptions } = {},
): Promise<PreviewCloud> {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-e2e-'));
  // Inside the repo, so the bundles resolve wx-server-sdk from node_modules as they do in dist/.
  fs.mkdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true });
  const functionsDir = fs.mkdtempSync(path.join(REPO_ROOT, 'dist', 'e2e-functions-'));
  await copyFunctions(functionsDir);
  const staticHandler = createPreviewHandler({ url: '', envId: 'local-e2e' }, opts.preview ?? {});
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    envId: 'local-e2e',
    seed: opts.seed ?? true,
    seedActivity: opts.seedActivity ?? false,
    quiet: true,
    timers: false,
    staticHandler,
    functionsDir,
  });
  return {
    cloud,
    url: cloud.url,
    async close() {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(functionsDir, { recursive: true, force: true });
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
    viewport: { width: 1400, height: 1000 },
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

/** Wait until the web view has launched the mini-program (or failed to); returns the web view's frame. */
export async function waitForApp(page: Page, timeout = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => /\/preview\/webview\.html/.test(f.url()));
    if (frame) {
      // Browser-side code is passed as strings: this repo's tsconfig has no DOM types.
      const state = await frame.evaluate('document.documentElement.dataset.ready').catch(() => undefined);
      if (state === 'true') return frame;
      if (state === 'error') {
        last = String(await frame.evaluate(`(document.querySelector('.wx-launch-error') || {}).textContent || ''`));
        throw new Error(`the mini-program did not start: ${last}`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the mini-program did not start within ${timeout} ms`);
}

/** Save a screenshot of the whole preview into test-artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  // Acting on the phone may have scrolled the shell; show the phone from its top.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file });
  return file;
}

/**
 * Run one named step of a scenario. A failure names the step (and saves `<scenario>-FAILED-<step>.png`), so the
 * report says which step broke, not only which assertion.
 */
/** How long one step may take before it is reported as stuck. */
export const STEP_TIMEOUT_MS = 60_000;

export function stepper(page: () => Page | undefined, scenario: string) {
  // This run's screenshots replace the last run's (including its FAILED ones).
  if (fs.existsSync(ARTIFACTS_DIR)) {
    for (const f of fs.readdirSync(ARTIFACTS_DIR)) {
      if (f.startsWith(`${scenario}-`) && f.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS_DIR, f));
    }
  }
  let n = 0;
  return async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    n += 1;
    const label = `${scenario} step ${n} "${name}"`;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no progress for ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
    });
    try {
      return await Promise.race([fn(), limit]);
    } catch (err) {
      const p = page();
      if (p) {
        await screenshot(p, `${scenario}-FAILED-${String(n).padStart(2, '0')}`).catch(() => undefined);
      }
      const e = err as Error;
      const wrapped = new Error(`${label} failed: ${e.message}`);
      wrapped.stack = `${wrapped.message}\n${(e.stack ?? '').split('\n').slice(1).join('\n')}`;
      throw wrapped;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Open the preview acting as `openid`, starting on `url` (a page path), and wait for the mini-program. */
export async function openAs(page: Page, baseUrl: string, openid: string, url?: string): Promise<Frame> {
  // live=0: a file edited elsewhere on the machine must not reload the preview in the middle of a scenario
  const q = new URLSearchParams({ as: openid, live: '0' });
  if (url) q.set('url', url);
  await page.goto(`${baseUrl}/?${q.toString()}`);
  return waitForApp(page);
}

/** Pick another demo person in the shell's switcher (the web view restarts as that person). */
export async function switchPerson(page: Page, openid: string): Promise<Frame> {
  await page.locator('#person').selectOption(openid);
  await page.waitForFunction(`new URL(location.href).searchParams.get('as') === ${JSON.stringify(openid)}`);
  return waitForApp(page);
}

/** Only what is on screen: pages lower in the stack stay in the web view, hidden. */
export function visibleText(frame: Frame, text: string | RegExp, opts: { exact?: boolean } = {}) {
  return frame.getByText(text, opts).filter({ visible: true }).first();
}

/**
 * Choose `option` in the picker the `opener` button opens (WeChat's bottom sheet, drawn by the shell). A picker
 * whose list is still loading opens empty, as in WeChat: cancel and try again.
 */
export async function pick(page: Page, frame: Frame, opener: string, option: string | RegExp): Promise<void> {
  const overlay = page.locator('#overlay');
  for (let attempt = 0; ; attempt++) {
    await frame.getByRole('button', { name: opener }).click();
    const item = overlay.getByRole('option', { name: option, exact: true });
    const found = await item
      .waitFor({ timeout: 1_500 })
      .then(() => true)
      .catch(() => false);
    if (found) {
      await item.click();
      await overlay.getByRole('button', { name: '确定' }).click();
      return;
    }
    await overlay.getByRole('button', { name: '取消' }).click();
    if (attempt >= 10) throw new Error(`no option ${String(option)} in the picker ${opener}`);
    await page.waitForTimeout(500);
  }
}

/**
 * Tap a case action and confirm it: in the action's panel (filled by `fill`) when it asks for input, or in the
 * confirmation modal WeChat shows (drawn by the shell).
 */
export async function act(
  page: Page,
  frame: Frame,
  label: string,
  fill: (f: Frame) => Promise<void> = async () => {},
): Promise<void> {
  await frame.getByRole('button', { name: label, exact: true }).filter({ visible: true }).click();
  const panel = frame.getByRole('dialog', { name: label });
  const modal = page.getByRole('dialog');
  await Promise.race([panel.waitFor({ timeout: 5_000 }), modal.first().waitFor({ timeout: 5_000 })]);
  if (await panel.isVisible()) {
    await fill(frame);
    await frame.getByRole('button', { name: `确定${label}` }).click();
  } else {
    await modal.getByRole('button', { name: '确定' }).click();
  }
}

/** The timeline on screen shows an entry for `action` (e.g. `受理（万家乡）· 办理中`). */
export async function timelineHas(frame: Frame, action: string): Promise<void> {
  await visibleText(frame, new RegExp(`^${action}.*[·：]`)).waitFor();
}

/** As staff: open the workbench queue, then the case `caseId` from it; waits until it shows `status`. */
export async function openFromQueue(
  page: Page,
  baseUrl: string,
  openid: string,
  caseId: string,
  status: string,
): Promise<Frame> {
  const frame = await openAs(page, baseUrl, openid, '/staff/pages/queue/index');
  await frame.locator(`[data-id="${caseId}"]`).first().click();
  await frame.waitForFunction(`document.documentElement.dataset.route === 'staff/pages/case/index'`);
  await visibleText(frame, status).waitFor();
  return frame;
}

/** The id of the case the page on screen shows (`?id=`). */
export async function currentCaseId(frame: Frame): Promise<string> {
  return String(await frame.evaluate('(getCurrentPages().slice(-1)[0].options || {}).id || ""'));
}

/** A phone's screen in the preview (the width the pages are designed and checked at). */
export const PHONE = { width: 375, height: 812 };

export interface Preview {
  /** The seeded local cloud serving the preview. */
  readonly cloud: PreviewCloud;
  /** Chromium with its profile. */
  readonly session: BrowserSession;
  /** The browser tab the scenario drives. */
  readonly page: Page;
}

/**
 * For a scenario file: start the seeded preview cloud and Chromium before its tests (in parallel) and close both
 * after them. `viewport` sets the tab's size once started (e.g. `PHONE`).
 */
export function withPreview(
  opts: { cloud?: Parameters<typeof startPreviewCloud>[0]; viewport?: { width: number; height: number } } = {},
): Preview {
  let cloud: PreviewCloud | undefined;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    [cloud, session] = await Promise.all([startPreviewCloud(opts.cloud), launchBrowser()]);
    if (opts.viewport) await session.page.setViewportSize(opts.viewport);
  });
  afterAll(async () => {
    await session?.close();
    await cloud?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the preview is not started (use it inside a test)');
    return value;
  };
  return {
    get cloud() {
      return started(cloud);
    },
    get session() {
      return started(session);
    },
    get page() {
      return started(session).page;
    },
  };
}

/** Tap the visible button labelled `name` (exactly, for a string). */
export const tap = (frame: Frame, name: string | RegExp): Promise<void> =>
  frame
    .getByRole('button', { name, exact: typeof name === 'string' })
    .filter({ visible: true })
    .first()
    .click();
