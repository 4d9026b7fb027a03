/**
 * Render real mini-program pages and components in jsdom with miniprogram-simulate, against a
 * fake `wx` whose `cloud.callFunction` answers from a per-test table of typed results.
 *
 *   const page = loadPage('pages/grid/index', { api: { 'grid.tree': ok({ root, towns: 1, villages: 2 }) } });
 *   await page.settle();
 *   expect(page.text()).toContain('松滋市');
 *
 * Each `loadPage` runs inside `jest.isolateModules`, so the page, its services and their module
 * state are fresh every time (the same page can be loaded twice in one test file).
 */
import path from 'path';
import type {
  ActionName,
  ApiFailure,
  ApiResult,
  Contracts,
  ErrorCode,
  FunctionName,
  InputOf,
  OutputOf,
} from '@union/contracts';

/**
 * The part of miniprogram-simulate (j-component) used here. Typed locally: its own typings import
 * miniprogram-api-typings, whose globals (`require`, `wx`…) would leak into the Node typecheck.
 */
export interface SimNode {
  dom?: { textContent: string | null; innerHTML: string };
  instance: unknown;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(event: string, options?: { detail?: unknown }): void;
  addEventListener(event: string, handler: (e: { detail: unknown }) => void): void;
  attach(parent: unknown): void;
  setData(data: Record<string, unknown>): void;
}
interface Simulate {
  load(componentPath: string, options: { rootPath: string; compiler: 'simulate' }): string;
  render(id: string, properties?: Record<string, unknown>): SimNode;
  sleep(ms: number): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;
type CallInput<F extends FunctionName, A extends ActionName<F>> = InputOf<Contracts[F][A]>;
type CallOutput<F extends FunctionName, A extends ActionName<F>> = OutputOf<Contracts[F][A]>;

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

/** `"fn.action"` for every action of every function in the contracts. */
export type ApiKey = { [F in FunctionName]: `${F}.${ActionName<F>}` }[FunctionName];
type Split<K> = K extends `${infer F}.${infer A}` ? [F, A] : never;
type FnOf<K> = Split<K>[0] extends FunctionName ? Split<K>[0] : never;
type ActOf<K> = Split<K>[1] extends ActionName<FnOf<K>> ? Split<K>[1] : never;
export type InputFor<K extends ApiKey> = CallInput<FnOf<K>, ActOf<K>>;
export type OutputFor<K extends ApiKey> = CallOutput<FnOf<K>, ActOf<K>>;

/** A transport-level rejection of `wx.cloud.callFunction` (e.g. no network). */
export interface Rejection {
  reject: { errCode: number; errMsg: string };
}
export type Answer<K extends ApiKey> = ApiResult<OutputFor<K>> | Rejection;
/** A fixed answer, or a function of the input (called once per call). */
export type Responder<K extends ApiKey> = Answer<K> | ((input: InputFor<K>, call: RecordedCall) => Answer<K>);
export type ApiTable = { [K in ApiKey]?: Responder<K> };

export interface RecordedCall {
  name: string;
  action: string;
  input: unknown;
  requestId?: string;
}

/** A successful result. */
export const ok = <T>(data: T): ApiResult<T> => ({ ok: true, data });
/** A failed result. */
export const fail = (code: ErrorCode, message = '出错了', field?: string): ApiFailure =>
  field ? { ok: false, code, message, field } : { ok: false, code, message };
/** A network failure of `wx.cloud.callFunction`. */
export const offline: Rejection = { reject: { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' } };

export interface FakeUpload {
  cloudPath: string;
  filePath: string;
}

/** Everything the fake `wx` records, for assertions. */
export interface WxRecord {
  calls: RecordedCall[];
  navigations: Array<{ kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack'; url?: string }>;
  toasts: string[];
  modals: Array<{ title?: string; content?: string }>;
  subscribeRequests: string[][];
  uploads: FakeUpload[];
  /** Every `wx.compressImage` call: source, quality (and width), and the file it made. */
  compressions: Array<{
    src: string;
    quality: number;
    compressedWidth?: number;
    compressHeight?: number;
    tempFilePath: string;
  }>;
  storage: Map<string, unknown>;
  stoppedPullDown: number;
  /** Every `wx.previewImage` call. */
  previews: Array<{ urls: string[]; current?: string }>;
  /** Every `wx.openDocument` call (after `wx.downloadFile` of a link). */
  documents: Array<{ url: string; filePath: string }>;
  /** The listener given to `wx.onNeedPrivacyAuthorization` (last registration wins, as in WeChat). */
  privacyListener?: (resolve: (answer: unknown) => void, info: { referrer: string }) => void;
}

export interface FakeWxOptions {
  api?: ApiTable;
  /** What `wx.showModal` answers (default: confirm). */
  modalConfirm?: boolean;
  /** What an editable `wx.showModal` returns as typed text. */
  modalContent?: string;
  /** Files `wx.chooseMedia` returns (default: one photo). */
  chosenFiles?: Array<{ tempFilePath: string; size: number }>;
  /** Pre-filled storage. */
  storage?: Record<string, unknown>;
  /** `wx.cloud.uploadFile` fails when true. */
  uploadFails?: boolean;
  /** Size in bytes of what `wx.compressImage` makes at a quality (default: a tenth of the source); throw to fail. */
  compressedSize?: (source: number, step: { quality: number; compressedWidth?: number }) => number;
  /** What `wx.getImageInfo` answers per path (pixel size and type); a path not listed fails. */
  images?: Record<string, { width: number; height: number; type: string }>;
}

/** Install a fake `wx` (merged over simulate's own) and return what it records. */
export function installFakeWx(opts: FakeWxOptions = {}): WxRecord {
  const record: WxRecord = {
    calls: [],
    navigations: [],
    toasts: [],
    modals: [],
    subscribeRequests: [],
    uploads: [],
    compressions: [],
    previews: [],
    documents: [],
    storage: new Map(Object.entries(opts.storage ?? {})),
    stoppedPullDown: 0,
  };
  const api = {
    // Uploads ask for a path under the person's own prefix first (services/upload.ts).
    'cases.uploadPath': (input: { ext: string }) => ({
      ok: true,
      data: {
        prefix: 'uploads/0123456789abcdef/',
        cloudPath: `uploads/0123456789abcdef/202601/f${record.uploads.length}x${Math.random().toString(36).slice(2, 10)}.${input.ext}`,
      },
    }),
    // Pages that show a case's files ask for their links (components/case-files); none unless a test says so.
    'cases.files': { ok: true, data: { files: [] } },
    'aid.files': { ok: true, data: { files: [] } },
    ...opts.api,
  } as Record<string, Responder<ApiKey> | undefined>;
  const callbacks = <T>(o: { success?: (r: T) => void; complete?: (r: T) => void }, r: T) => {
    o.success?.(r);
    o.complete?.(r);
  };
  type AnyOpts = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const chosen = opts.chosenFiles ?? [{ tempFilePath: 'http://tmp/photo-1.jpg', size: 120_000 }];
  /** Local files the fake knows the size of: chosen ones and compressed ones. */
  const fileSizes = new Map<string, number>(chosen.map((f) => [f.tempFilePath, f.size]));
  const fake = {
    cloud: {
      init() {},
      async callFunction(o: { name: string; data: { action: string; input: unknown; requestId?: string } }) {
        const call: RecordedCall = { name: o.name, action: o.data.action, input: o.data.input };
        if (o.data.requestId) call.requestId = o.data.requestId;
        record.calls.push(call);
        const responder = api[`${o.name}.${o.data.action}`];
        if (!responder) throw new Error(`no fake answer for ${o.name}.${o.data.action}`);
        const answer = typeof responder === 'function' ? responder(o.data.input as never, call) : responder;
        if ('reject' in answer) throw { ...answer.reject };
        return { result: JSON.parse(JSON.stringify(answer)), errMsg: 'cloud.callFunction:ok', requestID: 'r' };
      },
      uploadFile(o: AnyOpts) {
        const listeners: Array<(p: { progress: number }) => void> = [];
        const task = { onProgressUpdate: (l: (p: { progress: number }) => void) => listeners.push(l), abort() {} };
        setTimeout(() => {
          listeners.forEach((l) => l({ progress: 50 }));
          if (opts.uploadFails) {
            o.fail?.({ errMsg: 'cloud.uploadFile:fail request:fail' });
            return;
          }
          listeners.forEach((l) => l({ progress: 100 }));
          record.uploads.push({ cloudPath: o.cloudPath, filePath: o.filePath });
          o.success?.({ fileID: `cloud://env.bucket/${o.cloudPath}`, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
        }, 0);
        return task;
      },
    },
    getStorageSync: (key: string) =>
      record.storage.has(key) ? JSON.parse(JSON.stringify(record.storage.get(key))) : '',
    setStorageSync: (key: string, value: unknown) => void record.storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => void record.storage.delete(key),
    showToast: (o: AnyOpts) => {
      record.toasts.push(o.title);
      callbacks(o, { errMsg: 'showToast:ok' });
    },
    showLoading: (o: AnyOpts) => callbacks(o, { errMsg: 'showLoading:ok' }),
    hideLoading: () => {},
    showModal: (o: AnyOpts) => {
      record.modals.push({ title: o.title, content: o.content });
      const confirm = opts.modalConfirm ?? true;
      callbacks(o, { confirm, cancel: !confirm, content: opts.modalContent ?? '', errMsg: 'showModal:ok' });
    },
    navigateTo: (o: AnyOpts) => {
      record.navigations.push({ kind: 'navigateTo', url: o.url });
      callbacks(o, { errMsg: 'navigateTo:ok' });
    },
    redirectTo: (o: AnyOpts) => {
      record.navigations.push({ kind: 'redirectTo', url: o.url });
      callbacks(o, { errMsg: 'redirectTo:ok' });
    },
    switchTab: (o: AnyOpts) => {
      record.navigations.push({ kind: 'switchTab', url: o.url });
      callbacks(o, { errMsg: 'switchTab:ok' });
    },
    reLaunch: (o: AnyOpts) => {
      record.navigations.push({ kind: 'reLaunch', url: o.url });
      callbacks(o, { errMsg: 'reLaunch:ok' });
    },
    navigateBack: (o: AnyOpts = {}) => {
      record.navigations.push({ kind: 'navigateBack' });
      callbacks(o, { errMsg: 'navigateBack:ok' });
    },
    stopPullDownRefresh: () => {
      record.stoppedPullDown += 1;
    },
    requestSubscribeMessage: (o: AnyOpts) => {
      record.subscribeRequests.push(o.tmplIds);
      const r: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of o.tmplIds as string[]) r[id] = 'accept';
      callbacks(o, r);
    },
    chooseMedia: (o: AnyOpts) => {
      const files = chosen;
      callbacks(o, {
        tempFiles: files.map((f) => ({ ...f, fileType: 'image' })),
        type: 'image',
        errMsg: 'chooseMedia:ok',
      });
    },
    previewImage: (o: AnyOpts) => {
      record.previews.push({ urls: o.urls, current: o.current });
      callbacks(o, { errMsg: 'previewImage:ok' });
    },
    downloadFile: (o: AnyOpts) => {
      const filePath = `http://tmp/download-${record.documents.length}`;
      record.documents.push({ url: o.url, filePath });
      callbacks(o, { tempFilePath: filePath, statusCode: 200, errMsg: 'downloadFile:ok' });
    },
    openDocument: (o: AnyOpts) => callbacks(o, { errMsg: 'openDocument:ok' }),
    getImageInfo: (o: AnyOpts) => {
      const info = opts.images?.[o.src];
      if (!info) return o.fail?.({ errMsg: 'getImageInfo:fail' });
      callbacks(o, { ...info, path: o.src, orientation: 'up', errMsg: 'getImageInfo:ok' });
    },
    compressImage: (o: AnyOpts) => {
      const source = fileSizes.get(o.src);
      let size: number;
      try {
        if (source === undefined) throw new Error('no such file');
        size = (opts.compressedSize ?? ((n: number) => Math.round(n / 10)))(source, {
          quality: o.quality,
          compressedWidth: o.compressedWidth,
        });
      } catch {
        o.fail?.({ errMsg: 'compressImage:fail' });
        return;
      }
      const tempFilePath = `http://tmp/compressed-${record.compressions.length + 1}.jpg`;
      fileSizes.set(tempFilePath, size);
      record.compressions.push({
        src: o.src,
        quality: o.quality,
        ...(o.compressedWidth ? { compressedWidth: o.compressedWidth } : {}),
        ...(o.compressHeight ? { compressHeight: o.compressHeight } : {}),
        tempFilePath,
      });
      callbacks(o, { tempFilePath, errMsg: 'compressImage:ok' });
    },
    getFileSystemManager: () => ({
      getFileInfo: (o: AnyOpts) => {
        const size = fileSizes.get(o.filePath);
        if (size === undefined) o.fail?.({ errMsg: 'getFileInfo:fail no such file' });
        else callbacks(o, { size, errMsg: 'getFileInfo:ok' });
      },
    }),
    openPrivacyContract: (o: AnyOpts = {}) => callbacks(o, { errMsg: 'openPrivacyContract:ok' }),
    onNeedPrivacyAuthorization: (listener: WxRecord['privacyListener']) => {
      record.privacyListener = listener;
    },
    makePhoneCall: () => {},
    setClipboardData: (o: AnyOpts) => callbacks(o, { errMsg: 'setClipboardData:ok' }),
    setNavigationBarTitle: (o: AnyOpts) => callbacks(o, { errMsg: 'setNavigationBarTitle:ok' }),
    pageScrollTo: () => {},
  };
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  g.wx = Object.assign(g.wx ?? {}, fake);
  return record;
}

/** A rendered page or component and the fake `wx` behind it. */
export interface Rendered {
  comp: SimNode;
  wx: WxRecord;
  /** The page's component instance (its data and methods). */
  instance: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Wait until pending promises and timers of fake calls have run. */
  settle(): Promise<void>;
  /** All visible text, whitespace collapsed. */
  text(): string;
  /** Tap the first element matching a selector (class or id; `comp >>> .x` inside a component); throws if absent. */
  tap(selector: string): Promise<void>;
  /** Type into an input/textarea matching a selector (fires `input` with `{ value }`). */
  type(selector: string, value: string): Promise<void>;
  /** Fire a custom event with a detail on the first element matching a selector. */
  fire(selector: string, event: string, detail: Record<string, unknown>): Promise<void>;
  exists(selector: string): boolean;
  count(selector: string): number;
  /** Every `setData` the page made after loading: the paths set and the JSON size of the payload. */
  setDataLog: Array<{ keys: string[]; bytes: number }>;
}

export interface LoadOptions extends FakeWxOptions {
  /** The page's `onLoad` query. */
  query?: Record<string, string>;
  /** Skip `onLoad`/`onShow` (for components). */
  noLifecycle?: boolean;
  /** Component properties. */
  props?: Record<string, unknown>;
}

/** Load a page (or component) by its path under miniprogram/, render it, run onLoad + onShow. */
export function loadPage(pagePath: string, opts: LoadOptions = {}): Rendered {
  const wxRecord = installFakeWx(opts);
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(MINIPROGRAM_ROOT, pagePath), { rootPath: MINIPROGRAM_ROOT, compiler: 'simulate' });
  });
  const comp = simulate.render(id, opts.props ?? {});
  comp.attach(
    (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document.createElement(
      'parent-wrapper',
    ),
  );
  const instance = comp.instance as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const setDataLog: Rendered['setDataLog'] = [];
  const setData = instance.setData.bind(instance) as (data: Record<string, unknown>, cb?: () => void) => void;
  instance.setData = (data: Record<string, unknown>, cb?: () => void) => {
    setDataLog.push({ keys: Object.keys(data), bytes: JSON.stringify(data).length });
    setData(data, cb);
  };
  if (!opts.noLifecycle) {
    instance.onLoad?.(opts.query ?? {});
    instance.onShow?.();
  }
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await simulate.sleep(0);
  };
  // `a >>> b` looks for `b` inside the custom component `a` (like WeChat's selectComponent).
  const queryAll = (selector: string): SimNode[] => {
    let scope: SimNode[] = [comp];
    for (const part of selector.split('>>>').map((p) => p.trim())) {
      scope = scope.flatMap((n) => n.querySelectorAll(part) ?? []);
    }
    return scope;
  };
  const find = (selector: string) => {
    const el = queryAll(selector)[0];
    if (!el) throw new Error(`nothing matches ${selector} in:\n${comp.dom?.innerHTML ?? ''}`);
    return el;
  };
  return {
    comp,
    wx: wxRecord,
    instance,
    settle,
    text: () => (comp.dom?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    async tap(selector) {
      find(selector).dispatchEvent('tap');
      await settle();
    },
    async type(selector, value) {
      find(selector).dispatchEvent('input', { detail: { value } });
      await settle();
    },
    async fire(selector, event, detail) {
      find(selector).dispatchEvent(event, { detail });
      await settle();
    },
    setDataLog,
    exists: (selector) => queryAll(selector).length > 0,
    count: (selector) => queryAll(selector).length,
  };
}
