/**
 * WeChat's native overlays drawn over the phone screen: toast, loading, modal, action sheet, picker (selector,
 * multiSelector, date, time, region), a text prompt (for the preview's stand-ins such as the phone-number
 * authorization), and the image previewer.
 */
import type { ModalOptions, PickerOptions } from '../bridge';

const overlay = (): HTMLElement => document.getElementById('overlay') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

let toastBox: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

function clearToast(): void {
  clearTimeout(toastTimer);
  toastBox?.remove();
  toastBox = null;
}

const ICONS: Record<string, string> = { success: '✓', error: '✕' };

export function toast(opts: { title: string; icon?: string; image?: string; duration?: number; mask?: boolean }): void {
  clearToast();
  const box = el('div');
  if (opts.mask) box.appendChild(el('div', 'mask clear'));
  const icon = opts.icon ?? 'success';
  const t = el('div', `toast${icon === 'none' && !opts.image ? ' text' : ''}`);
  t.setAttribute('role', 'status');
  if (opts.image) {
    const img = el('img', 'icon');
    img.src = opts.image;
    img.style.width = '40px';
    t.appendChild(img);
  } else if (icon === 'loading') t.appendChild(el('span', 'spinner'));
  else if (icon !== 'none') t.appendChild(el('span', 'icon', ICONS[icon] ?? '✓'));
  t.appendChild(el('span', 'toast-title', opts.title));
  box.appendChild(t);
  box.dataset.kind = 'toast';
  overlay().appendChild(box);
  toastBox = box;
  toastTimer = setTimeout(clearToast, opts.duration ?? 1500);
}

export function hideToast(): void {
  if (toastBox?.dataset.kind === 'toast') clearToast();
}

export function loading(opts: { title: string; mask?: boolean }): void {
  clearToast();
  const box = el('div');
  if (opts.mask) box.appendChild(el('div', 'mask clear'));
  const t = el('div', 'toast');
  t.setAttribute('role', 'status');
  t.append(el('span', 'spinner'), el('span', 'toast-title', opts.title));
  box.appendChild(t);
  box.dataset.kind = 'loading';
  overlay().appendChild(box);
  toastBox = box;
}

export function hideLoading(): void {
  if (toastBox?.dataset.kind === 'loading') clearToast();
}

export function modal(opts: ModalOptions): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  return new Promise((resolve) => {
    const box = el('div');
    box.appendChild(el('div', 'mask'));
    const m = el('div', 'modal');
    m.setAttribute('role', 'dialog');
    m.setAttribute('aria-label', opts.title || opts.content || 'dialog');
    m.appendChild(el('div', 'm-title', opts.title ?? ''));
    let input: HTMLTextAreaElement | undefined;
    if (opts.editable) {
      input = el('textarea', 'm-input');
      input.placeholder = opts.placeholderText ?? '';
      input.value = opts.content ?? '';
      input.setAttribute('aria-label', opts.placeholderText || opts.title || 'input');
      m.appendChild(input);
    } else m.appendChild(el('div', 'm-content', opts.content ?? ''));
    const actions = el('div', 'm-actions');
    const finish = (confirm: boolean): void => {
      box.remove();
      resolve({ confirm, cancel: !confirm, ...(opts.editable ? { content: input?.value ?? '' } : {}) });
    };
    if (opts.showCancel !== false) {
      const c = el('button', 'm-cancel', opts.cancelText || '取消');
      c.style.color = opts.cancelColor || '#000';
      c.addEventListener('click', () => finish(false));
      actions.appendChild(c);
    }
    const ok = el('button', 'm-ok', opts.confirmText || '确定');
    ok.style.color = opts.confirmColor || '#576b95';
    ok.addEventListener('click', () => finish(true));
    actions.appendChild(ok);
    m.appendChild(actions);
    box.appendChild(m);
    overlay().appendChild(box);
    input?.focus();
  });
}

export function prompt(opts: {
  title: string;
  placeholder?: string;
  value?: string;
  confirmText?: string;
}): Promise<string | null> {
  return modal({
    title: opts.title,
    content: opts.value ?? '',
    editable: true,
    placeholderText: opts.placeholder,
    confirmText: opts.confirmText,
  }).then((r) => (r.confirm ? (r.content ?? '') : null));
}

export function actionSheet(opts: {
  itemList: string[];
  alertText?: string;
  itemColor?: string;
}): Promise<number | null> {
  return new Promise((resolve) => {
    const box = el('div');
    const mask = el('div', 'mask');
    const sheet = el('div', 'sheet');
    sheet.setAttribute('role', 'menu');
    const finish = (v: number | null): void => {
      box.remove();
      resolve(v);
    };
    mask.addEventListener('click', () => finish(null));
    if (opts.alertText) sheet.appendChild(el('div', 's-alert', opts.alertText));
    opts.itemList.forEach((label, i) => {
      const b = el('button', 's-item', label);
      b.setAttribute('role', 'menuitem');
      if (opts.itemColor) b.style.color = opts.itemColor;
      b.addEventListener('click', () => finish(i));
      sheet.appendChild(b);
    });
    const c = el('button', 's-cancel', '取消');
    c.addEventListener('click', () => finish(null));
    sheet.appendChild(c);
    box.append(mask, sheet);
    overlay().appendChild(box);
  });
}

