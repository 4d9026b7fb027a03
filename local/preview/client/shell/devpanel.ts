/**
 * The developer panel beside the phone: collections and their documents as stored (`/dev/collections`), recent
 * function invocations (`/dev/invocations`), functions and their timer triggers (`/dev/functions`, fired with
 * `POST /dev/timers/:fn/:trigger`), the local clock (`/dev/clock`: advance the functions' time by days, e.g. past a
 * notice period), the selected person's subscribe messages (`/dev/outbox?openid=`), and a console.
 */
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

function cell(tr: HTMLTableRowElement, text: string, cls = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString('en-GB', { hour12: false });
}

// --- console ---

let consoleCount = 0;
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  const li = document.createElement('li');
  li.className = level;
  li.textContent = `${new Date().toLocaleTimeString('en-GB', { hour12: false })} ${level.toUpperCase()} ${message}`;
  $('console').prepend(li);
  consoleCount += 1;
  $('console-count').textContent = String(consoleCount);
  if (level === 'error') console.error(message);
}

// --- outbox ---

interface OutboxEntry {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value?: unknown }> | unknown;
  sentAt: string;
  from?: string;
}

export async function refreshOutbox(openid: string): Promise<void> {
  const list = $('outbox');
  if (!openid) {
    list.replaceChildren();
    $('outbox-count').textContent = '0';
    return;
  }
  try {
    const { messages } = await getJson<{ messages: OutboxEntry[] }>(`/dev/outbox?openid=${encodeURIComponent(openid)}`);
    $('outbox-count').textContent = String(messages.length);
    list.replaceChildren(
      ...messages
        .slice()
        .reverse()
        .map((m) => {
          const li = document.createElement('li');
          const head = document.createElement('div');
          head.className = 'o-head';
          head.textContent = `${time(m.sentAt)} · ${m.templateId}${m.from ? ` · from ${m.from}` : ''}`;
          const dl = document.createElement('dl');
          const data = (m.data ?? {}) as Record<string, { value?: unknown }>;
          for (const [k, v] of Object.entries(data)) {
            const dt = document.createElement('dt');
            dt.textContent = k;
            const dd = document.createElement('dd');
            dd.textContent = String(v && typeof v === 'object' && 'value' in v ? v.value : JSON.stringify(v));
            dl.append(dt, dd);
          }
          if (m.page) {
            const dt = document.createElement('dt');
            dt.textContent = 'page';
            const dd = document.createElement('dd');
            dd.textContent = m.page;
            dl.append(dt, dd);
          }
          li.append(head, dl);
          return li;
        }),
    );
  } catch {
    // the cloud may be restarting
  }
}

// --- data ---

let currentCollection = '';

async function loadCollections(): Promise<void> {
  const { collections } = await getJson<{ collections: (string | { name: string })[] }>('/dev/collections');
  const names = collections.map((c) => (typeof c === 'string' ? c : c.name)).sort();
  const ul = $('collections');
  ul.replaceChildren(
    ...names.map((name) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = name;
      b.dataset.name = name;
      b.setAttribute('aria-current', String(name === currentCollection));
      b.addEventListener('click', () => void openCollection(name));
      li.appendChild(b);
      return li;
    }),
  );
}

async function openCollection(name: string): Promise<void> {
  currentCollection = name;
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('#collections button'))) {
    b.setAttribute('aria-current', String(b.dataset.name === name));
  }
  $('collection-name').textContent = name;
  const { documents } = await getJson<{ documents: Record<string, unknown>[] }>(
    `/dev/collections/${encodeURIComponent(name)}?limit=100`,
  );
  const box = $('documents');
  if (!documents.length) {
    box.textContent = 'No documents.';
    return;
  }
  box.replaceChildren(
    ...documents.map((doc, i) => {
      const d = document.createElement('details');
      d.className = 'doc';
      if (i < 3) d.open = true;
      const s = document.createElement('summary');
      const preview = Object.entries(doc)
        .filter(([k]) => k !== '_id')
        .slice(0, 4)
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('  ');
      s.textContent = `${String(doc._id ?? i)}  ${preview}`;
      const pre = document.createElement('pre');
      pre.className = 'json';
      pre.textContent = JSON.stringify(doc, null, 2);
      d.append(s, pre);
      return d;
    }),
  );
}

// --- functions & timers ---

interface Invocation {
  name: string;
  durationMs: number;
  code: string;
  at: string;
}
interface FunctionInfo {
  name: string;
  timeoutMs: number;
  memoryMb: number;
  openapi: string[];
  triggers: { name: string; type: string; config: string }[];
  instances: number;
}

