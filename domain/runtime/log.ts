/**
 * Logging that never carries personal data: every line is passed through {@link redact}, which
 * masks anything shaped like a citizen ID, a mobile number or a bank-card number.
 */

const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CARD_NUMBER = /(?<!\d)\d{15,19}(?!\d)/g;
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Replace ID, card and phone numbers with a fixed marker. */
export function redact(text: string): string {
  return text.replace(ID_NUMBER, '[id]').replace(CARD_NUMBER, '[card]').replace(PHONE, '[phone]');
}

function render(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export interface Logger {
  info(message: string, meta?: unknown): void;
  warn(message: string, meta?: unknown): void;
  error(message: string, meta?: unknown): void;
}

/** A logger whose output is redacted; `scope` names the function or module. */
export function createLogger(scope: string): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, meta?: unknown) => {
    const line = redact(`[${scope}] ${message}${meta === undefined ? '' : ' ' + render(meta)}`);
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.log(line);
  };
  return {
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
