/**
 * The preview's shell (the top document): person switcher, the phone frame with WeChat's native chrome around
 * the web view (status bar, navigation bar, tab bar, overlays), the selected person's subscribe messages, and a
 * developer panel in the spirit of the Firebase Emulator UI (collections and documents as stored, recent function
 * invocations, timer triggers fired by hand, a console).
 *
 * URL parameters: `?as=<openid>` picks the person, `&url=/pages/x/index?a=1` the page to start on, `&live=0` turns
 * off reloading when a source file changes.
 */
import type { NavState, Person, RuntimeApi, ShellApi, TabBarState } from '../bridge';
import * as overlays from './overlays';
import { initDevPanel, log, refreshOutbox } from './devpanel';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let people: Person[] = [];

const ROLE_LABELS: Record<string, string> = {
  migrant: '农民工 (migrant workers)',
  worker: '职工 (workers)',
  hardship: '困难职工 (hardship workers)',
  village_collector: '村信息采集员 (village collectors)',
  town_staff: '乡镇工作员 (town staff)',
  city_admin: '市总工会 (city administrators)',
};
/** Who the preview acts as when nobody was chosen yet: the migrant worker the platform is mainly for. */
const START_AS = 'demo-migrant-1';
/** The switcher lists the people first, then staff from the village up. */
const ROLE_ORDER = Object.keys(ROLE_LABELS);
let current: Person | null = null;
let runtime: RuntimeApi | null = null;

function personKey(p: Person): string {
  return p.openid;
}

async function loadPeople(): Promise<void> {
  try {
    const res = await fetch('/dev/people');
    people = ((await res.json()) as { people: Person[] }).people ?? [];
  } catch {
    people = [];
  }
  const select = $<HTMLSelectElement>('person');
  select.replaceChildren();
  const none = document.createElement('option');
  none.value = '';
  none.textContent = people.length ? '— nobody (no openid) —' : '— no demo people (seed the cloud) —';
  select.appendChild(none);
  const groups = new Map<string, HTMLOptGroupElement>();
  const rank = (p: Person) => (ROLE_ORDER.indexOf(p.role) + ROLE_ORDER.length + 1) % (ROLE_ORDER.length + 1);
  for (const p of [...people].sort((a, b) => rank(a) - rank(b))) {
    let group = groups.get(p.role);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = ROLE_LABELS[p.role] ?? p.role;
      groups.set(p.role, group);
      select.appendChild(group);
    }
    const o = document.createElement('option');
    o.value = personKey(p);
    o.textContent = `${p.name} · ${p.label ?? p.role}`;
    group.appendChild(o);
  }
  const params = new URLSearchParams(location.search);
  const wanted =
    params.get('as') ??
    localStorage.getItem('preview.openid') ??
    (people.find((p) => p.openid === START_AS) ?? people[0])?.openid ??
    '';
  current = people.find((p) => p.openid === wanted) ?? null;
  select.value = current ? personKey(current) : '';
  select.addEventListener('change', () => {
    current = people.find((p) => personKey(p) === select.value) ?? null;
    localStorage.setItem('preview.openid', current?.openid ?? '');
    const u = new URL(location.href);
    u.searchParams.delete('url');
    if (current) u.searchParams.set('as', current.openid);
    else u.searchParams.delete('as');
    history.replaceState(null, '', u);
    showPerson();
    restart();
  });
  showPerson();
}

function showPerson(): void {
  $('person-role').textContent = current
    ? `${current.role}${current.gridNodeId ? ` @ ${current.gridNodeId}` : ''}`
    : '';
  void refreshOutbox(current?.openid ?? '');
}

/** (Re)start the mini-program in the web view, as the current person. */
function restart(url?: string): void {
  runtime = null;
  const iframe = $<HTMLIFrameElement>('webview');
  const start = url ?? new URLSearchParams(location.search).get('url') ?? '';
  iframe.src = `/preview/webview.html${start ? `?url=${encodeURIComponent(start)}` : ''}`;
  $('overlay').replaceChildren();
}

