/**
 * The long steps of a public notice as resumable jobs (`domain/runtime/jobs.ts`): publishing moves every
 * planned case into notice (`publish:<noticeId>`), expiry moves every case without an open objection out of
 * it (`expire:<noticeId>`). Each takes chunks for at most its budget — well inside the `aid` function's
 * 20 s — and the `noticeExpiry` timer continues what a call left. A notice stays `publishing` until its
 * publication job is done, and `active` until an expiry pass is complete.
 */
import type { HandlerContext } from '../runtime/context';
import { jobBudgetMs, runChunked, type JobProgress } from '../runtime/jobs';
import { runResumableSaga } from '../runtime/saga';
import { readAll, readIn } from '../runtime/paging';
import { CASES, type CaseDoc } from '../cases/store';
import { caseStep, STEP_CONCURRENCY } from './steps';
import { AID } from './case-types';
import { noticeEntry } from './notices';
import {
  AID_APPLICATIONS,
  NOTICES,
  OBJECTIONS,
  type ApplicationDoc,
  type NoticeDoc,
  type NoticeEntryDoc,
  type ObjectionDoc,
} from './store';

/** The `aid` function's timeout is 20 s: a call or a timer run takes new chunks for 12 s at most. */
export const AID_BUDGET_MS = 12_000;

/** States a published case can be in afterwards (publish moved it into notice). */

/** A page over a list of ids kept in a document: the cursor is the index of the next one. */
function listPage(ids: readonly string[]) {
  return async (cursor: string | null, limit: number) => {
    const from = cursor === null ? 0 : Number(cursor);
    const items = ids.slice(from, from + limit);
    return { items, cursor: from + items.length < ids.length ? String(from + items.length) : null };
  };
}

/** Cases of a notice with an objection still open (or being resolved), read whole. */
export async function openObjectionCases(ctx: HandlerContext, noticeId: string): Promise<Set<string>> {
  const _ = ctx.db.command;
  const open = await readAll<ObjectionDoc>(ctx.db, OBJECTIONS, { noticeId, status: _.in(['open', 'resolving']) });
  return new Set(open.map((o) => o.caseId));
}

/**
 * Make a notice live for the cases it published: entries for those who consented, the link on each
 * application. Every list is read whole (500 ids a query).
 */
export async function finishPublication(
  ctx: HandlerContext,
  noticeId: string,
  published: readonly string[],
): Promise<NoticeEntryDoc[]> {
  const apps = await readIn<ApplicationDoc>(ctx.db, AID_APPLICATIONS, 'caseId', published);
  const byCase = new Map(apps.map((a) => [a.caseId as string, a]));
  const entries = published
    .map((caseId) => byCase.get(caseId))
    .filter((a): a is ApplicationDoc => Boolean(a?.consents.publicNotice))
    .map((a) => noticeEntry(a, a.caseId as string));
  await ctx.db
    .collection(NOTICES)
    .doc(noticeId)
    .update({ data: { status: 'active', entries, caseIds: [...published] } });
  const _ = ctx.db.command;
  for (let i = 0; i < published.length; i += 500)
    await ctx.db
      .collection(AID_APPLICATIONS)
      .where({ caseId: _.in(published.slice(i, i + 500)) })
      .update({ data: { noticeId, updatedAt: ctx.now() } });
  return entries;
}

/** The planned cases this notice moved into notice: published since, and not linked to another notice. */
async function publishedOf(ctx: HandlerContext, notice: NoticeDoc): Promise<string[]> {
  const planned = notice.plannedCaseIds ?? [];
  const _ = ctx.db.command;
  const moved = new Set(
    (await readIn<CaseDoc>(ctx.db, CASES, '_id', planned, { status: _.in([...AID.published]) }, { status: true })).map(
      (c) => c._id,
    ),
  );
  const linked = new Set(
    (await readIn<ApplicationDoc>(ctx.db, AID_APPLICATIONS, 'caseId', planned, {}, { caseId: true, noticeId: true }))
      .filter((a) => a.noticeId && a.noticeId !== notice._id)
      .map((a) => a.caseId as string),
  );
  return planned.filter((id) => moved.has(id) && !linked.has(id));
}

