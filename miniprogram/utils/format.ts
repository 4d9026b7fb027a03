/** Formatting for people: China time, plain dates, money from integer fen. */

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO time → `2026-11-30 18:31` in China time (UTC+8), whatever the phone's zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const CHINA_MS = 8 * 3600_000;

/** An ISO time or a calendar date (`2026-12-08`, read as that day in China) → the China-time parts, or null. */
function chinaParts(value: string | null | undefined) {
  if (!value) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+08:00`) : Date.parse(value);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + CHINA_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: WEEKDAYS[d.getUTCDay()],
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
  };
}

/**
 * A day as people say it: `12月8日（周二）`, with the year in front when it is not this year
 * (`2027年1月5日（周二）`). Takes an ISO time or a `YYYY-MM-DD` date; China time.
 */
export function formatDay(value: string | null | undefined, now: number = Date.now()): string {
  const p = chinaParts(value);
  if (!p) return '';
  const thisYear = new Date(now + CHINA_MS).getUTCFullYear();
  return `${p.year === thisYear ? '' : `${p.year}年`}${p.month}月${p.day}日（${p.weekday}）`;
}

/**
 * A deadline: `12月8日（周二）前`. Deadlines at midnight (the end of a working day) read as the day,
 * without `00:00`; any other time keeps it: `12月3日（周四）17:00 前`.
 */
export function formatDeadline(iso: string | null | undefined, now: number = Date.now()): string {
  const p = chinaParts(iso);
  if (!p) return '';
  const day = formatDay(iso, now);
  return p.hours === 0 && p.minutes === 0 ? `${day}前` : `${day}${pad(p.hours)}:${pad(p.minutes)} 前`;
}

/** A span of days: `12月7日（周一）至 12月14日（周一）`. */
export function formatDays(from: string | null | undefined, to: string | null | undefined, now = Date.now()): string {
  return `${formatDay(from, now)}至 ${formatDay(to, now)}`;
}

/** ISO time → `2026-11-30` (China time). */
export function formatDate(iso: string | null | undefined): string {
  return formatTime(iso).slice(0, 10);
}

/** Integer fen → `1,234.50` (integer arithmetic only). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${pad(abs % 100)}`;
}

/** What a person typed as yuan (`1234`, `1234.5`, `1,234.56`) → integer fen, or null if not money. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[,，\s]/g, '').replace(/元$/, '');
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Minutes → `3 小时 5 分钟` / `2 天`. */
export function formatWait(minutes: number | null): string {
  if (minutes === null) return '';
  if (minutes < 60) return `${minutes} 分钟`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} 小时`;
  return `${Math.floor(minutes / 1440)} 天`;
}
