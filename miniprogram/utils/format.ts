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