/** Outcome of a publication run. */
export interface PublicationProgress {
  job: JobProgress;
  /** Set once the notice is live. */
  entries: NoticeEntryDoc[] | null;
  /** The cases it published (set once live). */
  published: string[] | null;
}

/**
 * Publish the planned cases of a `publishing` notice in chunks; once all are done, make it live. A notice that
 * ended up publishing none (others published them first) is removed (`published: []`).
 */
export async function continuePublication(
  ctx: HandlerContext,
  notice: NoticeDoc,
  budgetMs = jobBudgetMs(AID_BUDGET_MS),
): Promise<PublicationProgress> {
  // A resumable saga: the claim is the job's lease, each chunk a wave of `publish` steps, and once every planned
  // case is done it settles — the notice goes live, or is removed when it published none (its compensation).
  const { job, result } = await runResumableSaga(
    ctx,
    {
      job: {
        key: `publish:${notice._id}`,
        page: listPage(notice.plannedCaseIds ?? []),
        work: (caseId: string) => caseStep(ctx, caseId, AID.verb.publish, undefined, { from: [AID.state.approved] }),
        // One wave of parallel steps per chunk: the budget is checked between waves.
        chunkSize: STEP_CONCURRENCY,
        concurrency: STEP_CONCURRENCY,
      },
      async settle() {
        const published = await publishedOf(ctx, notice);
        if (published.length === 0) {
          await ctx.db.collection(NOTICES).doc(notice._id).remove();
          return { entries: null, published: [] };
        }
        return { entries: await finishPublication(ctx, notice._id, published), published };
      },
    },
    budgetMs,
  );
  return { job, entries: result?.entries ?? null, published: result?.published ?? null };
}

/**
 * One expiry pass over a notice whose period is over: every case without an open objection passes the notice
 * (a case with one stays until it is settled). When the pass is complete the notice is `ended`. Idempotent:
 * a case already past is left alone.
 */
export async function continueExpiry(
  ctx: HandlerContext,
  notice: NoticeDoc,
  budgetMs = jobBudgetMs(AID_BUDGET_MS),
  waitIfBusy = false,
): Promise<{ job: JobProgress; passed: number }> {
  const blocked = await openObjectionCases(ctx, notice._id);
  let passed = 0;
  const job = await runChunked(
    ctx,
    {
      key: `expire:${notice._id}`,
      page: listPage(notice.caseIds.filter((id) => !blocked.has(id))),
      work: async (caseId: string) => {
        if (await caseStep(ctx, caseId, AID.verb.pass_notice, undefined, { from: [AID.state.in_notice] })) passed += 1;
      },
      chunkSize: STEP_CONCURRENCY,
      concurrency: STEP_CONCURRENCY,
    },
    budgetMs,
    { recurring: true, waitIfBusy },
  );
  if (job.done && notice.status === 'active')
    await ctx.db
      .collection(NOTICES)
      .doc(notice._id)
      .update({ data: { status: 'ended' } });
  return { job, passed };
}

/**
 * Timer: continue publications and expire notices whose period is over, within one budget shared by all.
 * Returns how many notices it worked on, how many cases passed and whether everything is finished.
 */
export async function runNoticeJobs(
  ctx: HandlerContext,
  budgetMs = jobBudgetMs(AID_BUDGET_MS),
): Promise<{ notices: number; passed: number; published: number; complete: boolean }> {
  const started = Date.now();
  const left = () => Math.max(0, budgetMs - (Date.now() - started));
  const _ = ctx.db.command;
  const out = { notices: 0, passed: 0, published: 0, complete: true };
  const publishing = await readAll<NoticeDoc>(ctx.db, NOTICES, { status: 'publishing' });
  for (const n of publishing) {
    const run = await continuePublication(ctx, n, left());
    out.notices += 1;
    out.published += run.published?.length ?? 0;
    if (!run.job.done) out.complete = false;
  }
  const due = await readAll<NoticeDoc>(ctx.db, NOTICES, { status: 'active', endsAt: _.lte(ctx.now()) });
  for (const n of due) {
    const run = await continueExpiry(ctx, n, left());
    out.notices += 1;
    out.passed += run.passed;
    if (!run.job.done) out.complete = false;
  }
  return out;
}
