/**
 * What WeChat checks when `subscribeMessage.send` is called, for the local cloud:
 * - the template must exist in the console (else 40037);
 * - every field of the template must be present and its value must follow the field type's rule, read from
 *   the key's prefix as WeChat does (`thing1`, `phrase2`…); otherwise 47003 naming the field;
 * - the person must hold a one-time subscription to the template (accepted in `wx.requestSubscribeMessage`),
 *   one per accepted request; a send uses one up. None left → 43101.
 * The rules follow WeChat's table of parameter limits (订阅消息参数值内容限制), written here independently
 * of the shaping in `domain/notify/templates.ts` so that a wrong shaper is caught.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A template as the console has it: id and data keys. */
export interface ConsoleTemplate {
  id: string;
  keys: string[];
}

const HAN = /^\p{Script=Han}+$/u;
const DATE = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`;
const CLOCK = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`;
const TIME_POINT = new RegExp(`^(${DATE}\\s*)?${CLOCK}$`);
const DATE_POINT = new RegExp(`^${DATE}(\\s*${CLOCK})?$`);

function points(value: string, point: RegExp): boolean {
  const parts = value.split('~').map((p) => p.trim());
  return parts.length <= 2 && parts.every((p) => point.test(p));
}

/** Whether `value` is valid for the field type named by a data key's prefix (unknown types: ≤ 20 chars). */
export function validTemplateValue(key: string, value: string): boolean {
  const type = /^([a-z_]+?)\d*$/.exec(key)?.[1] ?? key;
  const length = [...value].length;
  switch (type) {
    case 'thing':
      return length <= 20;
    case 'phrase':
      return length <= 5 && HAN.test(value);
    case 'character_string':
      return length <= 32 && /^[\x21-\x7e]+$/.test(value);
    case 'number':
      return length <= 32 && /^\d+(\.\d+)?$/.test(value);
    case 'letter':
      return length <= 32 && /^[A-Za-z]+$/.test(value);
    case 'symbol':
      return length <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(value);
    case 'time':
      return points(value, TIME_POINT);
    case 'date':
      return points(value, DATE_POINT);
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(value);
    case 'phone_number':
      return length <= 17 && /^[\d+\-() ]+$/.test(value);
    case 'car_number':
      return length <= 8 && /^[\p{Script=Han}A-Z0-9]?[A-Z0-9]*[\p{Script=Han}A-Z0-9]?$/u.test(value);
    case 'name':
      return [...value].some((c) => /\p{Script=Han}/u.test(c))
        ? length <= 10
        : length <= 20 && /^[A-Za-z .·-]+$/.test(value);
    default:
      return length <= 20;
  }
}

/** WeChat's answer to a message's data for a template (null when it is accepted). */
export function checkTemplateData(
  template: ConsoleTemplate,
  data: unknown,
): { errcode: number; errmsg: string } | null {
  if (!data || typeof data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
  const entries = data as Record<string, unknown>;
  for (const key of Object.keys(entries))
    if (!template.keys.includes(key)) return { errcode: 47003, errmsg: `argument invalid! data.${key} invalid` };
  for (const key of template.keys) {
    const raw = (entries[key] as { value?: unknown } | undefined)?.value;
    const value = raw === undefined || raw === null ? '' : String(raw);
    if (!value.trim()) return { errcode: 47003, errmsg: `argument invalid! data.${key}.value is empty` };
    if (!validTemplateValue(key, value))
      return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
  }
  return null;
}

/** One-time subscriptions per person and template, kept in `<dataDir>/subscriptions.json`. */
export class SubscriptionBook {
  private readonly file: string;
  private readonly counts: Record<string, number>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'subscriptions.json');
    this.counts = fs.existsSync(this.file)
      ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, number>)
      : {};
  }

  private key(openid: string, templateId: string): string {
    return `${openid}\n${templateId}`;
  }

  /** The person accepted these templates once more (one `requestSubscribeMessage` tap; `times` taps). */
  accept(openid: string, templateIds: readonly string[], times = 1): void {
    for (const id of templateIds) this.counts[this.key(openid, id)] = (this.counts[this.key(openid, id)] ?? 0) + times;
    this.save();
  }

  /** Subscriptions left. */
  count(openid: string, templateId: string): number {
    return this.counts[this.key(openid, templateId)] ?? 0;
  }

  /** Use one up; false when none is left. */
  take(openid: string, templateId: string): boolean {
    const k = this.key(openid, templateId);
    if (!this.counts[k]) return false;
    this.counts[k] -= 1;
    this.save();
    return true;
  }

  private save(): void {
    fs.writeFileSync(this.file, JSON.stringify(this.counts));
  }
}
