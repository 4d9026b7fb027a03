/** The policy & FAQ library (function `library`), searched before a consultation is sent. */
import {
  CONSULTATION_CATEGORIES,
  CONSULTATION_CATEGORY_LABELS,
  consultationFormSchema,
  type FaqEntry,
} from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { formatDate } from '../utils/format';
import { check } from '../utils/form';

export type ConsultationCategory = (typeof CONSULTATION_CATEGORIES)[number];
export const consultCategoryOptions = CONSULTATION_CATEGORIES.map((value) => ({
  value,
  label: CONSULTATION_CATEGORY_LABELS[value],
}));

export interface FaqItem {
  id: string;
  title: string;
  body: string;
  category: string;
  scope: string;
  updatedAt: string;
}

export const toFaqItem = (f: FaqEntry): FaqItem => ({
  id: f._id,
  title: f.title,
  body: f.body,
  category: CONSULTATION_CATEGORY_LABELS[f.category],
  scope: f.scopeName,
  updatedAt: formatDate(f.updatedAt),
});

/** Search published entries (all of them when `q` is empty). */
export function searchLibrary(q: string, category: ConsultationCategory | '', cursor?: string) {
  const input: { q?: string; category?: ConsultationCategory; cursor?: string; limit: number } = { limit: 20 };
  if (q.trim()) input.q = q.trim();
  if (category) input.category = category;
  if (cursor) input.cursor = cursor;
  return callApi('library', 'search', input);
}

/** Validate a consultation question with the case type's schema. */
export const checkConsultation = (category: ConsultationCategory | '', question: string) =>
  check(consultationFormSchema, { category: category || undefined, question });

/** Staff: create or update an entry in my scope; remove one. */
export const saveFaq = (input: CallInput<'library', 'save'>) =>
  callApi('library', 'save', input, { requestId: newRequestId() });
export const removeFaq = (faqId: string) => callApi('library', 'remove', { faqId }, { requestId: newRequestId() });
