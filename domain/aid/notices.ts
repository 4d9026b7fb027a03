/**
 * Public notices (公示): the city publishes approved cases of a round for a number of working days; anyone
 * with an openid can read a notice being served and object to an entry; after the period it is no longer
 * served. An entry carries ONLY the masked name, village or unit, programme and amount (the security rules); people
 * without publication consent go through the period unlisted.
 */
import {
  PROGRAMME_NAMES,
  type Programme,
  type AdminNoticeItem,
  type NoticeView,
  type ObjectionView,
  type aidContract,
} from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { inTransaction } from '../runtime/db-errors';
import { loadActor, requireStaff } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { checkTexts } from '../content/check';
import { CASES, type CaseDoc } from '../cases/store';
import { chinaDate, noticeEndsAt } from '../../common/china-time';
import { requireRound } from './rounds';
import { caseStep } from './steps';
import { runClaimedStep } from '../runtime/saga';
import { OBJECTION_RESOLUTION } from './sagas';
import { AID } from './case-types';
import { continueExpiry, continuePublication, openObjectionCases, runNoticeJobs } from './publication';
import { readAll } from '../runtime/paging';
import { noticePlace } from './application-view';
import { deliverAll, enqueue, type NotificationDoc } from '../notify/outbox';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import {
  AID_APPLICATIONS,
  NOTICES,
  OBJECTIONS,
  PAYMENT_BATCHES,
  applicationOfCase,
  findById,
  newId,
  stableId,
  type ApplicationDoc,
  type NoticeDoc,
  type NoticeEntryDoc,
  type ObjectionDoc,
  type PaymentBatchDoc,
} from './store';

/** A notice as served: entries without case ids. */
export function noticeView(n: NoticeDoc): NoticeView {
  return {
    noticeId: n._id,
    title: n.title,
    programme: PROGRAMME_NAMES[n.programme],
    publishedOn: n.publishedOn,
    endsOn: n.endsOn,
    howToObject: n.howToObject,
    entries: n.entries.map((e) => ({
      entryId: e.entryId,
      maskedName: e.maskedName,
      place: e.place,
      programme: e.programme,
      amountFen: e.amountFen,
    })),
  };
}

/** The public line of an application: masked name, unit (workers) or village, programme, amount. */
export function noticeEntry(app: ApplicationDoc, caseId: string): NoticeEntryDoc {
  return {
    entryId: newId('e'),
    caseId,
    maskedName: app.applicant.nameMasked,
    place: noticePlace(app),
    programme: PROGRAMME_NAMES[app.programme],
    amountFen: app.amountFen,
  };
}

