/**
 * WeChat's built-in components for the preview, registered with j-component under their WXML names (`view`,
 * `button`, `input`...) and rendered as `<wx-view>`, `<wx-button>`... elements (styles in public/webview.css).
 * They behave like WeChat's where the pages can tell: events and their `detail`, form submission, pickers (drawn by
 * the shell as WeChat's bottom sheet), open-type buttons, `cloud://` images.
 */
import type { Loose } from '../bridge';
import { callerOfDom, exparser, hostOf, jComponent } from './jc';
import { shell } from './shell';
import { postJson } from './wx';
import { chooseFiles, navigateByType, privacyGate, privacyAgree, resolveAssetUrl } from './services';

/** The DOM element the current tap started on (a label must not re-activate a control the tap already hit). */
let tapTarget: Element | null = null;
export function setTapTarget(el: Element | null): void {
  tapTarget = el;
}

type Def = Record<string, Loose>;

function reflect(self: Loose, attr: string, value: unknown): void {
  const el = hostOf(self);
  if (!el) return;
  if (value === false || value === null || value === undefined || value === '') el.removeAttribute(attr);
  else el.setAttribute(attr, value === true ? '' : String(value));
  // accessibility state for the roles the preview gives built-ins (and for tests that select by role)
  if (attr === 'disabled') el.setAttribute('aria-disabled', String(!!value));
  if (attr === 'checked') el.setAttribute('aria-checked', String(!!value));
}

/** Give the host an ARIA role unless the page set one (`aria-role`). */
function defaultRole(self: Loose, role: string): void {
  const el = hostOf(self);
  if (el && !el.getAttribute('role')) el.setAttribute('role', role);
}

function reflected(attr: string, type: Loose, value?: unknown): Def {
  return {
    type,
    value,
    observer(this: Loose, v: unknown) {
      reflect(this, attr, v);
    },
  };
}

const COMMON_PROPS: Def = {
  hidden: reflected('hidden', Boolean, false),
  ariaLabel: reflected('aria-label', String, ''),
  ariaRole: reflected('role', String, ''),
};

/** Run after the host element exists and is in the document. */
function onAttached(def: Def, fn: (this: Loose) => void): Def {
  const prev = def.lifetimes?.attached as ((this: Loose) => void) | undefined;
  return {
    ...def,
    lifetimes: {
      ...(def.lifetimes ?? {}),
      attached(this: Loose) {
        prev?.call(this);
        fn.call(this);
      },
    },
  };
}

function define(name: string, def: Def = {}): void {
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    template: def.template ?? '<slot/>',
    ...def,
    properties: { ...COMMON_PROPS, ...(def.properties ?? {}) },
  });
}

/** Listen to taps on this component's own subtree. */
function onTap(self: Loose, fn: (e: Loose) => void): void {
  self._exparserNode.addListener('tap', (e: Loose) => {
    fn(e);
  });
}

function formOf(self: Loose): Loose {
  const form = hostOf(self).closest('wx-form');
  return form ? callerOfDom(form) : undefined;
}

function groupOf(self: Loose, tag: string): Loose {
  const group = hostOf(self).parentElement?.closest(tag);
  return group ? callerOfDom(group) : undefined;
}

