/**
 * Subscribe-message templates as declared in the WeChat console (订阅消息 → 我的模板): each field with its
 * WeChat type, and the ONE place values are shaped to those types. WeChat refuses a message whose value
 * breaks its field's rule (47003): thing ≤ 20 characters, phrase ≤ 5 Chinese characters and nothing else,
 * character_string ≤ 32 letters/digits/symbols, time and date in their formats, number digits only,
 * name ≤ 10 Chinese characters (or ≤ 20 letters), phone_number ≤ 17 digits/symbols.
 *
 * Template ids come from project variables (`env`), set by `npm run deploy`; the placeholder is the id the
 * local cloud's console knows (and what the mini-program's `config.subscribeTemplates` uses until set).
 */

export type TemplateFieldType =
  'thing' | 'phrase' | 'character_string' | 'time' | 'date' | 'number' | 'name' | 'phone_number';

export interface TemplateDeclaration {
  /** The template's title in the console. */
  title: string;
  /** Project variable holding the template id. */
  env: string;
  /** Id used while the variable is unset (the local cloud's console knows it). */
  placeholder: string;
  /** Data keys (`thing1`…) and their WeChat types. */
  fields: Readonly<Record<string, TemplateFieldType>>;
}

export const SUBSCRIBE_TEMPLATES = {
  /** 办件进度通知 (to the applicant): 事项 · 办理状态 · 更新时间 · 备注. */
  case_status: {
    title: '办件进度通知',
    env: 'UNION_TPL_CASE_STATUS',
    placeholder: 'CASE_PROGRESS_TEMPLATE_ID',
    fields: { thing1: 'thing', phrase2: 'phrase', time3: 'time', thing4: 'thing' },
  },
  /** 待办提醒 (to staff): 事项 · 状态 · 时间 · 说明. */
  staff_reminder: {
    title: '待办提醒',
    env: 'UNION_TPL_STAFF_REMINDER',
    placeholder: 'STAFF_TODO_TEMPLATE_ID',
    fields: { thing1: 'thing', phrase2: 'phrase', time3: 'time', thing4: 'thing' },
  },
} as const satisfies Record<string, TemplateDeclaration>;

export type TemplatePurpose = keyof typeof SUBSCRIBE_TEMPLATES;

/** The value a field takes before shaping. */
export type TemplateInput = string | number | Date;

const HAN = /\p{Script=Han}/u;
const CLAUSE_BREAK = /[，,。；;：:、·\s（(]/u;

function chars(text: string): string[] {
  return [...text];
}

/** `YYYY年M月D日` and `HH:mm` in China time. */
function chinaParts(at: Date): { date: string; time: string } {
  const t = new Date(at.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  };
}

/** Shape one value to its field type (never longer or of other characters than WeChat accepts). */
export function shapeValue(type: TemplateFieldType, input: TemplateInput): string {
  const text = input instanceof Date ? '' : String(input).trim();
  switch (type) {
    case 'thing': {
      const c = chars(text.replace(/\s+/g, ' '));
      if (c.length === 0) return '无';
      return c.length <= 20 ? c.join('') : c.slice(0, 19).join('') + '…';
    }
    case 'phrase': {
      // The first clause of a label, Chinese characters only: 审批通过，待公示 → 审批通过.
      const first = text.split(CLAUSE_BREAK).find((part) => chars(part).some((ch) => HAN.test(ch))) ?? '';
      const han = chars(first).filter((ch) => HAN.test(ch));
      return han.length ? han.slice(0, 5).join('') : '已更新';
    }
    case 'character_string':
      return text.replace(/[^\x21-\x7e]/g, '').slice(0, 32) || '-';
    case 'number':
      return (/^\d+(\.\d+)?$/.test(text) ? text : text.replace(/[^\d]/g, '')).slice(0, 32) || '0';
    case 'name': {
      const c = chars(text);
      if (c.some((ch) => HAN.test(ch)))
        return c
          .filter((ch) => HAN.test(ch))
          .slice(0, 10)
          .join('');
      return text.replace(/[^A-Za-z .·-]/g, '').slice(0, 20);
    }
    case 'phone_number':
      return text.replace(/[^\d+\-() ]/g, '').slice(0, 17);
    case 'time': {
      const at = input instanceof Date ? input : new Date(text);
      const p = chinaParts(at);
      return `${p.date} ${p.time}`;
    }
    case 'date':
      return chinaParts(input instanceof Date ? input : new Date(text)).date;
  }
}

/** The template id of a purpose: the project variable, else the placeholder. */
export function templateIdOf(purpose: TemplatePurpose, env: NodeJS.ProcessEnv = process.env): string {
  const t = SUBSCRIBE_TEMPLATES[purpose];
  const value = env[t.env];
  return value && value.trim() ? value.trim() : t.placeholder;
}

type FieldsOf<P extends TemplatePurpose> = keyof (typeof SUBSCRIBE_TEMPLATES)[P]['fields'];

/** A message's template id and data, every field present and shaped to its type. */
export function templateMessage<P extends TemplatePurpose>(
  purpose: P,
  values: Record<FieldsOf<P>, TemplateInput>,
): { templateId: string; data: Record<string, { value: string }> } {
  const fields = SUBSCRIBE_TEMPLATES[purpose].fields as Record<string, TemplateFieldType>;
  const data: Record<string, { value: string }> = {};
  for (const [key, type] of Object.entries(fields))
    data[key] = { value: shapeValue(type, (values as Record<string, TemplateInput>)[key]) };
  return { templateId: templateIdOf(purpose), data };
}
