/**
 * The app: loads pages and components from the manifest (their compiled modules call `Component()`), registers
 * them with j-component, and runs the page stack the way WeChat does — navigateTo/redirectTo/navigateBack/
 * switchTab/reLaunch, tab pages kept alive, page lifecycles (onLoad with the query, onShow, onReady, onHide,
 * onUnload, onPullDownRefresh, onReachBottom, onPageScroll) and `getCurrentPages()`.
 */
import type { Loose, NavState, TabBarItem } from '../bridge';
import type { Manifest, ManifestComponent } from '../../manifest';
import { callerOf, exparser, jComponent, walkComponents } from './jc';
import { componentPaths, setNavigator } from './services';
import { shell } from './shell';

let manifest: Manifest;
let appInstance: Loose = { globalData: {} };
let pendingDef: Loose = null;
const registered = new Map<string, Promise<string>>();
let importChain: Promise<unknown> = Promise.resolve();

export interface PageEntry {
  route: string;
  query: Record<string, string>;
  caller: Loose;
  node: Loose;
  host: HTMLElement;
  scrollY: number;
  rec: ManifestComponent;
  channel?: EventChannel;
  reachedBottom: boolean;
  /** Navigation-bar changes the page made (setNavigationBarTitle...). */
  nav: Partial<NavState>;
}

const stack: PageEntry[] = [];
/** Tab pages stay loaded once opened (as in WeChat). */
const tabPages = new Map<string, PageEntry>();

/** WeChat's EventChannel between an opener and the page it opened. */
export class EventChannel {
  private listeners = new Map<string, { fn: (...a: unknown[]) => void; once: boolean }[]>();
  on(name: string, fn: (...a: unknown[]) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: false }]);
  }
  once(name: string, fn: (...a: unknown[]) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: true }]);
  }
  off(name: string, fn?: (...a: unknown[]) => void): void {
    this.listeners.set(name, fn ? (this.listeners.get(name) ?? []).filter((l) => l.fn !== fn) : []);
  }
  emit(name: string, ...args: unknown[]): void {
    const ls = this.listeners.get(name) ?? [];
    this.listeners.set(
      name,
      ls.filter((l) => !l.once),
    );
    for (const l of ls) l.fn(...args);
  }
}

function report(where: string, err: unknown): void {
  const e = err as Error;
  console.error(`[${where}]`, err);
  shell().log('error', `${where}: ${e?.stack ?? e?.message ?? String(err)}`);
}

/** Call a page/app method if it exists; errors (also async ones) go to the developer panel. */
export function safeCall(target: Loose, method: string, ...args: unknown[]): unknown {
  const fn = target?.[method];
  if (typeof fn !== 'function') return undefined;
  try {
    const r = fn.apply(target, args);
    if (r && typeof (r as Promise<unknown>).catch === 'function') {
      (r as Promise<unknown>).catch((err) => report(`${method}`, err));
    }
    return r;
  } catch (err) {
    report(method, err);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Globals the mini-program's code calls

function pageToComponent(def: Loose): Loose {
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def ?? {})) {
    if (k === 'data' || k === 'options' || k === 'behaviors') continue;
    if (typeof v === 'function') methods[k] = v;
    else fields[k] = v;
  }
  return {
    data: def?.data ?? {},
    behaviors: def?.behaviors ?? [],
    options: def?.options ?? {},
    methods,
    lifetimes: {
      created(this: Loose) {
        Object.assign(this, JSON.parse(JSON.stringify(fields)));
      },
    },
  };
}

export function installGlobals(): void {
  const w = window as Loose;
  w.Component = (def: Loose) => {
    pendingDef = def ?? {};
    return '';
  };
  w.Page = (def: Loose) => {
    pendingDef = pageToComponent(def);
  };
  w.Behavior = (def: Loose) => jComponent.behavior(def);
  w.App = (def: Loose) => {
    appInstance = def ?? {};
    appInstance.globalData ??= {};
  };
  w.getApp = () => appInstance;
  w.getCurrentPages = () => stack.map((e) => e.caller);
  w.requirePlugin = () => ({});
  w.requireMiniProgram = () => ({});
}

// ---------------------------------------------------------------------------------------------------------------
// Loading components

export function resolveComponentPath(from: string, ref: string): string {
  const base = ref.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of (ref.startsWith('/') ? ref.slice(1) : ref).split('/')) {
    if (seg === '..') base.pop();
    else if (seg !== '.' && seg !== '') base.push(seg);
  }
  return base.join('/').replace(/\.(json|wxml|ts|js)$/, '');
}

function injectStyle(id: string, css: string): void {
  let el = document.getElementById(`style-${id}`);
  if (!el) {
    el = document.createElement('style');
    el.id = `style-${id}`;
    document.head.appendChild(el);
  }
  el.textContent = css;
}