async function loadInvocations(): Promise<void> {
  const { invocations } = await getJson<{ invocations: Invocation[] }>('/dev/invocations');
  const body = $('invocations');
  body.replaceChildren(
    ...invocations
      .slice()
      .reverse()
      .map((inv) => {
        const tr = document.createElement('tr');
        cell(tr, time(inv.at));
        cell(tr, inv.name);
        cell(tr, `${inv.durationMs} ms`, 'num');
        const ok = /^(ok|success|0)$/i.test(inv.code);
        cell(tr, inv.code, ok ? 'code-ok' : 'code-err');
        return tr;
      }),
  );
}

async function loadFunctions(): Promise<void> {
  const { functions } = await getJson<{ functions: FunctionInfo[] }>('/dev/functions');
  $('functions').replaceChildren(
    ...functions.map((f) => {
      const tr = document.createElement('tr');
      cell(tr, f.name);
      cell(tr, `${Math.round(f.timeoutMs / 1000)} s`, 'num');
      cell(tr, `${f.memoryMb} MB`, 'num');
      cell(tr, String(f.instances), 'num');
      cell(tr, (f.openapi ?? []).join(', '));
      return tr;
    }),
  );
  const rows: HTMLTableRowElement[] = [];
  for (const f of functions) {
    for (const t of f.triggers ?? []) {
      if (t.type !== 'timer') continue;
      const tr = document.createElement('tr');
      cell(tr, f.name);
      cell(tr, t.name);
      cell(tr, t.config);
      const td = cell(tr, '');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Fire now';
      b.setAttribute('aria-label', `Fire ${f.name}/${t.name}`);
      b.addEventListener('click', async () => {
        b.disabled = true;
        try {
          const res = await fetch(`/dev/timers/${encodeURIComponent(f.name)}/${encodeURIComponent(t.name)}`, {
            method: 'POST',
          });
          $('timer-result').textContent =
            `${f.name}/${t.name} → ${res.status}\n${JSON.stringify(await res.json(), null, 2)}`;
        } finally {
          b.disabled = false;
        }
      });
      td.appendChild(b);
      rows.push(tr);
    }
  }
  const timers = $('timers');
  if (rows.length) timers.replaceChildren(...rows);
  else {
    const tr = document.createElement('tr');
    cell(tr, 'No timer triggers are configured.', 'muted').colSpan = 4;
    timers.replaceChildren(tr);
  }
}

// --- clock ---

interface ClockState {
  offsetMs: number;
  offsetDays: number;
  now: string;
}

/** The functions' time as the panel shows it: China time, and how far it is moved ahead. */
function showClock(c: ClockState): void {
  const china = new Date(Date.parse(c.now) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  $('clock-now').textContent = c.offsetMs
    ? `${china} (China time), ${c.offsetDays} days ahead`
    : `${china} (China time), the host's time`;
}

async function loadClock(): Promise<void> {
  showClock(await getJson<ClockState>('/dev/clock'));
}

async function setClock(body: { advanceDays: number } | { reset: true }): Promise<void> {
  const res = await fetch('/dev/clock', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as ClockState & { error?: string };
  if (!res.ok) {
    log('warn', `clock: ${answer.error ?? res.status}`);
    return;
  }
  showClock(answer);
  log('info', `clock: now ${$('clock-now').textContent}`);
}

export function initDevPanel(openid: () => string): void {
  let active = 'data';
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('.tabs button'));
  const refresh = (): void => {
    const swallow = (): undefined => undefined;
    if (active === 'data') void loadCollections().catch(swallow);
    if (active === 'functions') {
      void loadInvocations().catch(swallow);
      void loadFunctions().catch(swallow);
    }
    if (active === 'timers') {
      void loadFunctions().catch(swallow);
      void loadClock().catch(swallow);
    }
  };
  for (const t of tabs) {
    t.addEventListener('click', () => {
      active = t.dataset.tab ?? 'data';
      for (const x of tabs) x.setAttribute('aria-selected', String(x === t));
      for (const name of ['data', 'functions', 'timers', 'console']) $(`tab-${name}`).hidden = name !== active;
      refresh();
    });
  }
  $('collection-refresh').addEventListener('click', () => {
    void loadCollections();
    if (currentCollection) void openCollection(currentCollection);
  });
  $('clock-advance').addEventListener('click', () => {
    void setClock({ advanceDays: Number($<HTMLInputElement>('clock-days').value) });
  });
  $('clock-reset').addEventListener('click', () => void setClock({ reset: true }));
  $('console-clear').addEventListener('click', () => {
    $('console').replaceChildren();
    consoleCount = 0;
    $('console-count').textContent = '0';
  });
  refresh();
  setInterval(() => {
    if (document.hidden) return;
    if (active === 'functions') void loadInvocations().catch(() => undefined);
    void refreshOutbox(openid());
  }, 2000);
}
