/**
 * Side effects that span several writes, as sagas: CLAIM a document (one conditional update, so of concurrent
 * runners exactly one proceeds), do the STEP (a case moves, money is recorded…), then FINISH the document — or
 * COMPENSATE it when the step failed, so nothing is left half-done. A runner that died between the claim and the
 * finish (the function timed out) leaves a claim behind: the timer RECOVERS claims older than their lease by asking
 * the saga whether the step took effect (the case's state says which way it went) and finishing or releasing it.
 *
 * Two shapes, one mechanism:
 * - {@link ClaimedStep}: one document, one step (a payment recorded as paid, an objection settled);
 * - {@link ResumableSaga}: a document whose step is many items (a notice publishing hundreds of cases), run as a
 *   chunked job of `jobs.ts`: the claim is the job's lease, the cursor makes every run resume where the last
 *   stopped, and `settle` finishes (or compensates) once the last chunk is done.
 *
 * Every {@link ClaimedStep} is registered ({@link registerSaga}) so one timer call ({@link recoverSagas}) recovers
 * all of them; a new side effect declares its saga and needs no other change to be recovered.
 */
import type { HandlerContext } from './context';
import { runChunked, type ChunkedJob, type JobProgress } from './jobs';

/** A claim is considered abandoned after this long (a step takes seconds; the function's timeout is 20 s). */
export const CLAIM_STALE_MS = 120_000;

/** The fields a claimed document carries. */
export interface ClaimableDoc {
  _id: string;
  status: string;
  claimedAt?: Date | null;
}

/** Fields written to a document. */
export type Patch = Record<string, unknown>;

/** One claimed step over documents of one collection; `I` is what the caller asks for (e.g. paid or failed). */
export interface ClaimedStep<D extends ClaimableDoc, I> {
  /** For logs and the recovery counts (`payments`, `objections`). */
  name: string;
  collection: string;
  /** The status a document is claimed from, and the status it holds while claimed. */
  from: string;
  claimed: string;
  /** What is about to happen, written with the claim so recovery can tell (e.g. `pendingResult: 'paid'`). */
  intent(input: I): Patch;
  /** The effect; throwing refuses the request after compensating. */
  step(ctx: HandlerContext, doc: D, input: I): Promise<void>;
  /** Written once the step took effect. */
  finish(doc: D, input: I, now: Date): Patch;
  /** Written when the step failed: the document is back where it was claimed from. */
  compensate(doc: D): Patch;
  /** A claim its runner abandoned: the fields that settle it, after checking whether the step took effect. */
  recover(ctx: HandlerContext, doc: D, now: Date): Promise<Patch>;
}

export type ClaimOutcome = { claimed: false } | { claimed: true; patch: Patch; now: Date };

/**
 * Claim `doc`, run the step, finish or compensate. `{ claimed: false }` when another runner holds it or it is no
 * longer in `from` (the caller says what was recorded instead).
 */
export async function runClaimedStep<D extends ClaimableDoc, I>(
  ctx: HandlerContext,
  saga: ClaimedStep<D, I>,
  doc: D,
  input: I,
): Promise<ClaimOutcome> {
  const claimed = await ctx.db
    .collection(saga.collection)
    .where({ _id: doc._id, status: saga.from })
    .update({ data: { status: saga.claimed, ...saga.intent(input), claimedAt: ctx.now() } });
  if (claimed.stats.updated !== 1) return { claimed: false };
  try {
    await saga.step(ctx, doc, input);
  } catch (error) {
    await ctx.db
      .collection(saga.collection)
      .doc(doc._id)
      .update({ data: saga.compensate(doc) });
    throw error;
  }
  const now = ctx.now();
  const patch = saga.finish(doc, input, now);
  await ctx.db.collection(saga.collection).doc(doc._id).update({ data: patch });
  return { claimed: true, patch, now };
}

/**
 * Settle claims of `saga` abandoned for longer than `staleMs` (up to `limit` a run; the next run takes the rest).
 * Each is settled with a conditional update on the claim, so a runner finishing late and the timer never both
 * write. Returns how many were settled.
 */
export async function recoverClaims<D extends ClaimableDoc>(
  ctx: HandlerContext,
  saga: ClaimedStep<D, never>,
  staleMs = CLAIM_STALE_MS,
  limit = 100,
): Promise<number> {
  const now = ctx.now();
  const before = new Date(now.getTime() - staleMs);
  const { data } = await ctx.db
    .collection<D>(saga.collection)
    .where({ status: saga.claimed, claimedAt: ctx.db.command.lt(before) })
    .limit(limit)
    .get();
  for (const doc of data) {
    const patch = await saga.recover(ctx, doc as D, now);
    await ctx.db.collection(saga.collection).where({ _id: doc._id, status: saga.claimed }).update({ data: patch });
  }
  return data.length;
}

// The registered claimed steps, recovered together by the timer.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list; each is used with its own types
const SAGAS = new Map<string, ClaimedStep<any, any>>();

/** Make a claimed step known to {@link recoverSagas}. Returns it, for `export const X = registerSaga({...})`. */
export function registerSaga<D extends ClaimableDoc, I>(saga: ClaimedStep<D, I>): ClaimedStep<D, I> {
  SAGAS.set(saga.name, saga);
  return saga;
}

/** Recover every registered saga's abandoned claims; counts by saga name. */
export async function recoverSagas(ctx: HandlerContext, staleMs = CLAIM_STALE_MS): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, saga] of SAGAS) counts[name] = await recoverClaims(ctx, saga, staleMs);
  return counts;
}

/** A saga whose step is a chunked job over many items, settled once every item is done. */
export interface ResumableSaga<T, R> {
  /** The items and the step on each (its `key` names the job: the lease is the claim, the cursor the progress). */
  job: ChunkedJob<T>;
  /** Once the job's pass is complete: finish the document, or compensate when nothing took effect. */
  settle(): Promise<R>;
}

/**
 * Advance a resumable saga by at most `budgetMs`; settle it when its job completes. A run that stops on its
 * budget (or finds another run holding the job) leaves it for the next run, which resumes from the cursor.
 */
export async function runResumableSaga<T, R>(
  ctx: HandlerContext,
  saga: ResumableSaga<T, R>,
  budgetMs: number,
): Promise<{ job: JobProgress; result: R | null }> {
  const job = await runChunked(ctx, saga.job, budgetMs);
  if (!job.done) return { job, result: null };
  return { job, result: await saga.settle() };
}