function requireOpenid(ctx: HandlerContext): string {
  if (!ctx.identity.openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开后查看');
  return ctx.identity.openid;
}

/**
 * A notice being served now, or NOT_FOUND (unknown, still publishing, its period is over, or it lists nobody:
 * when no applicant consented to be named, the period runs but no empty list is published).
 */
async function servedNotice(ctx: HandlerContext, noticeId: string): Promise<NoticeDoc> {
  const n = await findById<NoticeDoc>(ctx.db, NOTICES, noticeId);
  if (!n || !isServed(n, ctx.now())) throw notFound('公示不存在或已结束');
  return n;
}

/** Served to the public: written, in its period, and naming someone. */
const isServed = (n: NoticeDoc, now: Date) =>
  n.status !== 'publishing' && now.getTime() < new Date(n.endsAt).getTime() && n.entries.length > 0;

/** Who reads an objection: the city administrator (case and reason), its filer (their reason), anyone else. */
type ObjectionReader = 'admin' | 'filer' | 'other';

function objectionView(o: ObjectionDoc, reader: ObjectionReader, notice: NoticeDoc | null): ObjectionView {
  const entry = notice?.entries.find((e) => e.entryId === o.entryId);
  return {
    objectionId: o._id,
    noticeId: o.noticeId,
    entryId: o.entryId,
    ...(reader === 'admin' ? { caseId: o.caseId } : {}),
    ...(reader !== 'other' ? { reason: o.reason } : {}),
    status: o.status === 'resolving' ? 'open' : o.status,
    reply: o.reply,
    filedAt: new Date(o.filedAt).toISOString(),
    resolvedAt: o.resolvedAt ? new Date(o.resolvedAt).toISOString() : null,
    noticeTitle: notice?.title ?? '',
    entryName: entry?.maskedName ?? '',
    entryPlace: entry?.place ?? '',
  };
}

/** Objections as `reader` sees them, each with its notice's title and line (one read of the notices). */
async function objectionViews(
  ctx: HandlerContext,
  objections: readonly ObjectionDoc[],
  reader: ObjectionReader,
): Promise<ObjectionView[]> {
  const ids = [...new Set(objections.map((o) => o.noticeId))];
  const { data } = ids.length
    ? await ctx.db
        .collection<NoticeDoc>(NOTICES)
        .where({ _id: ctx.db.command.in(ids) })
        .limit(ids.length)
        .get()
    : { data: [] as NoticeDoc[] };
  const byId = new Map(data.map((n) => [n._id, n]));
  return objections.map((o) => objectionView(o, reader, byId.get(o.noticeId) ?? null));
}

/**
 * Subscribe messages telling staff about a new objection: every active city administrator (they settle it) and
 * the town staff of the applicant's town. No personal data and no objection text: programme, "公示异议", time.
 */
async function objectionNotices(
  ctx: HandlerContext,
  n: NoticeDoc,
  caseId: string,
  filerOpenid: string,
): Promise<NotificationDoc[]> {
  const app = await applicationOfCase(ctx.db, caseId);
  const path = app?.applicant.villagePath ?? [];
  const townId = path.length >= 2 ? path[path.length - 2] : null;
  const admins = await readAll<{ _id: string; openid: string }>(ctx.db, 'staff', { role: 'city_admin', active: true });
  const town = townId ? await staffOpenidsAt(ctx, townId) : [];
  const now = ctx.now();
  const title = PROGRAMME_NAMES[n.programme];
  const subject = { _id: caseId, categoryLabel: '公示异议' };
  const note = (openid: string, page: string) => ({
    ...staffNotice(subject, title, openid, '待处理', '公示收到异议，请核实处理', now),
    page,
  });
  const adminIds = [...new Set(admins.map((a) => a.openid).filter(Boolean))];
  return [
    ...adminIds.map((openid) => note(openid, `staff/pages/notices/index?noticeId=${n._id}`)),
    ...[...new Set(town)]
      .filter((openid) => !adminIds.includes(openid))
      .map((openid) => note(openid, `pages/aid-application/index?id=${caseId}`)),
  ].filter((x) => x.touser !== filerOpenid);
}

export { finishPublication, openObjectionCases } from './publication';

/**
 * Close notices whose period is over (all, or one): every case without an open objection passes the notice;
 * a case with an open objection stays in notice until the objection is settled. Idempotent. Each notice is a
 * resumable job (`publication.ts`); `complete` is false when the budget ran out and the timer continues.
 */
export async function expireNotices(
  ctx: HandlerContext,
  noticeId?: string,
  budgetMs?: number,
): Promise<{ notices: number; passed: number; complete: boolean }> {
  if (!noticeId) {
    const run = await runNoticeJobs(ctx, budgetMs);
    return { notices: run.notices, passed: run.passed, complete: run.complete };
  }
  const n = await findById<NoticeDoc>(ctx.db, NOTICES, noticeId);
  if (!n || !['active', 'ended'].includes(n.status) || new Date(n.endsAt).getTime() > ctx.now().getTime())
    return { notices: 0, passed: 0, complete: true };
  // Asked for one notice (creating its payment batch): wait for a concurrent pass rather than skip it.
  const run = await continueExpiry(ctx, n, budgetMs, true);
  return { notices: 1, passed: run.passed, complete: run.job.done };
}

type NoticeHandlers = Pick<
  Handlers<typeof aidContract>,
  | 'publishNotice'
  | 'notices'
  | 'adminNotices'
  | 'notice'
  | 'fileObjection'
  | 'objections'
  | 'myObjections'
  | 'resolveObjection'
>;

/**
 * The city admin's page of notices, newest first (running and ended): counts, open objections and the notice's
 * payment batch; never entries, names or case ids. Keyset on (publishedAt, _id), both descending.
 */
async function adminNoticePage(
  ctx: HandlerContext,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: AdminNoticeItem[]; nextCursor: string | null }> {
  const _ = ctx.db.command;
  let where: Record<string, unknown> = {};
  if (cursor) {
    const [ms, id] = cursor.split('|');
    const at = new Date(Number(ms));
    where = _.or([{ publishedAt: _.lt(at) }, { publishedAt: at, _id: _.lt(id) }]) as unknown as Record<string, unknown>;
  }
  const { data } = await ctx.db
    .collection<NoticeDoc>(NOTICES)
    .where(where)
    .orderBy('publishedAt', 'desc')
    .orderBy('_id', 'desc')
    .limit(limit + 1)
    .get();
  const page = data.slice(0, limit);
  const ids = page.map((n) => n._id);
  const [objections, batches] = ids.length
    ? await Promise.all([
        readAll<ObjectionDoc>(ctx.db, OBJECTIONS, { noticeId: _.in(ids), status: _.in(['open', 'resolving']) }).then(
          (data) => ({ data }),
        ),
        ctx.db
          .collection<PaymentBatchDoc>(PAYMENT_BATCHES)
          .where({ _id: _.in(ids.map((id) => `pb-${id}`)) })
          .limit(100)
          .get(),
      ])
    : [{ data: [] as ObjectionDoc[] }, { data: [] as PaymentBatchDoc[] }];
  const now = ctx.now().getTime();
  const items = page.map((n): AdminNoticeItem => {
    const batch = batches.data.find((b) => b.noticeId === n._id && !b.retryOf);
    return {
      noticeId: n._id,
      roundId: n.roundId,
      title: n.title,
      programme: PROGRAMME_NAMES[n.programme],
      status: n.status === 'publishing' ? 'publishing' : now < new Date(n.endsAt).getTime() ? 'running' : 'ended',
      publishedOn: n.publishedOn,
      endsOn: n.endsOn,
      caseCount: n.caseIds.length,
      listedCount: n.entries.length,
      openObjections: objections.data.filter((o) => o.noticeId === n._id).length,
      batch: batch ? { batchId: batch._id, status: batch.status } : null,
    };
  });
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: data.length > limit && last ? `${new Date(last.publishedAt).getTime()}|${last._id}` : null,
  };
}

