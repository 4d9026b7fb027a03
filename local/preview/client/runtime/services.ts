/**
 * Runtime services shared by the `wx` shim and the built-in components: the selected person, per-person storage,
 * temp files from the file picker, the privacy-authorization flow, asset URLs, and navigation by open-type.
 */
import type { Loose } from '../bridge';
import { shell } from './shell';

/** The selected person's openid ('' when none is selected). */
export function openid(): string {
  return shell().person()?.openid ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: localStorage, one namespace per person (what one phone would keep for one WeChat user)

const storagePrefix = (): string => `wx:${openid() || 'anonymous'}:`;

export const storage = {
  keys(): string[] {
    const p = storagePrefix();
    const out: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(p)) out.push(k.slice(p.length));
    }
    return out;
  },
  get(key: string): unknown {
    const raw = localStorage.getItem(storagePrefix() + key);
    if (raw === null) return '';
    try {
      return (JSON.parse(raw) as { v: unknown }).v;
    } catch {
      return '';
    }
  },
  has(key: string): boolean {
    return localStorage.getItem(storagePrefix() + key) !== null;
  },
  set(key: string, value: unknown): void {
    localStorage.setItem(storagePrefix() + key, JSON.stringify({ v: value }));
  },
  remove(key: string): void {
    localStorage.removeItem(storagePrefix() + key);
  },
  clear(): void {
    for (const k of storage.keys()) storage.remove(k);
  },
  sizeKb(): number {
    let n = 0;
    for (const k of storage.keys()) n += (localStorage.getItem(storagePrefix() + k) ?? '').length;
    return Math.ceil(n / 1024);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Temp files: chosen files get WeChat-like temp paths (`http://tmp/<id>.<ext>`) backed by Blobs

const tempFiles = new Map<string, { blob: Blob; url: string }>();
let tempCounter = 0;

export interface TempFile {
  tempFilePath: string;
  size: number;
  type: string;
  name: string;
}

/** Register a Blob as a temp file; returns its temp path. */
export function addTempFile(blob: Blob, name = ''): string {
  const ext = (
    /\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ??
    blob.type.split('/')[1]?.replace('jpeg', 'jpg') ??
    'bin'
  ).toLowerCase();
  tempCounter += 1;
  const p = `http://tmp/preview_${Date.now().toString(36)}${tempCounter}.${ext}`;
  tempFiles.set(p, { blob, url: URL.createObjectURL(blob) });
  return p;
}

/** The bytes behind a temp path (or any URL the page passes as a file path). */
export async function readTempFile(filePath: string): Promise<Blob> {
  const t = tempFiles.get(filePath);
  if (t) return t.blob;
  const res = await fetch(filePath);
  if (!res.ok) throw new Error(`file not found: ${filePath}`);
  return res.blob();
}

/** Let the person pick files with the browser's file chooser (a sheet with a file input if it cannot open). */
export function chooseFiles(opts: { accept: string; multiple: boolean }): Promise<TempFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = opts.accept;
    input.multiple = opts.multiple;
    input.className = 'wx-file-input';
    let sheet: HTMLElement | undefined;
    const done = (files: File[]): void => {
      input.remove();
      sheet?.remove();
      resolve(files.map((f) => ({ tempFilePath: addTempFile(f, f.name), size: f.size, type: f.type, name: f.name })));
    };
    input.addEventListener('change', () => done(Array.from(input.files ?? [])));
    input.addEventListener('cancel', () => done([]));
    document.body.appendChild(input);
    try {
      input.showPicker();
    } catch {
      // No user activation (e.g. after an async step): show a sheet the person taps to choose.
      sheet = document.createElement('div');
      sheet.className = 'wx-file-sheet';
      const label = document.createElement('label');
      label.textContent = '选择文件';
      label.appendChild(input);
      const cancel = document.createElement('button');
      cancel.textContent = '取消';
      cancel.addEventListener('click', () => done([]));
      sheet.append(label, cancel);
      document.body.appendChild(sheet);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Privacy authorization (WeChat's privacy agreement flow, per person)

type PrivacyListener = (
  resolve: (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void,
  info: { referrer: string },
) => void;
let privacyListener: PrivacyListener | null = null;
let pending: ((ok: boolean) => void)[] = [];

export function privacyAgreed(): boolean {
  return storage.get('__privacy_agreed__') === true;
}

function finishPrivacy(ok: boolean): void {
  if (ok) storage.set('__privacy_agreed__', true);
  const waiting = pending;
  pending = [];
  for (const r of waiting) r(ok);
}

export function onNeedPrivacyAuthorization(listener: PrivacyListener): void {
  privacyListener = listener;
}

/** The person tapped a button with open-type="agreePrivacyAuthorization". */
export function privacyAgree(_buttonId: string): void {
  storage.set('__privacy_agreed__', true);
  if (pending.length) finishPrivacy(true);
}

/** Resolve true once the person has agreed to the privacy policy (asking them if needed). */
export function privacyGate(referrer: string): Promise<boolean> {
  if (privacyAgreed()) return Promise.resolve(true);
  return new Promise((resolve) => {
    pending.push(resolve);
    if (pending.length > 1) return;
    if (privacyListener) {
      // `exposureAuthorization` only reports that the page showed its popup; agree/disagree come later.
      privacyListener(
        (r) => {
          if (r?.event === 'agree' || r?.event === 'disagree') finishPrivacy(r.event === 'agree');
        },
        { referrer },
      );
      return;
    }
    // No listener: WeChat shows its own popup. Drawn inside the web view (taps here keep user activation).
    const box = document.createElement('div');
    box.className = 'wx-privacy-popup';
    box.innerHTML =
      '<div class="wx-privacy-card"><div class="wx-privacy-title">用户隐私保护提示</div>' +
      '<div class="wx-privacy-text">使用此功能前，请阅读并同意《小程序隐私保护指引》。</div>' +
      '<div class="wx-privacy-actions"><button class="no">拒绝</button><button class="yes">同意</button></div></div>';
    box.querySelector('.no')?.addEventListener('click', () => {
      box.remove();
      finishPrivacy(false);
    });
    box.querySelector('.yes')?.addEventListener('click', () => {
      box.remove();
      finishPrivacy(true);
    });
    document.body.appendChild(box);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Asset URLs and navigation (set by the router at start-up)

/** Component id → its path (for relative `<image src>`). */
export const componentPaths = new Map<string, string>();

/** The URL the web view loads for an `<image src>` value written by the component `node` belongs to. */
export function resolveAssetUrl(src: string, node?: Loose): string | null {
  if (!src) return null;
  // An <image> cannot send the x-wx-openid header: the caller rides in the query (storage rules decide).
  if (src.startsWith('cloud://')) {
    return `/wx/file?fileID=${encodeURIComponent(src)}&openid=${encodeURIComponent(openid())}`;
  }
  const tmp = tempFiles.get(src);
  if (tmp) return tmp.url;
  if (/^(https?:|data:|blob:)/.test(src)) return src;
  if (src.startsWith('/')) return src;
  let owner = '';
  try {
    const host = node?.ownerShadowRoot?.getHostNode?.();
    owner = componentPaths.get(host?.is) ?? '';
  } catch {
    owner = '';
  }
  const parts = owner.split('/').slice(0, -1);
  for (const seg of src.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

type Navigator = (openType: string, url: string, delta: number) => void;
let navigator: Navigator = () => undefined;
export function setNavigator(n: Navigator): void {
  navigator = n;
}
/** `<navigator open-type url delta>`. */
export function navigateByType(openType: string, url: string, delta: number): void {
  navigator(openType, url, delta);
}
