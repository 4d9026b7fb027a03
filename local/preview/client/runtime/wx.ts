/**
 * The `wx` object the pages call, backed by the local cloud and the shell:
 * `wx.cloud.callFunction` → `POST /wx/callFunction` as the selected person (`x-wx-openid`), `wx.cloud.uploadFile`
 * → `/wx/uploadFile` (with upload progress), navigation → the router, toasts/modals/sheets → the shell, storage →
 * localStorage per person, `chooseMedia` → the browser's file chooser, and the privacy flow. Asynchronous APIs take
 * `success/fail/complete` or return a Promise, as in WeChat. An API the preview does not emulate fails with
 * `<name>:fail not supported in the preview` and is reported in the developer panel.
 */
import type { Loose } from '../bridge';
import { router, setNavOverride, setTabBadge, setTabBarHidden } from './router';
import {
  addTempFile,
  chooseFiles,
  onNeedPrivacyAuthorization,
  openid,
  privacyAgreed,
  privacyGate,
  readTempFile,
  resolveAssetUrl,
  storage,
} from './services';
import { shell } from './shell';

type Opts = Record<string, Loose>;

/** A WeChat-style failure: an Error whose `errMsg` reads `<api>:fail <reason>`. */
export function wxError(name: string, err: unknown, extra: Record<string, unknown> = {}): Error {
  const e = err as { errMsg?: string; message?: string; errCode?: number };
  const errMsg = e?.errMsg ?? `${name}:fail ${e?.message ?? String(err)}`;
  return Object.assign(new Error(errMsg), {
    errMsg,
    ...(e?.errCode !== undefined ? { errCode: e.errCode } : {}),
    ...extra,
  });
}

function report(where: string, err: unknown): void {
  console.error(where, err);
  shell().log('error', `${where}: ${(err as Error)?.stack ?? String(err)}`);
}

/** Wrap an implementation as a WeChat async API: callbacks when given, else a Promise. */
function api(name: string, impl: (o: Opts) => unknown): (o?: Opts) => Loose {
  return (o: Opts = {}) => {
    const opts = o ?? {};
    const p = (async () => impl(opts))().then(
      (r) => ({ errMsg: `${name}:ok`, ...((r as object) ?? {}) }),
      (err) => {
        throw wxError(name, err);
      },
    );
    if (opts.success || opts.fail || opts.complete) {
      p.then(
        (r) => {
          try {
            opts.success?.(r);
          } catch (err) {
            report(`${name} success callback`, err);
          }
          opts.complete?.(r);
        },
        (e) => {
          try {
            opts.fail?.(e);
          } catch (err) {
            report(`${name} fail callback`, err);
          }
          opts.complete?.(e);
        },
      );
      return undefined;
    }
    return p;
  };
}

function cancel(): Error {
  return Object.assign(new Error('cancel'), { message: 'cancel' });
}

let clipboard = '';

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid() },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Loose;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errMsg: text };
  }
  return { status: res.status, body: parsed };
}

function callFunction(o: Opts): Loose {
  return api('cloud.callFunction', async ({ name, data }) => {
    const { status, body } = await postJson('/wx/callFunction', { name, data: data ?? {} });
    if (status !== 200) {
      throw Object.assign(new Error(body.errMsg), {
        errCode: body.errCode ?? -1,
        errMsg: body.errMsg ?? `cloud.callFunction:fail ${status}`,
      });
    }
    return body;
  })(o);
}

/**
 * `wx.compressImage` in the browser: re-encode through a canvas as JPEG at `quality` (0–100), scaled down to
 * `compressedWidth`/`compressHeight` when given (aspect kept). A file the browser cannot decode comes back as is.
 */
async function compressInBrowser(
  src: string,
  quality: number,
  width: number,
  height: number,
): Promise<{ tempFilePath: string }> {
  try {
    const bitmap = await createImageBitmap(await readTempFile(src));
    let w = bitmap.width;
    let h = bitmap.height;
    if (width > 0 && width < w) [w, h] = [width, Math.round((h * width) / w)];
    else if (height > 0 && height < h) [w, h] = [Math.round((w * height) / h), height];
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    if (!g) return { tempFilePath: src };
    g.fillStyle = '#fff'; // JPEG has no transparency
    g.fillRect(0, 0, w, h);
    g.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    const q = Math.min(100, Math.max(1, Number.isFinite(quality) ? quality : 80)) / 100;
    const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', q));
    return { tempFilePath: out ? addTempFile(out, 'compressed.jpg') : src };
  } catch {
    return { tempFilePath: src };
  }
}