function setNav(s: NavState): void {
  const phone = $('phone');
  phone.style.setProperty('--nav-bg', s.custom ? '#fff' : s.backgroundColor);
  phone.style.setProperty('--nav-fg', s.frontColor === 'white' ? '#fff' : '#000');
  $('navbar').classList.toggle('custom', s.custom);
  $('nav-title').textContent = s.title;
  $('nav-back').hidden = !s.canGoBack;
  $('nav-loading').hidden = !s.loading;
  $('nav-refresh').hidden = !s.pullDownRefresh;
}

function setTabBar(s: TabBarState): void {
  const bar = $('tabbar');
  const visible = s.selected >= 0 && !s.hidden && s.list.length > 0;
  bar.hidden = !visible;
  $('phone').classList.toggle('no-tabbar', !visible);
  if (!visible) return;
  bar.style.setProperty('--tab-bg', s.backgroundColor ?? '#fff');
  bar.style.setProperty('--tab-color', s.color ?? '#7a7e83');
  bar.style.setProperty('--tab-selected', s.selectedColor ?? '#07c160');
  bar.replaceChildren();
  bar.setAttribute('role', 'tablist');
  s.list.forEach((item, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tab-item';
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(i === s.selected));
    const icon = i === s.selected ? item.selectedIconPath || item.iconPath : item.iconPath;
    if (icon) {
      const img = document.createElement('img');
      img.src = `/${icon.replace(/^\//, '')}`;
      img.alt = '';
      b.appendChild(img);
    }
    const label = document.createElement('span');
    label.textContent = item.text;
    b.appendChild(label);
    if (s.badges[i] !== undefined) {
      const dot = document.createElement('span');
      dot.className = 'tab-dot';
      dot.textContent = s.badges[i];
      b.appendChild(dot);
    }
    b.addEventListener('click', () => runtime?.switchTab(item.pagePath));
    bar.appendChild(b);
  });
}

const shellApi: ShellApi = {
  person: () => current,
  setNav,
  setTabBar,
  toast: overlays.toast,
  hideToast: overlays.hideToast,
  loading: overlays.loading,
  hideLoading: overlays.hideLoading,
  modal: overlays.modal,
  actionSheet: overlays.actionSheet,
  picker: overlays.picker,
  prompt: overlays.prompt,
  previewImage: overlays.previewImage,
  log,
  runtimeReady(api) {
    runtime = api;
  },
  routeChanged(_route, stack, url) {
    $('route').textContent = stack.map((r) => `/${r}`).join(' › ');
    const u = new URL(location.href);
    u.searchParams.set('url', url);
    history.replaceState(null, '', u);
    void refreshOutbox(current?.openid ?? '');
  },
};
(window as unknown as { __previewShell: ShellApi }).__previewShell = shellApi;

async function main(): Promise<void> {
  $('nav-back').addEventListener('click', () => runtime?.navigateBack());
  $('nav-refresh').addEventListener('click', () => runtime?.pullDownRefresh());
  $('reload').addEventListener('click', () => {
    const u = new URL(location.href);
    u.searchParams.delete('url');
    history.replaceState(null, '', u);
    restart('');
  });
  initDevPanel(() => current?.openid ?? '');
  await loadPeople();
  restart();
  if (new URLSearchParams(location.search).get('live') !== '0') void liveReload();
}

/** Reload (same person, same page) when a source file changes; `?live=0` turns it off (the e2e tests do). */
async function liveReload(): Promise<void> {
  let known = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (document.hidden) continue;
    try {
      const { version } = (await (await fetch('/preview/version', { cache: 'no-store' })).json()) as {
        version: string;
      };
      if (known && version !== known) {
        location.reload();
        return;
      }
      known = version;
    } catch {
      // the local cloud is restarting
    }
  }
}

void main();
