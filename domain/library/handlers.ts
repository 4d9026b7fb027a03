/**
 * The policy & FAQ library. Staff write entries for their own node (town staff for their town,
 * collectors for their village, the city administrator city-wide or anywhere); everyone reads
 * published entries and searches them by keyword before asking a question.
 */
import { randomBytes } from 'crypto';
import type { FaqEntry, libraryContract } from '../../typings/library';
import type { GridNode } from '../../typings/grid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, notFound } from '../runtime/errors';
import { loadActor, requireStaff } from '../people/actor';
import { checkTexts } from '../content/check';
import { gridIndex } from '../grid/cache';

export const FAQ = 'faq';

interface FaqDoc extends Omit<FaqEntry, 'scopeName' | 'updatedAt'> {
  scopePath: string[];
  updatedAt: Date;
  createdAt: Date;
  /** `<updatedAt ms>|<_id>`: newest-first keyset order. */
  updatedKey: string;
  updatedBy: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toEntry(doc: FaqDoc, grid: Map<string, GridNode>): FaqEntry {
  return {
    _id: doc._id,
    title: doc.title,
    body: doc.body,
    category: doc.category,
    keywords: doc.keywords,
    scopeNodeId: doc.scopeNodeId,
    scopeName: grid.get(doc.scopeNodeId)?.name ?? '',
    published: doc.published,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

async function getFaq(ctx: HandlerContext, id: string): Promise<FaqDoc | null> {
  const { data } = await ctx.db.collection<FaqDoc>(FAQ).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

export const libraryHandlers: Handlers<typeof libraryContract> = {
  async search({ q, category, cursor, limit = 20 }, ctx) {
    const db = ctx.db;
    const _ = db.command;
    const where: Record<string, unknown> = { published: true };
    if (category) where.category = category;
    if (cursor) where.updatedKey = _.lt(cursor);
    let filter: unknown = where;
    if (q) {
      // Every word must appear in the title, body or keywords.
      const words = q
        .split(/[\s，,。？?！!、]+/)
        .filter((w) => w.length > 0)
        .slice(0, 5);
      const clauses = words.map((w) => {
        const re = db.RegExp({ regexp: escapeRegex(w), options: 'i' });
        return _.or([{ title: re }, { body: re }, { keywords: re }]);
      });
      filter = _.and([where, ...clauses]);
    }
    const { data } = await db
      .collection<FaqDoc>(FAQ)
      .where(filter as Record<string, unknown>)
      .orderBy('updatedKey', 'desc')
      .limit(limit + 1)
      .get();
    const grid = await gridIndex(db);
    const page = data.slice(0, limit);
    return {
      items: page.map((d) => toEntry(d, grid)),
      nextCursor: data.length > limit ? page[page.length - 1].updatedKey : null,
    };
  },

  async get({ faqId }, ctx) {
    const doc = await getFaq(ctx, faqId);
    if (!doc) throw notFound('条目不存在');
    if (!doc.published) {
      const actor = await loadActor(ctx);
      if (!actor.staff || !doc.scopePath.includes(actor.staff.gridNodeId)) throw notFound('条目不存在');
    }
    return toEntry(doc, await gridIndex(ctx.db));
  },

  async save(input, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const grid = await gridIndex(ctx.db);
    const scopeNodeId = input.scopeNodeId ?? staff.gridNodeId;
    const node = grid.get(scopeNodeId);
    if (!node) throw new AppError('NOT_FOUND', '网格不存在', 'scopeNodeId');
    if (!node.path.includes(staff.gridNodeId))
      throw new AppError('FORBIDDEN', '只能维护您管辖范围内的条目', 'scopeNodeId');
    if (scopeNodeId === 'city' && staff.role !== 'city_admin')
      throw new AppError('FORBIDDEN', '全市通用条目由市总工会维护', 'scopeNodeId');
    const existing = input.faqId ? await getFaq(ctx, input.faqId) : null;
    if (input.faqId && (!existing || !existing.scopePath.includes(staff.gridNodeId))) throw notFound('条目不存在');
    const verdict = await checkTexts(
      ctx,
      [
        { field: 'title', text: input.title },
        { field: 'body', text: input.body },
        ...input.keywords.map((k, i) => ({ field: `keywords.${i}`, text: k })),
      ],
      3,
    );
    const now = ctx.now();
    const _id = existing?._id ?? randomBytes(12).toString('hex');
    const doc: FaqDoc = {
      _id,
      title: input.title,
      body: input.body,
      category: input.category,
      keywords: input.keywords,
      scopeNodeId,
      scopePath: [...node.path],
      // Content the check could not clear is kept unpublished until staff publish it again.
      published: input.published && !verdict.held,
      updatedAt: now,
      createdAt: existing?.createdAt ?? now,
      updatedKey: `${String(now.getTime()).padStart(15, '0')}|${_id}`,
      updatedBy: staff.staffId,
    };
    const { _id: _omit, ...fields } = doc;
    await ctx.db.collection(FAQ).doc(_id).set({ data: fields });
    return toEntry(doc, grid);
  },

  async remove({ faqId }, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const doc = await getFaq(ctx, faqId);
    if (!doc || !doc.scopePath.includes(staff.gridNodeId)) throw notFound('条目不存在');
    if (doc.scopeNodeId === 'city' && staff.role !== 'city_admin') throw forbidden('全市通用条目由市总工会维护');
    await ctx.db.collection(FAQ).doc(faqId).remove();
    return { removed: true as const };
  },
};
