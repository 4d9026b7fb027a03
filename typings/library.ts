/**
 * Contract of the `library` function: the policy & FAQ library (政策问答) staff maintain and people
 * browse and search before they send a consultation.
 */
import { z } from 'zod';
import { choice } from './fields';
import { action } from './api';
import { CaseDocId, CONSULTATION_CATEGORIES, plainName, userText } from './cases';

/** One library entry as callers see it. */
export interface FaqEntry {
  _id: string;
  title: string;
  body: string;
  category: (typeof CONSULTATION_CATEGORIES)[number];
  keywords: string[];
  /** `city` for city-wide entries, else the town or village it applies to. */
  scopeNodeId: string;
  scopeName: string;
  published: boolean;
  updatedAt: string;
}

const Cursor = z
  .string()
  .max(120)
  .regex(/^[0-9|A-Za-z_-]+$/, { message: '分页标记无效' });

export const SearchFaqInput = z
  .object({
    /** Keywords (a question typed by a person); matched against title, body and keywords. */
    q: userText('搜索内容', 1, 200).optional(),
    category: z.enum(CONSULTATION_CATEGORIES).optional(),
    cursor: Cursor.optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export const FaqIdInput = z.object({ faqId: CaseDocId }).strict();

export const SaveFaqInput = z
  .object({
    faqId: CaseDocId.optional(),
    title: userText('标题', 4, 80),
    body: userText('正文', 10, 5000),
    category: choice(CONSULTATION_CATEGORIES, '分类'),
    keywords: z
      .array(plainName('关键词', 1, 20))
      .max(10, { message: '最多 10 个关键词' })
      .default([]),
    /** Where the entry applies; default the staff member's own node. City-wide (`city`) only for the city admin. */
    scopeNodeId: CaseDocId.optional(),
    published: z.boolean().default(true),
  })
  .strict();

export const libraryContract = {
  /** Browse or search published entries (everyone). */
  search: action(SearchFaqInput).returns<{ items: FaqEntry[]; nextCursor: string | null }>(),
  /** One entry (published, or any in scope for staff). */
  get: action(FaqIdInput).returns<FaqEntry>(),
  /** Staff: create or update an entry in their scope. */
  save: action(SaveFaqInput).returns<FaqEntry>(),
  /** Staff: delete an entry in their scope. */
  remove: action(FaqIdInput).returns<{ removed: true }>(),
};