/** The `itemTag` components (radios, checkboxes) that belong to this group and not to a nested one. */
function groupItems(group: Loose, itemTag: string): Loose[] {
  const host = hostOf(group);
  return Array.from(host.querySelectorAll(itemTag))
    .filter((item) => item.parentElement?.closest(`${itemTag}-group`) === host)
    .map((item) => callerOfDom(item))
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------------------

/** Containers and text. */
function defineContainers(): void {
  for (const name of [
    'view',
    'cover-view',
    'swiper-item',
    'movable-area',
    'movable-view',
    'page-container',
    'root-portal',
    'match-media',
    'share-element',
    'grid-view',
    'list-view',
    'sticky-header',
    'sticky-section',
    'keyboard-accessory',
    'page-meta',
    'navigation-bar',
    'picker-view',
    'picker-view-column',
    'functional-page-navigator',
    'official-account',
    'open-data',
    'ad',
    'ad-custom',
    'voip-room',
    'channel-live',
    'channel-video',
  ]) {
    define(name, { properties: { hoverClass: String } });
  }
  define('text', { properties: { selectable: Boolean, userSelect: Boolean, space: String, decode: Boolean } });
}

/** Things the preview only draws as a labelled box. */
function definePlaceholders(): void {
  for (const name of ['video', 'audio', 'map', 'camera', 'web-view', 'editor', 'live-player', 'live-pusher']) {
    define(
      name,
      onAttached({ properties: { src: String } }, function (this: Loose) {
        const el = hostOf(this);
        if (!el.querySelector(':scope > .wx-placeholder')) {
          const p = document.createElement('span');
          p.className = 'wx-placeholder';
          p.textContent = `<${name}> (not emulated in the preview)`;
          el.appendChild(p);
        }
      }),
    );
  }
}

/**
 * `<canvas type="2d">`: a real HTML canvas filling the host; `SelectorQuery…fields({ node: true })` answers it as the
 * node (`width`/`height`/`getContext('2d')` are what WeChat's Canvas 2D node offers), so a charting library draws
 * in the preview as on the phone. The old `canvas-id` API is not emulated: it stays a labelled placeholder.
 */
function defineCanvas(): void {
  define(
    'canvas',
    onAttached({ properties: { type: String, canvasId: String, disableScroll: Boolean } }, function (this: Loose) {
      const el = hostOf(this);
      if (el.querySelector(':scope > canvas, :scope > .wx-placeholder')) return;
      if (this.data.type === '2d') {
        el.setAttribute('type', '2d');
        el.appendChild(document.createElement('canvas'));
        return;
      }
      const p = document.createElement('span');
      p.className = 'wx-placeholder';
      p.textContent = '<canvas canvas-id> (old canvas API, not emulated in the preview; use type="2d")';
      el.appendChild(p);
    }),
  );
}

function defineImage(): void {
  const setSrc = (self: Loose): void => {
    const img = self.__img as HTMLImageElement | undefined;
    if (!img) return;
    const src = String(self.data.src ?? '');
    const url = resolveAssetUrl(src, self._exparserNode);
    if (url) {
      if (img.getAttribute('src') !== url) img.setAttribute('src', url);
    } else img.removeAttribute('src');
    hostOf(self).setAttribute('data-src', src);
  };
  define('image', {
    properties: {
      src: {
        type: String,
        value: '',
        observer(this: Loose) {
          setSrc(this);
        },
      },
      mode: reflected('mode', String, 'scaleToFill'),
      lazyLoad: Boolean,
      webp: Boolean,
      showMenuByLongpress: Boolean,
      fadeIn: Boolean,
    },
    lifetimes: {
      created(this: Loose) {
        const img = document.createElement('img');
        img.draggable = false;
        img.addEventListener('load', () =>
          this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight }),
        );
        img.addEventListener('error', () => {
          if (img.getAttribute('src')) this.triggerEvent('error', { errMsg: `GET ${img.src} failed` });
        });
        this.__img = img;
      },
      attached(this: Loose) {
        const el = hostOf(this);
        if (this.__img.parentNode !== el) el.appendChild(this.__img);
        setSrc(this);
      },
    },
  });
  define(
    'cover-image',
    onAttached({ properties: { src: String } }, function (this: Loose) {
      const img = document.createElement('img');
      img.src = resolveAssetUrl(String(this.data.src ?? ''), this._exparserNode) ?? '';
      hostOf(this).appendChild(img);
    }),
  );
}