/** Evaluate a component's module and return what it passed to `Component()` (imports run one at a time). */
function evaluate(rec: ManifestComponent): Promise<Loose> {
  const run = importChain.then(async () => {
    pendingDef = null;
    if (rec.js) await import(/* @vite-ignore */ rec.js);
    const def = pendingDef;
    pendingDef = null;
    if (rec.js && !def) shell().log('warn', `${rec.path}: its module did not call Component() (or Page())`);
    return def ?? {};
  });
  importChain = run.catch(() => undefined);
  return run;
}

/** Register a page/component (and the components it uses first); returns its j-component id. */
export function ensureComponent(path: string, tagName: string): Promise<string> {
  const known = registered.get(path);
  if (known) return known;
  const p = (async () => {
    const rec = manifest.components[path];
    if (!rec) throw new Error(`component not found: ${path}`);
    const own = (rec.json.usingComponents ?? {}) as Record<string, string>;
    const global = rec.isPage ? ((manifest.app.json.usingComponents ?? {}) as Record<string, string>) : {};
    const map: Record<string, string> = {};
    for (const [tag, ref] of Object.entries({ ...global, ...own })) {
      if (ref.startsWith('plugin://')) continue;
      const from = tag in own ? path : 'app';
      map[tag] = await ensureComponent(resolveComponentPath(from, ref), tag.toLowerCase());
    }
    const def = await evaluate(rec);
    const id = `mp-${rec.prefix}`;
    const opts = (def.options ?? {}) as Record<string, unknown>;
    const isolation = String(
      opts.styleIsolation ?? rec.json.styleIsolation ?? (opts.addGlobalClass ? 'apply-shared' : 'isolated'),
    );
    injectStyle(id, (rec.isPage || isolation !== 'isolated' ? rec.appCss : '') + rec.css);
    componentPaths.set(id, path);
    jComponent.register({
      ...def,
      id,
      path,
      template: rec.wxml.trim() || '<block></block>',
      usingComponents: map,
      tagName: rec.isPage ? 'wx-page' : tagName.replace(/[^a-z0-9-]/g, '-'),
      options: { ...opts, classPrefix: rec.prefix },
    });
    return id;
  })();
  registered.set(path, p);
  p.catch(() => registered.delete(path));
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// The page stack

function windowOpt(rec: ManifestComponent | undefined, key: string): unknown {
  const win = (manifest.app.json.window ?? {}) as Record<string, unknown>;
  return rec?.json[key] ?? win[key];
}

function tabList(): TabBarItem[] {
  const tb = manifest.app.json.tabBar as { list?: TabBarItem[] } | undefined;
  return tb?.list ?? [];
}

export function isTabPage(route: string): boolean {
  return tabList().some((t) => t.pagePath.replace(/^\//, '') === route);
}

const tabBadges: Record<number, string> = {};
let tabHidden = false;

export function setNavOverride(o: Partial<NavState>): void {
  const top = stack[stack.length - 1];
  if (top) top.nav = { ...top.nav, ...o };
  publishChrome();
}

export function setTabBadge(index: number, text: string | null): void {
  if (text === null) delete tabBadges[index];
  else tabBadges[index] = text;
  publishChrome();
}

export function setTabBarHidden(hidden: boolean): void {
  tabHidden = hidden;
  publishChrome();
}

/** Tell the shell what to draw around the web view (navigation bar, tab bar). */
function publishChrome(): void {
  const top = stack[stack.length - 1];
  const rec = top?.rec;
  const sh = shell();
  sh.setNav({
    title: String(windowOpt(rec, 'navigationBarTitleText') ?? ''),
    canGoBack: stack.length > 1,
    custom: windowOpt(rec, 'navigationStyle') === 'custom',
    frontColor: windowOpt(rec, 'navigationBarTextStyle') === 'white' ? 'white' : 'black',
    backgroundColor: String(windowOpt(rec, 'navigationBarBackgroundColor') ?? '#ffffff'),
    loading: false,
    pullDownRefresh: windowOpt(rec, 'enablePullDownRefresh') === true,
    ...(top?.nav ?? {}),
  });
  const tb = (manifest.app.json.tabBar ?? {}) as Record<string, string>;
  const list = tabList();
  sh.setTabBar({
    list,
    color: tb.color,
    selectedColor: tb.selectedColor,
    backgroundColor: tb.backgroundColor,
    selected: top ? list.findIndex((t) => t.pagePath.replace(/^\//, '') === top.route) : -1,
    badges: { ...tabBadges },
    hidden: tabHidden,
  });
  if (top) {
    const qs = Object.entries(top.query)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    sh.routeChanged(
      top.route,
      stack.map((e) => e.route),
      `/${top.route}${qs ? `?${qs}` : ''}`,
    );
  }
  document.documentElement.dataset.route = top?.route ?? '';
}

function showEntry(e: PageEntry): void {
  e.host.style.display = '';
  e.host.dataset.active = 'true';
  window.scrollTo(0, e.scrollY);
  publishChrome();
  safeCall(e.caller, 'onShow');
  triggerPageLifetime(e, 'show');
}

function hideEntry(e: PageEntry): void {
  e.scrollY = window.scrollY;
  safeCall(e.caller, 'onHide');
  triggerPageLifetime(e, 'hide');
  e.host.style.display = 'none';
  delete e.host.dataset.active;
}

function triggerPageLifetime(e: PageEntry, name: string): void {
  try {
    walkComponents(e.node, (n: Loose) => n.triggerPageLifeTime?.(name, []));
  } catch (err) {
    report(`pageLifetimes.${name}`, err);
  }
}

function unloadEntry(e: PageEntry): void {
  safeCall(e.caller, 'onUnload');
  try {
    exparser.Element.pretendDetached(e.node);
  } catch (err) {
    report('detached', err);
  }
  e.host.remove();
  if (tabPages.get(e.route) === e) tabPages.delete(e.route);
}

async function createEntry(route: string, query: Record<string, string>, channel?: EventChannel): Promise<PageEntry> {
  const rec = manifest.components[route];
  const id = await ensureComponent(route, 'wx-page');
  const host = document.createElement('div');
  host.className = 'wx-page-host';
  host.dataset.route = route;
  host.style.display = 'none';
  document.body.appendChild(host);
  const comp = jComponent.create(id, { ...query });
  const node = comp._exparserNode;
  const caller = callerOf(node);
  Object.assign(caller, {
    route,
    __route__: route,
    options: { ...query },
    getOpenerEventChannel: () => channel ?? new EventChannel(),
  });
  comp.dom.classList.add('wx-page-root');
  host.appendChild(comp.dom);
  exparser.Element.pretendAttached(node);
  const entry: PageEntry = {
    route,
    query,
    caller,
    node,
    host,
    scrollY: 0,
    rec,
    channel,
    reachedBottom: false,
    nav: {},
  };
  return entry;
}

function readyEntry(e: PageEntry): void {
  const nodes: Loose[] = [];
  walkComponents(e.node, (n: Loose) => nodes.push(n));
  for (const n of nodes.reverse()) {
    try {
      n.triggerLifeTime('ready');
    } catch (err) {
      report('ready', err);
    }
  }
  safeCall(e.caller, 'onReady');
}

/** Create a page, run onLoad, and show it (onShow, onReady). */
async function openEntry(route: string, query: Record<string, string>, channel?: EventChannel): Promise<PageEntry> {
  const e = await createEntry(route, query, channel);
  stack.push(e);
  if (isTabPage(route)) tabPages.set(route, e);
  safeCall(e.caller, 'onLoad', { ...query });
  showEntry(e);
  readyEntry(e);
  return e;
}

/** Parse `url` (absolute or relative to the current page) into a known route and its query. */
export function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [pathPart, qs = ''] = url.split('?');
  const current = stack[stack.length - 1]?.route ?? '';
  const route = pathPart.startsWith('/') ? resolveComponentPath('', pathPart) : resolveComponentPath(current, pathPart);
  const query: Record<string, string> = {};
  for (const pair of qs.split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    // WeChat hands the values over as written in the URL (no decoding).
    if (i === -1) query[pair] = '';
    else query[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return { route, query };
}

function checkRoute(api: string, route: string): void {
  if (!manifest.pages.includes(route)) throw new Error(`${api}:fail page "${route}" is not found`);
  if (manifest.missing.includes(route)) throw new Error(`${api}:fail page "${route}" has no files yet`);
}

let busy: Promise<unknown> = Promise.resolve();
/** Navigation steps run one after another (a double tap does not interleave two navigations). */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = busy.then(fn);
  busy = run.catch(() => undefined);
  return run;
}

export const router = {
  navigateTo(url: string, events?: Record<string, (...a: unknown[]) => void>): Promise<{ eventChannel: EventChannel }> {
    return serial(async () => {
      const { route, query } = parseUrl(url);
      checkRoute('navigateTo', route);
      if (isTabPage(route)) throw new Error('navigateTo:fail can not navigateTo a tabbar page');
      if (stack.length >= 10) throw new Error('navigateTo:fail webview count limit exceed');
      const channel = new EventChannel();
      for (const [k, fn] of Object.entries(events ?? {})) channel.on(k, fn);
      const top = stack[stack.length - 1];
      if (top) hideEntry(top);
      await openEntry(route, query, channel);
      return { eventChannel: channel };
    });
  },
  redirectTo(url: string): Promise<void> {
    return serial(async () => {
      const { route, query } = parseUrl(url);
      checkRoute('redirectTo', route);
      if (isTabPage(route)) throw new Error('redirectTo:fail can not redirectTo a tabbar page');
      const top = stack.pop();
      if (top) unloadEntry(top);
      await openEntry(route, query);
    });
  },
  navigateBack(delta = 1): Promise<void> {
    return serial(async () => {
      if (stack.length <= 1) throw new Error('navigateBack:fail cannot navigate back at first page.');
      const n = Math.max(1, Math.min(delta, stack.length - 1));
      for (let i = 0; i < n; i++) unloadEntry(stack.pop() as PageEntry);
      showEntry(stack[stack.length - 1]);
    });
  },
  switchTab(url: string): Promise<void> {
    return serial(async () => {
      const { route } = parseUrl(url);
      checkRoute('switchTab', route);
      if (!isTabPage(route)) throw new Error('switchTab:fail can not switch to no-tabBar page');
      const top = stack[stack.length - 1];
      if (top?.route === route && stack.length === 1) return;
      while (stack.length) {
        const e = stack.pop() as PageEntry;
        if (tabPages.get(e.route) === e) {
          if (e === top) hideEntry(e);
        } else unloadEntry(e);
      }
      const alive = tabPages.get(route);
      if (alive) {
        stack.push(alive);
        showEntry(alive);
      } else await openEntry(route, {});
    });
  },
  reLaunch(url: string): Promise<void> {
    return serial(async () => {
      const { route, query } = parseUrl(url);
      checkRoute('reLaunch', route);
      while (stack.length) {
        const e = stack.pop() as PageEntry;
        tabPages.delete(e.route);
        unloadEntry(e);
      }
      for (const e of tabPages.values()) unloadEntry(e);
      tabPages.clear();
      await openEntry(route, query);
    });
  },
  current(): PageEntry | undefined {
    return stack[stack.length - 1];
  },
  stack(): PageEntry[] {
    return [...stack];
  },
  pullDownRefresh(): void {
    const top = stack[stack.length - 1];
    if (top) safeCall(top.caller, 'onPullDownRefresh');
  },
};

/** `<navigator>`: navigate by open-type. */
setNavigator((openType, url, delta) => {
  const fail = (err: unknown): void => report(`navigator(${openType})`, err);
  switch (openType) {
    case 'redirect':
      router.redirectTo(url).catch(fail);
      break;
    case 'switchTab':
      router.switchTab(url).catch(fail);
      break;
    case 'reLaunch':
      router.reLaunch(url).catch(fail);
      break;
    case 'navigateBack':
      router.navigateBack(delta).catch(fail);
      break;
    case 'exit':
      break;
    default:
      router.navigateTo(url).catch(fail);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Start-up

/** Load the manifest, `app.ts` (App()), and open the first page (or `initialUrl`). */
export async function launch(initialUrl?: string): Promise<void> {
  const res = await fetch('/preview/app/manifest.json', { cache: 'no-store' });
  manifest = (await res.json()) as Manifest;
  if (manifest.error) throw new Error(manifest.error);
  for (const n of manifest.notes) shell().log('warn', `${n.file}: ${n.message}`);
  if (manifest.missing.length)
    shell().log('warn', `pages in app.json without files yet: ${manifest.missing.join(', ')}`);
  if (manifest.app.js) {
    pendingDef = null;
    await import(/* @vite-ignore */ manifest.app.js);
  }
  const first = manifest.pages.find((p) => !manifest.missing.includes(p));
  const entryUrl =
    (initialUrl && initialUrl.replace(/^\//, '')) || (manifest.app.json.entryPagePath as string) || first;
  if (!entryUrl) throw new Error('app.json lists no page that exists yet');
  const { route, query } = parseUrl(`/${entryUrl}`);
  const launchOptions = { path: route, query, scene: 1001, referrerInfo: {}, apiCategory: 'default' };
  (window as Loose).__launchOptions = launchOptions;
  safeCall(appInstance, 'onLaunch', launchOptions);
  safeCall(appInstance, 'onShow', launchOptions);
  await serial(async () => {
    checkRoute('launch', route);
    await openEntry(route, query);
  });

  window.addEventListener('scroll', () => {
    const top = stack[stack.length - 1];
    if (!top) return;
    safeCall(top.caller, 'onPageScroll', { scrollTop: window.scrollY });
    const distance = Number(windowOpt(top.rec, 'onReachBottomDistance') ?? 50);
    const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - distance;
    if (atBottom && !top.reachedBottom) safeCall(top.caller, 'onReachBottom');
    top.reachedBottom = atBottom;
  });
}

export function getManifest(): Manifest {
  return manifest;
}