function optionColumn(labels: string[], selected: number, onPick: (i: number) => void): HTMLElement {
  const col = el('div', 'p-col');
  col.setAttribute('role', 'listbox');
  const buttons = labels.map((label, i) => {
    const b = el('button', 'p-opt', label);
    b.setAttribute('role', 'option');
    b.setAttribute('aria-selected', String(i === selected));
    b.addEventListener('click', () => {
      for (const x of buttons) x.setAttribute('aria-selected', 'false');
      b.setAttribute('aria-selected', 'true');
      onPick(i);
    });
    col.appendChild(b);
    return b;
  });
  setTimeout(() => buttons[selected]?.scrollIntoView({ block: 'center' }), 0);
  return col;
}

function today(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** WeChat's picker sheet; resolves `{value}` on 确定 and null on 取消. */
export function picker(opts: PickerOptions): Promise<{ value: unknown } | null> {
  return new Promise((resolve) => {
    const box = el('div');
    const mask = el('div', 'mask');
    const sheet = el('div', 'sheet picker');
    sheet.setAttribute('role', 'dialog');
    sheet.setAttribute('aria-label', opts.headerText || '选择');
    const head = el('div', 'p-head');
    const cancel = el('button', 'p-cancel', '取消');
    const ok = el('button', 'p-ok', '确定');
    head.append(cancel, el('span', 'p-title', opts.headerText ?? ''), ok);
    const body = el('div', 'p-body');
    let value: unknown;
    if (opts.mode === 'selector') {
      const labels = opts.range as string[];
      const current = Number(opts.value);
      let idx = Number.isInteger(current) && current >= 0 && current < labels.length ? current : 0;
      value = idx;
      body.appendChild(
        optionColumn(labels, idx, (i) => {
          idx = i;
          value = i;
        }),
      );
    } else if (opts.mode === 'multiSelector') {
      const cols = opts.range as string[][];
      const cur = (Array.isArray(opts.value) ? (opts.value as number[]) : []).slice();
      const v = cols.map((_c, i) => Number(cur[i]) || 0);
      value = v;
      cols.forEach((labels, ci) => body.appendChild(optionColumn(labels, v[ci], (i) => (v[ci] = i))));
    } else if (opts.mode === 'region') {
      const cur = Array.isArray(opts.value) ? (opts.value as string[]) : ['', '', ''];
      const inputs = [0, 1, 2].map((i) => {
        const inp = el('input', 'p-native');
        inp.value = cur[i] ?? '';
        inp.placeholder = ['省', '市', '区'][i];
        return inp;
      });
      const wrap = el('div', 'p-col');
      wrap.append(...inputs);
      body.appendChild(wrap);
      ok.addEventListener('click', () => (value = inputs.map((i) => i.value)), { capture: true });
    } else {
      const inp = el('input', 'p-native');
      if (opts.mode === 'time') inp.type = 'time';
      else if (opts.fields === 'month') inp.type = 'month';
      else if (opts.fields === 'year') inp.type = 'number';
      else inp.type = 'date';
      inp.setAttribute('aria-label', opts.mode === 'time' ? '时间' : '日期');
      const start = opts.start ?? '';
      const end = opts.end ?? '';
      if (start) inp.min = opts.fields === 'month' ? start.slice(0, 7) : start;
      if (end) inp.max = opts.fields === 'month' ? end.slice(0, 7) : end;
      const initial = String(opts.value ?? '') || (opts.mode === 'time' ? '12:00' : today());
      inp.value =
        opts.fields === 'month' ? initial.slice(0, 7) : opts.fields === 'year' ? initial.slice(0, 4) : initial;
      body.appendChild(inp);
      ok.addEventListener('click', () => (value = inp.value), { capture: true });
      setTimeout(() => inp.focus(), 0);
    }
    const finish = (confirmed: boolean): void => {
      box.remove();
      resolve(confirmed ? { value } : null);
    };
    cancel.addEventListener('click', () => finish(false));
    mask.addEventListener('click', () => finish(false));
    ok.addEventListener('click', () => finish(true));
    sheet.append(head, body);
    box.append(mask, sheet);
    overlay().appendChild(box);
  });
}

export function previewImage(urls: string[], current?: string): void {
  const box = el('div', 'preview-image');
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', '图片预览');
  let i = Math.max(0, current ? urls.indexOf(current) : 0);
  const img = el('img');
  const show = (): void => {
    img.src = urls[i] ?? '';
  };
  show();
  box.appendChild(img);
  box.addEventListener('click', (e) => {
    if (urls.length > 1 && e.offsetX > 300 && i < urls.length - 1) {
      i += 1;
      show();
    } else box.remove();
  });
  overlay().appendChild(box);
}