function defineIconProgress(): void {
  const glyphs: Record<string, string> = {
    success: '✔',
    success_no_circle: '✓',
    info: 'i',
    warn: '!',
    waiting: '◷',
    cancel: '✕',
    download: '↓',
    search: '⌕',
    clear: '✕',
  };
  define('icon', {
    properties: {
      type: reflected('type', String, ''),
      size: {
        type: null,
        value: 23,
        observer(this: Loose, v: unknown) {
          hostOf(this).style.setProperty('--icon-size', typeof v === 'number' ? `${v}px` : String(v));
        },
      },
      color: {
        type: String,
        value: '',
        observer(this: Loose, v: string) {
          if (v) hostOf(this).style.setProperty('--icon-color', v);
        },
      },
    },
    observers: {
      type(this: Loose, t: string) {
        hostOf(this).setAttribute('data-glyph', glyphs[t] ?? '•');
      },
    },
  });
  const paint = (self: Loose): void => {
    const el = hostOf(self);
    if (!el) return;
    const d = self.data;
    el.style.setProperty('--percent', `${Math.max(0, Math.min(100, Number(d.percent) || 0))}%`);
    el.style.setProperty('--stroke', `${Number(d.strokeWidth) || 6}px`);
    el.style.setProperty('--active', d.activeColor || d.color || '#09BB07');
    el.style.setProperty('--track', d.backgroundColor || '#EBEBEB');
    el.setAttribute('data-info', d.showInfo ? `${Number(d.percent) || 0}%` : '');
  };
  define('progress', {
    properties: {
      percent: Number,
      showInfo: Boolean,
      strokeWidth: null,
      color: String,
      activeColor: String,
      backgroundColor: String,
      active: Boolean,
    },
    observers: {
      '**'(this: Loose) {
        paint(this);
      },
    },
    lifetimes: {
      attached(this: Loose) {
        paint(this);
      },
    },
  });
}

