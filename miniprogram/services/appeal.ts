/** The appeal (诉求) form: what the page holds, and the form the `appeal` case type takes. */
import { APPEAL_CATEGORIES, APPEAL_CATEGORY_LABELS, CONTACT_PREFERENCES, appealFormSchema } from '@union/contracts';
import type { AppealCategory } from '@union/contracts';
import { check, type Checked } from '../utils/form';
import { parseYuan } from '../utils/format';

type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export interface AppealFormState {
  category: AppealCategory | '';
  facts: string;
  employer: string;
  workCity: string;
  /** As typed, in yuan. */
  amountOwed: string;
  contactPreference: ContactPreference | '';
  attachments: string[];
}

export const emptyAppealForm = (): AppealFormState => ({
  category: '',
  facts: '',
  employer: '',
  workCity: '',
  amountOwed: '',
  contactPreference: '',
  attachments: [],
});

export const appealCategoryOptions = APPEAL_CATEGORIES.map((value) => ({
  value,
  label: APPEAL_CATEGORY_LABELS[value],
}));
export const CONTACT_LABELS: Record<ContactPreference, string> = {
  phone: '电话联系我',
  wechat: '微信里回复我',
  visit: '上门或到工会面谈',
};
export const contactOptions = CONTACT_PREFERENCES.map((value) => ({ value, label: CONTACT_LABELS[value] }));

/** Validate the page's form with the case type's own schema; returns the form to submit. */
export function checkAppeal(f: AppealFormState): Checked<Record<string, unknown>> {
  const form: Record<string, unknown> = {
    category: f.category || undefined,
    facts: f.facts,
    employer: f.employer,
    workCity: f.workCity,
    attachments: f.attachments,
    contactPreference: f.contactPreference || undefined,
  };
  let amountError = '';
  if (f.category === 'wage_arrears' && f.amountOwed.trim()) {
    const fen = parseYuan(f.amountOwed);
    if (fen === null) amountError = '请填写正确的金额，例如 3500 或 3500.50';
    else form.amountOwedFen = fen;
  }
  const checked = check(appealFormSchema, form);
  if (!checked.ok) return amountError ? { ok: false, errors: { ...checked.errors, amountOwed: amountError } } : checked;
  if (amountError) return { ok: false, errors: { amountOwed: amountError } };
  return { ok: true, value: form };
}

/** The page's form from a submitted appeal (to correct it after a request for more information). */
export function fromCaseForm(form: Record<string, unknown>): AppealFormState {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const category = APPEAL_CATEGORIES.find((c) => c === form.category) ?? '';
  const contact = CONTACT_PREFERENCES.find((c) => c === form.contactPreference) ?? '';
  const fen = typeof form.amountOwedFen === 'number' ? form.amountOwedFen : null;
  return {
    category,
    facts: text(form.facts),
    employer: text(form.employer),
    workCity: text(form.workCity),
    amountOwed:
      fen === null ? '' : `${Math.floor(fen / 100)}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}` : ''}`,
    contactPreference: contact,
    attachments: Array.isArray(form.attachments)
      ? form.attachments.filter((a): a is string => typeof a === 'string')
      : [],
  };
}