function uploadFile(o: Opts = {}): Loose {
  const listeners: ((p: Loose) => void)[] = [];
  let xhr: XMLHttpRequest | undefined;
  const run = api('cloud.uploadFile', async ({ cloudPath, filePath }) => {
    if (!cloudPath) throw new Error('cloudPath is required');
    const blob = await readTempFile(String(filePath));
    return new Promise((resolve, reject) => {
      xhr = new XMLHttpRequest();
      xhr.open('POST', `/wx/uploadFile?cloudPath=${encodeURIComponent(String(cloudPath))}`);
      xhr.setRequestHeader('x-wx-openid', openid());
      const progress = (loaded: number, total: number): void => {
        const info = {
          progress: total ? Math.round((loaded / total) * 100) : 100,
          totalBytesSent: loaded,
          totalBytesExpectedToSend: total,
        };
        for (const l of listeners) l(info);
      };
      xhr.upload.onprogress = (e) => progress(e.loaded, e.total || blob.size);
      xhr.onload = () => {
        let body: Loose = {};
        try {
          body = JSON.parse(xhr?.responseText ?? '{}');
        } catch {
          body = { errMsg: xhr?.responseText };
        }
        if (xhr?.status === 200) {
          progress(blob.size, blob.size);
          resolve({ fileID: body.fileID, statusCode: body.statusCode ?? 200 });
        } else
          reject(
            Object.assign(new Error(body.errMsg), {
              errMsg: body.errMsg ?? 'cloud.uploadFile:fail',
              errCode: body.errCode,
            }),
          );
      };
      xhr.onerror = () => reject(new Error('network error'));
      xhr.onabort = () => reject(new Error('abort'));
      xhr.send(blob);
    });
  });
  const task = {
    onProgressUpdate(fn: (p: Loose) => void) {
      listeners.push(fn);
    },
    offProgressUpdate(fn: (p: Loose) => void) {
      const i = listeners.indexOf(fn);
      if (i >= 0) listeners.splice(i, 1);
    },
    abort() {
      xhr?.abort();
    },
  };
  if (typeof o.onProgressUpdate === 'function') listeners.push(o.onProgressUpdate);
  const r = run(o);
  return r ? Object.assign(r, task) : task;
}

const cloud = {
  init: (_o?: Opts) => undefined,
  callFunction,
  uploadFile,
  getTempFileURL: api('cloud.getTempFileURL', async ({ fileList }) => {
    const { status, body } = await postJson('/wx/getTempFileURL', { fileList });
    if (status !== 200) throw Object.assign(new Error(body.errMsg), body);
    return { fileList: body.fileList };
  }),
  deleteFile: api('cloud.deleteFile', async ({ fileList }) => {
    const { status, body } = await postJson('/wx/deleteFile', { fileList });
    if (status !== 200) throw Object.assign(new Error(body.errMsg), body);
    return { fileList: body.fileList };
  }),
  downloadFile: api('cloud.downloadFile', async ({ fileID }) => {
    const res = await fetch(`/wx/file?fileID=${encodeURIComponent(String(fileID))}`, {
      headers: { 'x-wx-openid': openid() },
    });
    if (!res.ok) throw new Error(`download failed (${res.status})`);
    const blob = await res.blob();
    return { tempFilePath: addTempFile(blob, String(fileID)), statusCode: 200 };
  }),
  database: () => {
    throw new Error('wx.cloud.database() is not used by this project (all data goes through cloud functions)');
  },
  CDN: (x: unknown) => x,
  Cloud: class {
    init() {
      return Promise.resolve();
    }
    callFunction = callFunction;
    uploadFile = uploadFile;
  },
  DYNAMIC_CURRENT_ENV: 'DYNAMIC_CURRENT_ENV',
};