function defineRichText(): void {
  const build = (nodes: Loose): Node => {
    const frag = document.createDocumentFragment();
    if (typeof nodes === 'string') {
      const tpl = document.createElement('template');
      tpl.innerHTML = nodes;
      tpl.content.querySelectorAll('script,iframe,object,embed,style').forEach((n) => n.remove());
      tpl.content.querySelectorAll('*').forEach((n) => {
        for (const a of Array.from(n.attributes)) if (/^on/i.test(a.name)) n.removeAttribute(a.name);
      });
      frag.appendChild(tpl.content);
      return frag;
    }
    for (const n of Array.isArray(nodes) ? nodes : []) {
      if (n.type === 'text') frag.appendChild(document.createTextNode(String(n.text ?? '')));
      else if (n.name && /^[a-z][a-z0-9]*$/i.test(n.name) && !/^(script|iframe|style)$/i.test(n.name)) {
        const el = document.createElement(n.name);
        for (const [k, v] of Object.entries(n.attrs ?? {})) if (!/^on/i.test(k)) el.setAttribute(k, String(v));
        if (n.children) el.appendChild(build(n.children));
        frag.appendChild(el);
      }
    }
    return frag;
  };
  define('rich-text', {
    properties: {
      nodes: {
        type: null,
        value: '',
        observer(this: Loose, v: Loose) {
          const el = hostOf(this);
          if (!el) return;
          el.replaceChildren(build(v));
        },
      },
      space: String,
      userSelect: Boolean,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Form controls

function defineButton(): void {
  define(
    'button',
    onAttached(
      {
        properties: {
          size: reflected('size', String, 'default'),
          type: reflected('type', String, 'default'),
          plain: reflected('plain', Boolean, false),
          disabled: reflected('disabled', Boolean, false),
          loading: reflected('loading', Boolean, false),
          formType: reflected('form-type', String, ''),
          openType: reflected('open-type', String, ''),
          hoverClass: String,
          lang: String,
          sessionFrom: String,
          sendMessageTitle: String,
          sendMessagePath: String,
          sendMessageImg: String,
          appParameter: String,
          showMessageCard: Boolean,
          phoneNumberNoQuotaToast: Boolean,
        },
      },
      function (this: Loose) {
        defaultRole(this, 'button');
        onTap(this, () => void buttonTap(this));
      },
    ),
  );
}

async function buttonTap(self: Loose): Promise<void> {
  const d = self.data;
  if (d.disabled) return;
  if (d.formType === 'submit') formOf(self)?.__submit(self);
  if (d.formType === 'reset') formOf(self)?.__reset();
  const openType = String(d.openType || '');
  if (!openType) return;
  const sh = shell();
  switch (openType) {
    case 'getPhoneNumber':
    case 'getRealtimePhoneNumber': {
      const event = openType === 'getPhoneNumber' ? 'getphonenumber' : 'getrealtimephonenumber';
      if (!(await privacyGate(openType))) {
        self.triggerEvent(event, { errMsg: `${openType}:fail privacy permission is not authorized` });
        return;
      }
      const phone = await sh.prompt({
        title: '手机号快速验证 (preview): the phone number WeChat would hand over',
        placeholder: '13800138000',
        value: sh.person()?.phone ?? '',
        confirmText: '允许',
      });
      if (phone === null || !phone.trim()) self.triggerEvent(event, { errMsg: `${openType}:fail user deny` });
      else {
        // WeChat hands the page a one-time code (5 minutes); the local cloud issues it for the number typed.
        const issued = await postJson('/wx/phoneCode', { phone: phone.trim() });
        if (issued.status !== 200) self.triggerEvent(event, { errMsg: `${openType}:fail invalid phone` });
        else self.triggerEvent(event, { errMsg: `${openType}:ok`, code: String(issued.body.code) });
      }
      return;
    }
    case 'agreePrivacyAuthorization':
      privacyAgree(self.id || '');
      self.triggerEvent('agreeprivacyauthorization', {});
      return;
    case 'chooseAvatar': {
      const files = await chooseFiles({ accept: 'image/*', multiple: false });
      if (files.length) self.triggerEvent('chooseavatar', { avatarUrl: files[0].tempFilePath });
      return;
    }
    case 'getUserInfo':
      self.triggerEvent('getuserinfo', {
        errMsg: 'getUserInfo:ok',
        userInfo: { nickName: sh.person()?.name ?? '微信用户', avatarUrl: '' },
      });
      return;
    case 'openSetting':
      self.triggerEvent('opensetting', { errMsg: 'openSetting:ok', authSetting: {} });
      return;
    case 'contact':
      sh.toast({ title: '客服会话 (preview)', icon: 'none' });
      self.triggerEvent('contact', { errMsg: 'enterContact:ok', path: '', query: {} });
      return;
    case 'share':
      sh.toast({ title: '转发 (preview)', icon: 'none' });
      return;
    case 'feedback':
      sh.toast({ title: '意见反馈 (preview)', icon: 'none' });
      return;
    default:
      sh.log('warn', `button open-type="${openType}" is not emulated`);
  }
}

/** Shared by input and textarea: the native control inside the host. */
function textControl(kind: 'input' | 'textarea'): Def {
  const apply = (self: Loose): void => {
    const el = self.__el as HTMLInputElement | HTMLTextAreaElement | undefined;
    if (!el) return;
    const d = self.data;
    if (el instanceof HTMLInputElement) {
      el.type = d.password || d.type === 'safe-password' ? 'password' : 'text';
      el.inputMode =
        d.type === 'number' ? 'numeric' : d.type === 'digit' ? 'decimal' : d.type === 'idcard' ? 'text' : '';
      el.enterKeyHint = d.confirmType || 'done';
    }
    el.placeholder = d.placeholder ?? '';
    el.disabled = !!d.disabled;
    const max = Number(d.maxlength);
    if (Number.isFinite(max) && max >= 0) el.maxLength = max;
    else el.removeAttribute('maxlength');
    if (d.name) el.name = d.name;
    if (d.ariaLabel) el.setAttribute('aria-label', d.ariaLabel);
    else if (d.placeholder && !el.getAttribute('aria-label')) el.setAttribute('aria-label', d.placeholder);
    const v = d.value === undefined || d.value === null ? '' : String(d.value);
    if (self.__lastProp !== v) {
      self.__lastProp = v;
      if (el.value !== v) el.value = v;
    }
    if (d.focus && document.activeElement !== el && el.isConnected) el.focus();
    reflect(self, 'disabled', !!d.disabled);
    if (kind === 'textarea' && d.autoHeight) {
      el.style.height = 'auto';
      el.style.height = `${el.scrollHeight}px`;
    }
  };
  return {
    properties: {
      value: null,
      type: { type: String, value: 'text' },
      password: Boolean,
      placeholder: String,
      placeholderClass: String,
      placeholderStyle: String,
      disabled: Boolean,
      maxlength: { type: Number, value: 140 },
      focus: Boolean,
      autoFocus: Boolean,
      autoHeight: reflected('auto-height', Boolean, false),
      confirmType: String,
      confirmHold: Boolean,
      cursorSpacing: null,
      cursor: Number,
      selectionStart: Number,
      selectionEnd: Number,
      adjustPosition: Boolean,
      holdKeyboard: Boolean,
      alwaysEmbed: Boolean,
      showConfirmBar: Boolean,
      fixed: Boolean,
      disableDefaultPadding: Boolean,
      name: String,
      // the label belongs to the native control inside (one accessible textbox, not two)
      ariaLabel: String,
    },
    behaviors: ['wx://form-field'],
    observers: {
      '**'(this: Loose) {
        apply(this);
      },
    },
    methods: {
      __formValue(this: Loose) {
        return this.__el ? this.__el.value : String(this.data.value ?? '');
      },
      __formReset(this: Loose) {
        if (this.__el) this.__el.value = '';
      },
    },
    lifetimes: {
      created(this: Loose) {
        const el = document.createElement(kind);
        el.className = `wx-${kind}-native`;
        el.addEventListener('input', (ev) => {
          const ie = ev as InputEvent;
          this.triggerEvent('input', {
            value: el.value,
            cursor: el.selectionStart ?? el.value.length,
            keyCode: ie.data ? ie.data.charCodeAt(ie.data.length - 1) : 8,
          });
          if (kind === 'textarea' && this.data.autoHeight) {
            el.style.height = 'auto';
            el.style.height = `${el.scrollHeight}px`;
          }
        });
        el.addEventListener('focus', () => this.triggerEvent('focus', { value: el.value, height: 0 }));
        el.addEventListener('blur', () =>
          this.triggerEvent('blur', { value: el.value, cursor: el.selectionStart ?? el.value.length }),
        );
        el.addEventListener('keydown', (e) => {
          const ev = e as KeyboardEvent;
          if (ev.key === 'Enter' && (kind === 'input' || (ev.ctrlKey && kind === 'textarea'))) {
            this.triggerEvent('confirm', { value: el.value });
          }
        });
        this.__el = el;
      },
      attached(this: Loose) {
        const host = hostOf(this);
        if (this.__el.parentNode !== host) host.appendChild(this.__el);
        apply(this);
      },
    },
  };
}

function defineForm(): void {
  define('form', {
    properties: { reportSubmit: Boolean, reportSubmitTimeout: Number },
    methods: {
      __fields(this: Loose): { name: string; caller: Loose }[] {
        const out: { name: string; caller: Loose }[] = [];
        const host = hostOf(this);
        host.querySelectorAll('*').forEach((el) => {
          if (el.closest('wx-form') !== host) return;
          const c = callerOfDom(el);
          if (!c || !c.data || !c.data.name) return;
          if (typeof c.__formValue === 'function' || ('value' in c.data && c.data.name))
            out.push({ name: c.data.name, caller: c });
        });
        return out;
      },
      __submit(this: Loose, button?: Loose) {
        const value: Record<string, unknown> = {};
        for (const f of this.__fields()) {
          value[f.name] = typeof f.caller.__formValue === 'function' ? f.caller.__formValue() : f.caller.data.value;
        }
        this.triggerEvent('submit', {
          value,
          formId: this.data.reportSubmit ? `preview-form-${Date.now()}` : '',
          target: button ? { id: button.id ?? '', dataset: button._exparserNode?.dataset ?? {} } : {},
        });
      },
      __reset(this: Loose) {
        for (const f of this.__fields()) f.caller.__formReset?.();
        this.triggerEvent('reset', {});
      },
    },
  });
}

function defineChoices(): void {
  // radio / radio-group
  define(
    'radio',
    onAttached(
      {
        properties: {
          value: String,
          checked: reflected('checked', Boolean, false),
          disabled: reflected('disabled', Boolean, false),
          color: String,
        },
        methods: {
          __activate(this: Loose) {
            if (this.data.disabled) return;
            const group = groupOf(this, 'wx-radio-group');
            if (group) group.__select(this);
            else if (!this.data.checked) this.setData({ checked: true });
          },
        },
      },
      function (this: Loose) {
        defaultRole(this, 'radio');
        onTap(this, () => this.__activate());
      },
    ),
  );
  define('radio-group', {
    properties: { name: String },
    behaviors: ['wx://form-field'],
    methods: {
      __items(this: Loose): Loose[] {
        return groupItems(this, 'wx-radio');
      },
      __select(this: Loose, radio: Loose) {
        for (const r of this.__items()) if (r !== radio && r.data.checked) r.setData({ checked: false });
        const changed = !radio.data.checked;
        radio.setData({ checked: true });
        if (changed) this.triggerEvent('change', { value: radio.data.value });
      },
      __formValue(this: Loose) {
        const on = this.__items().find((r: Loose) => r.data.checked);
        return on ? on.data.value : '';
      },
      __formReset(this: Loose) {
        for (const r of this.__items()) r.setData({ checked: false });
      },
    },
  });
  // checkbox / checkbox-group
  define(
    'checkbox',
    onAttached(
      {
        properties: {
          value: String,
          checked: reflected('checked', Boolean, false),
          disabled: reflected('disabled', Boolean, false),
          color: String,
        },
        methods: {
          __activate(this: Loose) {
            if (this.data.disabled) return;
            this.setData({ checked: !this.data.checked });
            groupOf(this, 'wx-checkbox-group')?.__changed();
          },
        },
      },
      function (this: Loose) {
        defaultRole(this, 'checkbox');
        onTap(this, () => this.__activate());
      },
    ),
  );
  define('checkbox-group', {
    properties: { name: String },
    behaviors: ['wx://form-field'],
    methods: {
      __items(this: Loose): Loose[] {
        return groupItems(this, 'wx-checkbox');
      },
      __formValue(this: Loose) {
        return this.__items()
          .filter((c: Loose) => c.data.checked)
          .map((c: Loose) => c.data.value);
      },
      __changed(this: Loose) {
        this.triggerEvent('change', { value: this.__formValue() });
      },
      __formReset(this: Loose) {
        for (const c of this.__items()) c.setData({ checked: false });
      },
    },
  });
  // switch
  define(
    'switch',
    onAttached(
      {
        properties: {
          checked: reflected('checked', Boolean, false),
          disabled: reflected('disabled', Boolean, false),
          type: reflected('type', String, 'switch'),
          color: String,
          name: String,
        },
        behaviors: ['wx://form-field'],
        methods: {
          __activate(this: Loose) {
            if (this.data.disabled) return;
            const value = !this.data.checked;
            this.setData({ checked: value });
            this.triggerEvent('change', { value });
          },
          __formValue(this: Loose) {
            return !!this.data.checked;
          },
          __formReset(this: Loose) {
            this.setData({ checked: false });
          },
        },
      },
      function (this: Loose) {
        defaultRole(this, 'switch');
        onTap(this, () => this.__activate());
      },
    ),
  );
  // label: a tap activates the control it is for (or the first one inside it)
  define(
    'label',
    onAttached({ properties: { for: String } }, function (this: Loose) {
      onTap(this, () => {
        const host = hostOf(this);
        const target = this.data.for
          ? document.getElementById(this.data.for)
          : host.querySelector('wx-checkbox, wx-radio, wx-switch, wx-button, wx-input, wx-textarea');
        if (!target || (tapTarget && target.contains(tapTarget))) return;
        const c = callerOfDom(target);
        if (c?.__activate) c.__activate();
        else if (target.tagName === 'WX-BUTTON' && c) void buttonTap(c);
        else (target.querySelector('input,textarea') as HTMLElement | null)?.focus();
      });
    }),
  );
  // slider
  define('slider', {
    properties: {
      min: { type: Number, value: 0 },
      max: { type: Number, value: 100 },
      step: { type: Number, value: 1 },
      value: { type: Number, value: 0 },
      disabled: Boolean,
      showValue: Boolean,
      activeColor: String,
      name: String,
    },
    behaviors: ['wx://form-field'],
    observers: {
      '**'(this: Loose) {
        const el = this.__el as HTMLInputElement | undefined;
        if (!el) return;
        el.min = String(this.data.min);
        el.max = String(this.data.max);
        el.step = String(this.data.step);
        el.value = String(this.data.value);
        el.disabled = !!this.data.disabled;
      },
    },
    methods: {
      __formValue(this: Loose) {
        return Number(this.__el?.value ?? this.data.value);
      },
    },
    lifetimes: {
      created(this: Loose) {
        const el = document.createElement('input');
        el.type = 'range';
        el.addEventListener('input', () => this.triggerEvent('changing', { value: Number(el.value) }));
        el.addEventListener('change', () => this.triggerEvent('change', { value: Number(el.value) }));
        this.__el = el;
      },
      attached(this: Loose) {
        hostOf(this).appendChild(this.__el);
        this.__el.min = String(this.data.min);
        this.__el.max = String(this.data.max);
        this.__el.value = String(this.data.value);
      },
    },
  });
}

function definePicker(): void {
  const labels = (range: Loose, key: string): string[] =>
    (Array.isArray(range) ? range : []).map((x: Loose) =>
      x !== null && typeof x === 'object' ? String(key ? x[key] : JSON.stringify(x)) : String(x),
    );
  define(
    'picker',
    onAttached(
      {
        properties: {
          mode: reflected('mode', String, 'selector'),
          range: { type: Array, value: [] },
          rangeKey: String,
          value: null,
          start: String,
          end: String,
          fields: String,
          disabled: reflected('disabled', Boolean, false),
          headerText: String,
          customItem: String,
          name: String,
        },
        behaviors: ['wx://form-field'],
        observers: {
          value(this: Loose, v: unknown) {
            this.__value = v;
          },
        },
        methods: {
          __formValue(this: Loose) {
            const v = this.__value ?? this.data.value;
            if (this.data.mode === 'selector' || !this.data.mode)
              return v === undefined || v === null || v === '' ? null : Number(v);
            return v;
          },
          __formReset(this: Loose) {
            this.__value = undefined;
          },
          async __activate(this: Loose) {
            const d = this.data;
            if (d.disabled) return;
            const mode = (d.mode || 'selector') as 'selector' | 'multiSelector' | 'date' | 'time' | 'region';
            const range =
              mode === 'multiSelector'
                ? (Array.isArray(d.range) ? d.range : []).map((col: Loose) => labels(col, d.rangeKey))
                : labels(d.range, d.rangeKey);
            const result = await shell().picker({
              mode,
              range,
              value: this.__value ?? d.value,
              start: d.start,
              end: d.end,
              fields: d.fields,
              headerText: d.headerText,
            });
            if (!result) {
              this.triggerEvent('cancel', {});
              return;
            }
            this.__value = result.value;
            this.triggerEvent('change', { value: result.value });
          },
        },
      },
      function (this: Loose) {
        onTap(this, () => void this.__activate());
      },
    ),
  );
}

function defineNavigator(): void {
  define(
    'navigator',
    onAttached(
      {
        properties: {
          url: String,
          openType: { type: String, value: 'navigate' },
          delta: { type: Number, value: 1 },
          target: String,
          hoverClass: String,
          appId: String,
          path: String,
        },
      },
      function (this: Loose) {
        defaultRole(this, 'link');
        onTap(this, () => {
          const d = this.data;
          if (d.target === 'miniProgram') {
            shell().toast({ title: `打开小程序 ${d.appId} (preview)`, icon: 'none' });
            return;
          }
          navigateByType(String(d.openType || 'navigate'), String(d.url || ''), Number(d.delta) || 1);
        });
      },
    ),
  );
}

function defineScrolling(): void {
  const scrollInfo = (el: HTMLElement, prev: { top: number; left: number }): Def => ({
    scrollTop: el.scrollTop,
    scrollLeft: el.scrollLeft,
    scrollHeight: el.scrollHeight,
    scrollWidth: el.scrollWidth,
    deltaX: el.scrollLeft - prev.left,
    deltaY: el.scrollTop - prev.top,
  });
  define('scroll-view', {
    properties: {
      scrollX: reflected('scroll-x', Boolean, false),
      scrollY: reflected('scroll-y', Boolean, false),
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: {
        type: null,
        observer(this: Loose, v: unknown) {
          if (v !== undefined && v !== null && v !== '') hostOf(this).scrollTop = Number(v);
        },
      },
      scrollLeft: {
        type: null,
        observer(this: Loose, v: unknown) {
          if (v !== undefined && v !== null && v !== '') hostOf(this).scrollLeft = Number(v);
        },
      },
      scrollIntoView: {
        type: String,
        observer(this: Loose, id: string) {
          if (!id) return;
          setTimeout(
            () =>
              hostOf(this)
                .querySelector(`#${CSS.escape(id)}`)
                ?.scrollIntoView({ block: 'start' }),
            0,
          );
        },
      },
      scrollWithAnimation: Boolean,
      enableFlex: reflected('enable-flex', Boolean, false),
      enhanced: Boolean,
      showScrollbar: Boolean,
      refresherEnabled: Boolean,
      refresherTriggered: Boolean,
      enableBackToTop: Boolean,
      type: String,
    },
    lifetimes: {
      attached(this: Loose) {
        const el = hostOf(this);
        const prev = { top: el.scrollTop, left: el.scrollLeft };
        let atLower = false;
        let atUpper = true;
        el.addEventListener('scroll', () => {
          const info = scrollInfo(el, prev);
          prev.top = el.scrollTop;
          prev.left = el.scrollLeft;
          this.triggerEvent('scroll', info);
          const vertical = !!this.data.scrollY;
          const pos = vertical ? el.scrollTop : el.scrollLeft;
          const size = vertical ? el.scrollHeight - el.clientHeight : el.scrollWidth - el.clientWidth;
          const lower = size - pos <= Number(this.data.lowerThreshold);
          const upper = pos <= Number(this.data.upperThreshold);
          if (lower && !atLower) this.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
          if (upper && !atUpper) this.triggerEvent('scrolltoupper', { direction: vertical ? 'top' : 'left' });
          atLower = lower;
          atUpper = upper;
        });
      },
    },
  });
  define('swiper', {
    properties: {
      current: {
        type: Number,
        value: 0,
        observer(this: Loose, v: number) {
          const el = hostOf(this);
          if (el && el.clientWidth) el.scrollTo({ left: v * el.clientWidth });
        },
      },
      indicatorDots: reflected('indicator-dots', Boolean, false),
      autoplay: Boolean,
      interval: Number,
      duration: Number,
      circular: Boolean,
      vertical: reflected('vertical', Boolean, false),
      previousMargin: String,
      nextMargin: String,
      displayMultipleItems: Number,
      indicatorColor: String,
      indicatorActiveColor: String,
    },
    lifetimes: {
      attached(this: Loose) {
        const el = hostOf(this);
        let timer: ReturnType<typeof setTimeout> | undefined;
        el.addEventListener('scroll', () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            const current = el.clientWidth ? Math.round(el.scrollLeft / el.clientWidth) : 0;
            this.triggerEvent('change', { current, source: 'touch', currentItemId: '' });
          }, 120);
        });
      },
    },
  });
}

/** Register every built-in component (once, before any page or component). */
export function registerBuiltins(): void {
  defineContainers();
  definePlaceholders();
  defineCanvas();
  defineImage();
  defineIconProgress();
  defineRichText();
  defineButton();
  define('input', textControl('input'));
  define('textarea', textControl('textarea'));
  defineForm();
  defineChoices();
  definePicker();
  defineNavigator();
  defineScrolling();
  void exparser;
}
