/**
 * Long work in bounded, resumable chunks. A job pages through its items from a cursor kept in the `jobs`
 * collection, does a chunk, saves the cursor and its progress, and stops taking chunks once its time budget
 * is spent — well inside the function's timeout at CloudBase's latency. The next run (the next timer tick, or
 * the next call that asks for it) continues from the saved cursor. A lease on the job document keeps two runs
 * from working on it at once; a run that died leaves the lease to expire and its cursor to resume from.
 *
 * One mechanism for every timer and batch job (overdue scan, notice publication and expiry), meant to be reused
 * for other side effects: give it a `key`, a `page` function and a `work` function.
 */
import type { HandlerContext } from './context';
import { isDuplicateKeyError } from './db-errors';

export const JOBS = 'jobs';

/** A job's stored state (`_id` = its key). */
export interface JobDoc {
  _id: string;
  /** Where the next run continues (null: at the start of a new pass). */
  cursor: string | null;
  /** Items done in the current pass. */
  processed: number;
  /** Passes completed. */
  passes: number;
  /** True once a one-shot job's pass completed. */
  done: boolean;
  /** Wall-clock ms until which a run holds the job. */
  leaseUntil: number;
  updatedAt: Date;
  lastRun: { processed: number; ms: number; stoppedBy: JobProgress['stoppedBy'] } | null;
}

/** One job's definition. */
export interface ChunkedJob<T> {
  key: string;
  /** Up to `limit` items after `cursor` (null: from the start), and the cursor after the last one given. */
  page(cursor: string | null, limit: number): Promise<{ items: T[]; cursor: string | null }>;
  work(item: T): Promise<unknown>;
  /** Items read and worked per chunk (default 40). */
  chunkSize?: number;
  /** Items worked at once within a chunk (default 8): each is its own set of round trips. */
  concurrency?: number;
}

/** What one run did. */
export interface JobProgress {
  key: string;
  /** Items worked in this run (failed ones included). */
  processed: number;
  /** Items whose work threw in this run (logged; the next pass tries them again). */
  failed: number;
  /** Items done in the current pass so far (after this run). */
  passProcessed: number;
  /** The pass is complete. */
  done: boolean;
  /** `done`, `budget` (stopped to stay inside the timeout; resumes next run) or `busy` (another run holds it
   * — with `waitIfBusy`, for longer than the budget). */
  stoppedBy: 'done' | 'budget' | 'busy';
  ms: number;
}

/** How long a run may take new chunks (ms of wall time): the caller's budget, or `UNION_JOB_BUDGET_MS` (tests). */
export function jobBudgetMs(defaultMs: number): number {
  const override = Number(process.env.UNION_JOB_BUDGET_MS);
  return Number.isFinite(override) && override > 0 ? override : defaultMs;
}

/** Run `fn` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function claim(ctx: HandlerContext, key: string, leaseMs: number): Promise<JobDoc | null> {
  const jobs = ctx.db.collection<JobDoc>(JOBS);
  const now = Date.now();
  const _ = ctx.db.command;
  const claimed = await jobs
    .where({ _id: key, leaseUntil: _.lt(now) })
    .update({ data: { leaseUntil: now + leaseMs, updatedAt: ctx.now() } });
  if (claimed.stats.updated === 1) return (await jobs.doc(key).get()).data as JobDoc;
  const existing = (await jobs.where({ _id: key }).limit(1).get()).data[0];
  if (existing) return null; // held by another run
  const fresh: JobDoc = {
    _id: key,
    cursor: null,
    processed: 0,
    passes: 0,
    done: false,
    leaseUntil: now + leaseMs,
    updatedAt: ctx.now(),
    lastRun: null,
  };
  try {
    await jobs.add({ data: fresh });
    return fresh;
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/**
 * Run a job for at most `budgetMs` of wall time (chunks already started finish), saving the cursor after
 * every chunk. A one-shot job whose pass is complete stays `done` (a later run does nothing); a recurring one
 * (`recurring: true`) starts a new pass on the next run.
 */
export async function runChunked<T>(
  ctx: HandlerContext,
  job: ChunkedJob<T>,
  budgetMs: number,
  options: { recurring?: boolean; waitIfBusy?: boolean } = {},
): Promise<JobProgress> {
  const started = Date.now();
  const chunkSize = job.chunkSize ?? 40;
  // The lease outlives the budget by a chunk's worth of work; a run that dies frees the job after it.
  let state = await claim(ctx, job.key, budgetMs + 60_000);
  // A caller that needs the job finished (not just advanced) waits for a concurrent run, within its budget.
  while (!state && options.waitIfBusy && Date.now() - started < budgetMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    state = await claim(ctx, job.key, budgetMs + 60_000);
  }
  if (!state)
    return {
      key: job.key,
      processed: 0,
      failed: 0,
      passProcessed: 0,
      done: false,
      stoppedBy: 'busy',
      ms: Date.now() - started,
    };
  const jobs = ctx.db.collection<JobDoc>(JOBS);
  if (state.done && !options.recurring) {
    await jobs.doc(job.key).update({ data: { leaseUntil: 0 } });
    return {
      key: job.key,
      processed: 0,
      failed: 0,
      passProcessed: state.processed,
      done: true,
      stoppedBy: 'done',
      ms: Date.now() - started,
    };
  }
  let cursor = state.done ? null : state.cursor;
  let passProcessed = state.done ? 0 : state.processed;
  let processed = 0;
  let failed = 0;
  let done = false;
  try {
    while (Date.now() - started < budgetMs) {
      const { items, cursor: next } = await job.page(cursor, chunkSize);
      // One item failing never stalls the job: it is logged and left for the next pass.
      await mapLimit(items, job.concurrency ?? 8, (item) =>
        job.work(item).catch((error: unknown) => {
          failed += 1;
          ctx.log.warn('job item failed; retried on the next pass', { job: job.key, error: String(error) });
        }),
      );
      processed += items.length;
      passProcessed += items.length;
      done = items.length < chunkSize || next === null;
      cursor = done ? null : next;
      await jobs.doc(job.key).update({
        data: {
          cursor,
          processed: passProcessed,
          done,
          updatedAt: ctx.now(),
          ...(done ? { passes: ctx.db.command.inc(1) } : {}),
        },
      });
      if (done) break;
    }
  } finally {
    const stoppedBy: JobProgress['stoppedBy'] = done ? 'done' : 'budget';
    await jobs
      .doc(job.key)
      .update({ data: { leaseUntil: 0, lastRun: { processed, ms: Date.now() - started, stoppedBy } } })
      .catch(() => undefined);
  }
  return {
    key: job.key,
    processed,
    failed,
    passProcessed,
    done,
    stoppedBy: done ? 'done' : 'budget',
    ms: Date.now() - started,
  };
}

/** A job's stored progress (null when it never ran). */
export async function jobState(ctx: Pick<HandlerContext, 'db'>, key: string): Promise<JobDoc | null> {
  return ((await ctx.db.collection<JobDoc>(JOBS).where({ _id: key }).limit(1).get()).data[0] as JobDoc) ?? null;
}