function systemInfo(): Record<string, unknown> {
  const w = window.innerWidth || 375;
  const h = window.innerHeight || 667;
  return {
    brand: 'devtools',
    model: 'iPhone (preview)',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: w,
    windowHeight: h,
    statusBarHeight: 20,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'devtools',
    fontSizeSetting: 16,
    SDKVersion: '3.7.12',
    benchmarkLevel: 1,
    theme: 'light',
    enableDebug: false,
    safeArea: { left: 0, right: w, top: 20, bottom: 812, width: w, height: 792 },
    screenTop: 0,
    deviceOrientation: 'portrait',
  };
}

const globalHandlers = new Map<string, ((...a: unknown[]) => void)[]>();
function on(name: string) {
  return (fn: (...a: unknown[]) => void) => globalHandlers.set(name, [...(globalHandlers.get(name) ?? []), fn]);
}
function off(name: string) {
  return (fn?: (...a: unknown[]) => void) =>
    globalHandlers.set(name, fn ? (globalHandlers.get(name) ?? []).filter((f) => f !== fn) : []);
}
window.addEventListener('error', (e) => {
  for (const f of globalHandlers.get('error') ?? []) f(String(e.error?.stack ?? e.message));
});
window.addEventListener('unhandledrejection', (e) => {
  for (const f of globalHandlers.get('unhandledRejection') ?? []) f({ reason: e.reason, promise: e.promise });
});

const privacyApis = ['chooseMedia', 'chooseImage', 'chooseVideo', 'chooseMessageFile', 'getLocation', 'chooseLocation'];