/**
 * The approved, not yet published cases of a round. The round is read from the stored applications (which the
 * aid function alone writes), never from the case form: a case cannot be put into another round's notice.
 */
export async function approvedCasesOfRound(
  ctx: HandlerContext,
  programme: Programme,
  roundId: string,
): Promise<CaseDoc[]> {
  const _ = ctx.db.command;
  const out: CaseDoc[] = [];
  let after = '';
  for (;;) {
    const { data: approved } = await ctx.db
      .collection<CaseDoc>(CASES)
      .where({ type: programme, status: AID.state.approved, ...(after ? { _id: _.gt(after) } : {}) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    if (approved.length) {
      const { data: apps } = await ctx.db
        .collection<Pick<ApplicationDoc, 'caseId'>>(AID_APPLICATIONS)
        .where({ caseId: _.in(approved.map((c) => c._id)), roundId, programme })
        .field({ caseId: true })
        .limit(PAGE)
        .get();
      const inRound = new Set(apps.map((a) => a.caseId));
      out.push(...approved.filter((c) => inRound.has(c._id)));
    }
    if (approved.length < PAGE) return out;
    after = approved[approved.length - 1]._id;
  }
}

/** Documents per query page. */
const PAGE = 500;

export const noticeHandlers: NoticeHandlers = {
  async publishNotice({ roundId, caseIds, workingDays }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const round = await requireRound(ctx, roundId);
    const programme = round.config.programme;
    const approved = await approvedCasesOfRound(ctx, programme, roundId);
    const wanted = caseIds ? approved.filter((c) => caseIds.includes(c._id)) : approved;
    if (caseIds && wanted.length !== caseIds.length)
      throw new AppError('PRECONDITION_FAILED', '所选申请中有未经市总审批通过或已公示的', 'caseIds');
    if (wanted.length === 0) throw new AppError('PRECONDITION_FAILED', '本批次没有待公示的申请');
    const now = ctx.now();
    const endsAt = noticeEndsAt(now, workingDays ?? round.config.noticeWorkingDays, round.config.calendar);
    const notice: NoticeDoc = {
      _id: newId('n'),
      roundId,
      programme,
      title: `${round.config.title}拟资助名单公示`,
      status: 'publishing',
      publishedAt: now,
      endsAt,
      publishedOn: chinaDate(now),
      endsOn: chinaDate(new Date(endsAt.getTime() - 1)),
      howToObject: `如有异议，请于${chinaDate(new Date(endsAt.getTime() - 1))}前在小程序本页点击“提出异议”，或联系：${round.config.objectionContact}`,
      entries: [],
      caseIds: [],
      plannedCaseIds: wanted.map((c) => c._id),
      createdBy: actor.staff?.staffId ?? '',
    };
    await ctx.db.collection(NOTICES).add({ data: notice });
    // In chunks within the budget; what is left the noticeExpiry timer finishes (the notice stays 'publishing').
    const run = await continuePublication(ctx, notice);
    if (run.published && run.published.length === 0)
      throw new AppError('CONFLICT', '这些申请刚被他人公示，请刷新后查看');
    const published = run.published ?? [];
    const entries = run.entries ?? [];
    await writeAudit(ctx, {
      action: 'aid.publishNotice',
      targetType: 'notice',
      targetId: notice._id,
      detail: { roundId, cases: notice.plannedCaseIds?.length ?? 0, done: run.job.done },
      actor,
    });
    // The administrator learns how many entered the period and how many are listed (the others did not consent);
    // while the publication still runs (the timer finishes it), the cases planned.
    return {
      ...noticeView({ ...notice, status: run.job.done ? 'active' : 'publishing', entries, caseIds: published }),
      caseCount: run.job.done ? published.length : (notice.plannedCaseIds?.length ?? 0),
    };
  },

  async notices(_input, ctx) {
    requireOpenid(ctx);
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection<NoticeDoc>(NOTICES)
      .where({ status: _.in(['active', 'ended']), endsAt: _.gt(ctx.now()) })
      .orderBy('endsAt', 'asc')
      .limit(100)
      .get();
    return {
      notices: data
        .filter((n) => n.status === 'active' && isServed(n, ctx.now()))
        .map((n) => ({
          noticeId: n._id,
          title: n.title,
          programme: PROGRAMME_NAMES[n.programme],
          publishedOn: n.publishedOn,
          endsOn: n.endsOn,
          count: n.entries.length,
        })),
    };
  },

  async adminNotices({ cursor, limit = 20 }, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    return adminNoticePage(ctx, cursor, limit);
  },

  async notice({ noticeId }, ctx) {
    requireOpenid(ctx);
    return noticeView(await servedNotice(ctx, noticeId));
  },

  async fileObjection({ noticeId, entryId, reason }, ctx) {
    const openid = requireOpenid(ctx);
    const n = await servedNotice(ctx, noticeId);
    const entry = n.entries.find((e) => e.entryId === entryId);
    if (!entry) throw new AppError('NOT_FOUND', '公示条目不存在', 'entryId');
    const verdict = await checkTexts(ctx, [{ field: 'reason', text: reason }], 2);
    const o: ObjectionDoc = {
      _id: stableId('objection', openid, noticeId, entryId).slice(0, 32),
      noticeId,
      entryId,
      caseId: entry.caseId,
      reason,
      held: verdict.held,
      filerOpenid: openid,
      status: 'open',
      reply: null,
      filedAt: ctx.now(),
      resolvedAt: null,
      resolvedBy: null,
    };
    const notes = await objectionNotices(ctx, n, entry.caseId, openid);
    // The objection and the staff messages are written together (outbox), then the messages are sent.
    await inTransaction(
      ctx.db,
      async (tx) => {
        await tx.collection(OBJECTIONS).add({ data: o });
        for (const note of notes) await enqueue(tx, note);
      },
      { duplicate: () => new AppError('DUPLICATE', '您已对该条目提出过异议，请等待处理', 'entryId') },
    );
    await deliverAll(ctx, notes);
    return objectionView(o, 'filer', n);
  },

  async objections({ noticeId, status }, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    const where: Record<string, unknown> = {};
    if (noticeId) where.noticeId = noticeId;
    if (status) where.status = status;
    const data = (await readAll<ObjectionDoc>(ctx.db, OBJECTIONS, where)).sort(
      (a, b) => new Date(b.filedAt).getTime() - new Date(a.filedAt).getTime(),
    );
    return { items: await objectionViews(ctx, data, 'admin') };
  },

  async myObjections(_input, ctx) {
    const openid = requireOpenid(ctx);
    const data = (await readAll<ObjectionDoc>(ctx.db, OBJECTIONS, { filerOpenid: openid })).sort(
      (a, b) => new Date(b.filedAt).getTime() - new Date(a.filedAt).getTime(),
    );
    return { items: await objectionViews(ctx, data, 'filer') };
  },

  async resolveObjection({ objectionId, outcome, reply }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const o = await findById<ObjectionDoc>(ctx.db, OBJECTIONS, objectionId);
    if (!o) throw notFound('异议不存在');
    if (o.status !== 'open') {
      if (o.status === outcome) return (await objectionViews(ctx, [o], 'admin'))[0];
      throw new AppError('PRECONDITION_FAILED', '该异议已处理');
    }
    // Claim the objection so that of concurrent resolutions exactly one proceeds (the one saga mechanism).
    const run = await runClaimedStep(ctx, OBJECTION_RESOLUTION, o, { outcome, reply, actor });
    if (!run.claimed) throw new AppError('CONFLICT', '该异议正被他人处理，请刷新后查看');
    const now = run.now;
    const resolved: ObjectionDoc = { ...o, ...(run.patch as Partial<ObjectionDoc>) };
    await writeAudit(ctx, {
      action: 'aid.resolveObjection',
      targetType: 'objection',
      targetId: objectionId,
      detail: { outcome },
      actor,
    });
    if (outcome === 'dismissed') {
      const n = await findById<NoticeDoc>(ctx.db, NOTICES, o.noticeId);
      const stillOpen = (await openObjectionCases(ctx, o.noticeId)).has(o.caseId);
      if (n && now.getTime() >= new Date(n.endsAt).getTime() && !stillOpen) {
        await caseStep(ctx, o.caseId, AID.verb.pass_notice, undefined, { from: [AID.state.in_notice] });
      }
    }
    return (await objectionViews(ctx, [resolved], 'admin'))[0];
  },
};