const impl: Record<string, Loose> = {
  cloud,
  env: { USER_DATA_PATH: 'http://usr' },
  canIUse: () => true,
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  // --- system ---
  getSystemInfoSync: systemInfo,
  getSystemInfo: api('getSystemInfo', systemInfo),
  getSystemInfoAsync: api('getSystemInfoAsync', systemInfo),
  getWindowInfo: () => {
    const s = systemInfo();
    return {
      pixelRatio: s.pixelRatio,
      screenWidth: s.screenWidth,
      screenHeight: s.screenHeight,
      windowWidth: s.windowWidth,
      windowHeight: s.windowHeight,
      statusBarHeight: s.statusBarHeight,
      safeArea: s.safeArea,
      screenTop: 0,
    };
  },
  getDeviceInfo: () => ({
    brand: 'devtools',
    model: 'iPhone (preview)',
    system: 'iOS 17.0',
    platform: 'devtools',
    benchmarkLevel: 1,
  }),
  getAppBaseInfo: () => ({
    SDKVersion: '3.7.12',
    language: 'zh_CN',
    version: '8.0.50',
    theme: 'light',
    enableDebug: false,
    host: { env: 'WeChat' },
  }),
  getSystemSetting: () => ({
    bluetoothEnabled: false,
    locationEnabled: true,
    wifiEnabled: true,
    deviceOrientation: 'portrait',
  }),
  getAppAuthorizeSetting: () => ({
    albumAuthorized: 'authorized',
    cameraAuthorized: 'authorized',
    locationAuthorized: 'authorized',
    notificationAuthorized: 'authorized',
  }),
  getAccountInfoSync: () => ({
    miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' },
    plugin: {},
  }),
  getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 24, right: 368, bottom: 56, left: 281 }),
  getLaunchOptionsSync: () => (window as Loose).__launchOptions ?? { path: '', query: {}, scene: 1001 },
  getEnterOptionsSync: () => (window as Loose).__launchOptions ?? { path: '', query: {}, scene: 1001 },
  getNetworkType: api('getNetworkType', () => ({ networkType: 'wifi', signalStrength: 100 })),
  onNetworkStatusChange: on('networkStatusChange'),
  offNetworkStatusChange: off('networkStatusChange'),
  onAppShow: on('appShow'),
  offAppShow: off('appShow'),
  onAppHide: on('appHide'),
  offAppHide: off('appHide'),
  onError: on('error'),
  offError: off('error'),
  onUnhandledRejection: on('unhandledRejection'),
  offUnhandledRejection: off('unhandledRejection'),
  onPageNotFound: on('pageNotFound'),
  onMemoryWarning: on('memoryWarning'),
  onThemeChange: on('themeChange'),
  getUpdateManager: () => ({
    onCheckForUpdate: (fn: (r: unknown) => void) => setTimeout(() => fn({ hasUpdate: false }), 0),
    onUpdateReady: () => undefined,
    onUpdateFailed: () => undefined,
    applyUpdate: () => undefined,
  }),
  getLogManager: () => ({ log: console.log, info: console.info, warn: console.warn, debug: console.debug }),
  getRealtimeLogManager: () => ({
    info: console.info,
    warn: console.warn,
    error: console.error,
    setFilterMsg: () => undefined,
    addFilterMsg: () => undefined,
    in: () => undefined,
  }),
  reportEvent: () => undefined,
  reportAnalytics: () => undefined,
  reportMonitor: () => undefined,
  setEnableDebug: api('setEnableDebug', () => ({})),
  setKeepScreenOn: api('setKeepScreenOn', () => ({})),
  vibrateShort: api('vibrateShort', () => ({})),
  vibrateLong: api('vibrateLong', () => ({})),
  // --- storage (per person) ---
  setStorageSync: (key: string, data: unknown) => storage.set(key, data),
  getStorageSync: (key: string) => storage.get(key),
  removeStorageSync: (key: string) => storage.remove(key),
  clearStorageSync: () => storage.clear(),
  getStorageInfoSync: () => ({ keys: storage.keys(), currentSize: storage.sizeKb(), limitSize: 10240 }),
  setStorage: api('setStorage', ({ key, data }) => {
    storage.set(key, data);
    return {};
  }),
  getStorage: api('getStorage', ({ key }) => {
    if (!storage.has(key)) throw new Error('data not found');
    return { data: storage.get(key) };
  }),
  removeStorage: api('removeStorage', ({ key }) => {
    storage.remove(key);
    return {};
  }),
  clearStorage: api('clearStorage', () => {
    storage.clear();
    return {};
  }),
  getStorageInfo: api('getStorageInfo', () => ({
    keys: storage.keys(),
    currentSize: storage.sizeKb(),
    limitSize: 10240,
  })),
  // --- navigation ---
  navigateTo: api('navigateTo', ({ url, events }) => router.navigateTo(String(url), events)),
  redirectTo: api('redirectTo', async ({ url }) => {
    await router.redirectTo(String(url));
    return {};
  }),
  navigateBack: api('navigateBack', async ({ delta }) => {
    await router.navigateBack(Number(delta) || 1);
    return {};
  }),
  switchTab: api('switchTab', async ({ url }) => {
    await router.switchTab(String(url));
    return {};
  }),
  reLaunch: api('reLaunch', async ({ url }) => {
    await router.reLaunch(String(url));
    return {};
  }),
  // --- interaction (drawn by the shell) ---
  showToast: api('showToast', ({ title, icon, image, duration, mask }) => {
    shell().toast({ title: String(title ?? ''), icon: icon ?? 'success', image, duration: duration ?? 1500, mask });
    return {};
  }),
  hideToast: api('hideToast', () => {
    shell().hideToast();
    return {};
  }),
  showLoading: api('showLoading', ({ title, mask }) => {
    shell().loading({ title: String(title ?? ''), mask });
    return {};
  }),
  hideLoading: api('hideLoading', () => {
    shell().hideLoading();
    return {};
  }),
  showModal: api('showModal', (o) => shell().modal(o)),
  showActionSheet: api('showActionSheet', async ({ itemList, alertText, itemColor }) => {
    const tapIndex = await shell().actionSheet({ itemList: (itemList ?? []).map(String), alertText, itemColor });
    if (tapIndex === null) throw cancel();
    return { tapIndex };
  }),
  enableAlertBeforeUnload: api('enableAlertBeforeUnload', () => ({})),
  disableAlertBeforeUnload: api('disableAlertBeforeUnload', () => ({})),
  // --- navigation bar, tab bar, page ---
  setNavigationBarTitle: api('setNavigationBarTitle', ({ title }) => {
    setNavOverride({ title: String(title ?? '') });
    return {};
  }),
  setNavigationBarColor: api('setNavigationBarColor', ({ frontColor, backgroundColor }) => {
    setNavOverride({
      frontColor: String(frontColor).toLowerCase() === '#ffffff' ? 'white' : 'black',
      ...(backgroundColor ? { backgroundColor: String(backgroundColor) } : {}),
    });
    return {};
  }),
  showNavigationBarLoading: api('showNavigationBarLoading', () => {
    setNavOverride({ loading: true });
    return {};
  }),
  hideNavigationBarLoading: api('hideNavigationBarLoading', () => {
    setNavOverride({ loading: false });
    return {};
  }),
  hideHomeButton: api('hideHomeButton', () => ({})),
  setBackgroundColor: api('setBackgroundColor', () => ({})),
  setBackgroundTextStyle: api('setBackgroundTextStyle', () => ({})),
  startPullDownRefresh: api('startPullDownRefresh', () => {
    router.pullDownRefresh();
    return {};
  }),
  stopPullDownRefresh: api('stopPullDownRefresh', () => {
    setNavOverride({ loading: false });
    return {};
  }),
  pageScrollTo: api('pageScrollTo', ({ scrollTop, selector, offsetTop }) => {
    if (selector) {
      const el = document.querySelector(
        String(selector).startsWith('#') || String(selector).startsWith('.')
          ? `[class*="--${String(selector).slice(1)}"], ${selector}`
          : String(selector),
      );
      if (el)
        window.scrollTo(0, (el as HTMLElement).getBoundingClientRect().top + window.scrollY + (Number(offsetTop) || 0));
    } else window.scrollTo(0, Number(scrollTop) || 0);
    return {};
  }),
  setTabBarBadge: api('setTabBarBadge', ({ index, text }) => {
    setTabBadge(Number(index), String(text));
    return {};
  }),
  removeTabBarBadge: api('removeTabBarBadge', ({ index }) => {
    setTabBadge(Number(index), null);
    return {};
  }),
  showTabBarRedDot: api('showTabBarRedDot', ({ index }) => {
    setTabBadge(Number(index), '');
    return {};
  }),
  hideTabBarRedDot: api('hideTabBarRedDot', ({ index }) => {
    setTabBadge(Number(index), null);
    return {};
  }),
  showTabBar: api('showTabBar', () => {
    setTabBarHidden(false);
    return {};
  }),
  hideTabBar: api('hideTabBar', () => {
    setTabBarHidden(true);
    return {};
  }),
  setTabBarItem: api('setTabBarItem', () => ({})),
  setTabBarStyle: api('setTabBarStyle', () => ({})),
  showShareMenu: api('showShareMenu', () => ({})),
  hideShareMenu: api('hideShareMenu', () => ({})),
  updateShareMenu: api('updateShareMenu', () => ({})),
  createSelectorQuery: () => router.current()?.caller.createSelectorQuery(),
  createIntersectionObserver: (component: Loose, options: Loose) => {
    const owner = component ?? router.current()?.caller;
    return owner.createIntersectionObserver(options);
  },
  // --- account, authorization, privacy, subscribe messages ---
  login: api('login', () => ({ code: `preview-login-${openid() || 'anonymous'}-${Date.now().toString(36)}` })),
  checkSession: api('checkSession', () => ({})),
  getSetting: api('getSetting', () => ({
    authSetting: { 'scope.userInfo': true, 'scope.userLocation': true, 'scope.writePhotosAlbum': true },
    subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
  })),
  openSetting: api('openSetting', () => ({ authSetting: {} })),
  authorize: api('authorize', () => ({})),
  getUserProfile: api('getUserProfile', () => ({
    userInfo: { nickName: shell().person()?.name ?? '微信用户', avatarUrl: '' },
  })),
  getUserInfo: api('getUserInfo', () => ({
    userInfo: { nickName: shell().person()?.name ?? '微信用户', avatarUrl: '' },
  })),
  requestSubscribeMessage: api('requestSubscribeMessage', async ({ tmplIds }) => {
    // The person accepts every template; the local cloud counts one message each (one-time subscriptions).
    const ids = (tmplIds ?? []).map(String);
    const res = await postJson('/wx/requestSubscribeMessage', { tmplIds: ids });
    if (res.status !== 200) throw Object.assign(new Error(String(res.body.errMsg)), { errCode: res.body.errCode });
    shell().log('info', `requestSubscribeMessage: accepted ${ids.join(', ') || '(none)'}`);
    return Object.fromEntries(ids.map((id: string) => [id, 'accept']));
  }),
  onNeedPrivacyAuthorization: (fn: Loose) => onNeedPrivacyAuthorization(fn),
  requirePrivacyAuthorize: api('requirePrivacyAuthorize', async () => {
    if (!(await privacyGate('requirePrivacyAuthorize'))) throw new Error('privacy permission is not authorized');
    return {};
  }),
  getPrivacySetting: api('getPrivacySetting', () => ({
    needAuthorization: !privacyAgreed(),
    privacyContractName: '《小程序隐私保护指引》',
  })),
  openPrivacyContract: api('openPrivacyContract', async () => {
    await shell().modal({
      title: '小程序隐私保护指引',
      content: '(preview) The privacy policy text is shown here in WeChat.',
      showCancel: false,
    });
    return {};
  }),
  // --- media and files ---
  chooseMedia: api('chooseMedia', async ({ count, mediaType }) => {
    const types: string[] = mediaType ?? ['image', 'video'];
    const accept = [types.includes('image') ? 'image/*' : '', types.includes('video') ? 'video/*' : '']
      .filter(Boolean)
      .join(',');
    const files = (await chooseFiles({ accept: accept || 'image/*', multiple: (Number(count) || 9) > 1 })).slice(
      0,
      Number(count) || 9,
    );
    if (!files.length) throw cancel();
    const kinds = new Set(files.map((f) => (f.type.startsWith('video') ? 'video' : 'image')));
    return {
      type: kinds.size > 1 ? 'mix' : [...kinds][0],
      tempFiles: files.map((f) => ({
        tempFilePath: f.tempFilePath,
        size: f.size,
        fileType: f.type.startsWith('video') ? 'video' : 'image',
        thumbTempFilePath: '',
        width: 0,
        height: 0,
        duration: 0,
      })),
    };
  }),
  chooseImage: api('chooseImage', async ({ count }) => {
    const files = (await chooseFiles({ accept: 'image/*', multiple: (Number(count) || 9) > 1 })).slice(
      0,
      Number(count) || 9,
    );
    if (!files.length) throw cancel();
    return {
      tempFilePaths: files.map((f) => f.tempFilePath),
      tempFiles: files.map((f) => ({ path: f.tempFilePath, size: f.size })),
    };
  }),
  chooseMessageFile: api('chooseMessageFile', async ({ count, type }) => {
    const files = (
      await chooseFiles({ accept: type === 'image' ? 'image/*' : '', multiple: (Number(count) || 1) > 1 })
    ).slice(0, Number(count) || 100);
    if (!files.length) throw cancel();
    return {
      tempFiles: files.map((f) => ({
        path: f.tempFilePath,
        size: f.size,
        name: f.name,
        type: f.type.startsWith('image') ? 'image' : 'file',
        time: Date.now(),
      })),
    };
  }),
  getImageInfo: api('getImageInfo', ({ src }) => {
    const url = resolveAssetUrl(String(src)) ?? '';
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () =>
        resolve({ width: img.naturalWidth, height: img.naturalHeight, path: src, orientation: 'up', type: 'unknown' });
      img.onerror = () => reject(new Error('image load failed'));
      img.src = url;
    });
  }),
  compressImage: api('compressImage', ({ src, quality, compressedWidth, compressHeight }) =>
    compressInBrowser(String(src), Number(quality ?? 80), Number(compressedWidth) || 0, Number(compressHeight) || 0),
  ),
  previewImage: api('previewImage', ({ urls, current }) => {
    const list = (urls ?? []).map((u: string) => resolveAssetUrl(String(u)) ?? '');
    shell().previewImage(list, current ? (resolveAssetUrl(String(current)) ?? undefined) : undefined);
    return {};
  }),
  previewMedia: api('previewMedia', ({ sources, current }) => {
    const list = (sources ?? []).map((s: Loose) => resolveAssetUrl(String(s.url)) ?? '');
    shell().previewImage(list, list[Number(current) || 0]);
    return {};
  }),
  saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', () => ({})),
  getFileSystemManager: () => ({
    readFile: api('readFile', async ({ filePath, encoding }) => {
      const blob = await readTempFile(String(filePath));
      if (encoding === 'base64') {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let s = '';
        for (const b of bytes) s += String.fromCharCode(b);
        return { data: btoa(s) };
      }
      if (encoding) return { data: await blob.text() };
      return { data: await blob.arrayBuffer() };
    }),
    getFileInfo: api('getFileInfo', async ({ filePath }) => ({ size: (await readTempFile(String(filePath))).size })),
    access: api('access', async ({ path }) => {
      await readTempFile(String(path));
      return {};
    }),
    saveFile: api('saveFile', ({ tempFilePath }) => ({ savedFilePath: tempFilePath })),
    removeSavedFile: api('removeSavedFile', () => ({})),
    unlink: api('unlink', () => ({})),
  }),
  getFileInfo: api('getFileInfo', async ({ filePath }) => ({ size: (await readTempFile(String(filePath))).size })),
  downloadFile: api('downloadFile', async ({ url }) => {
    const res = await fetch(String(url));
    return { tempFilePath: addTempFile(await res.blob(), String(url)), statusCode: res.status };
  }),
  openDocument: api('openDocument', async ({ filePath }) => {
    const blob = await readTempFile(String(filePath));
    window.open(URL.createObjectURL(blob), '_blank');
    return {};
  }),
  request: api('request', async ({ url, method, data, header, dataType }) => {
    const m = String(method ?? 'GET').toUpperCase();
    const res = await fetch(String(url), {
      method: m,
      headers: { 'content-type': 'application/json', ...(header ?? {}) },
      body: m === 'GET' ? undefined : typeof data === 'string' ? data : JSON.stringify(data ?? {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (dataType !== 'text') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { data: parsed, statusCode: res.status, header: Object.fromEntries(res.headers.entries()) };
  }),
  // --- device ---
  setClipboardData: api('setClipboardData', async ({ data }) => {
    clipboard = String(data ?? '');
    try {
      await navigator.clipboard?.writeText(clipboard);
    } catch {
      // the browser may refuse; the preview keeps its own copy
    }
    shell().toast({ title: '内容已复制', icon: 'none' });
    return {};
  }),
  getClipboardData: api('getClipboardData', () => ({ data: clipboard })),
  makePhoneCall: api('makePhoneCall', ({ phoneNumber }) => {
    shell().toast({ title: `拨打 ${phoneNumber} (preview)`, icon: 'none' });
    return {};
  }),
  scanCode: api('scanCode', async () => {
    const result = await shell().prompt({ title: '扫码 (preview): the scanned text' });
    if (result === null) throw cancel();
    return { result, scanType: 'QR_CODE', charSet: 'utf-8', path: '' };
  }),
  getLocation: api('getLocation', () => ({ latitude: 30.5728, longitude: 104.0668, speed: 0, accuracy: 30 })),
  chooseLocation: api('chooseLocation', () => ({
    name: '(preview) 市政府',
    address: '(preview)',
    latitude: 30.5728,
    longitude: 104.0668,
  })),
  openLocation: api('openLocation', () => ({})),
};

// Privacy-protected APIs ask for the privacy agreement first.
for (const name of privacyApis) {
  const inner = impl[name] as (o?: Opts) => Loose;
  impl[name] = (o: Opts = {}) => {
    const run = async (): Promise<Loose> => {
      if (!(await privacyGate(name)))
        throw wxError(name, new Error('privacy permission is not authorized'), { errno: 104 });
      return inner({ ...o, success: undefined, fail: undefined, complete: undefined });
    };
    const p = run();
    if (o.success || o.fail || o.complete) {
      p.then(
        (r) => {
          o.success?.(r);
          o.complete?.(r);
        },
        (e) => {
          o.fail?.(e);
          o.complete?.(e);
        },
      );
      return undefined;
    }
    return p;
  };
}

const warned = new Set<string>();

/** `wx`, with a stand-in for anything not emulated (it fails like an unsupported API and is reported once). */
export const wx: Loose = new Proxy(impl, {
  get(target, prop: string | symbol) {
    if (typeof prop !== 'string') return undefined;
    if (prop in target) return target[prop];
    if (!warned.has(prop)) {
      warned.add(prop);
      shell().log('warn', `wx.${prop} is not emulated by the preview`);
    }
    if (prop.endsWith('Sync')) return () => undefined;
    if (/^(on|off)[A-Z]/.test(prop)) return () => undefined;
    if (/^create[A-Z]/.test(prop)) return () => new Proxy({}, { get: () => () => undefined });
    return api(prop, () => {
      throw new Error('not supported in the preview');
    });
  },
});
