/**
 * Idempotent submissions. The first call with a client request id claims it (a unique `_id` in the `requests`
 * collection) and runs; concurrent duplicates wait for it. Only a success is kept and returned to later retries:
 * a refusal (an AppError: PROFILE_REQUIRED, a wrong code, a field to correct…) or a crash releases the claim, so
 * the person can fix what was wrong and send again with the same id, and it runs again. A claim whose holder
 * died (the instance timed out or crashed) is taken over once its lease runs out.
 */
import { createHash, randomBytes } from 'crypto';
import type { ApiResult } from '../../typings/api';
import type { HandlerContext } from './context';
import { AppError } from './errors';
import { isDuplicateKeyError } from './db-errors';

const COLLECTION = 'requests';
/** How long a duplicate waits for the first call before answering CONFLICT. */
const WAIT_MS = 15_000;
/** A claim older than this is abandoned (longer than any function's timeout, 60 s). */
export const CLAIM_LEASE_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RequestDoc {
  _id: string;
  scope: string;
  status: 'pending' | 'done';
  /** Who holds a pending claim (a random token per attempt). */
  token?: string;
  /** Wall-clock ms after which a pending claim may be taken over. */
  leaseUntil?: number;
  result?: ApiResult<unknown>;
}

type Claim = { kind: 'mine'; token: string } | { kind: 'done'; result: ApiResult<unknown> } | { kind: 'busy' };

/** Try once to hold the request id: claimed, already answered with a success, or held by someone else. */
async function claim(ctx: HandlerContext, _id: string, scope: string): Promise<Claim> {
  const requests = ctx.db.collection<RequestDoc>(COLLECTION);
  const token = randomBytes(12).toString('hex');
  const leaseUntil = Date.now() + CLAIM_LEASE_MS;
  try {
    await requests.add({ data: { _id, scope, status: 'pending', token, leaseUntil, createdAt: ctx.now() } });
    return { kind: 'mine', token };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const { data } = await requests.where({ _id }).limit(1).get();
  const doc = data[0];
  if (!doc) return { kind: 'busy' }; // released just now: the next try claims it
  if (doc.status === 'done' && doc.result?.ok) return { kind: 'done', result: doc.result };
  // A refusal stored by an older version, or a claim whose holder died: take it over (one winner).
  const stale = doc.status === 'done' || (doc.leaseUntil ?? 0) < Date.now();
  if (!stale) return { kind: 'busy' };
  const taken = await requests
    .where({ _id, status: doc.status, token: doc.token ?? null })
    .update({ data: { status: 'pending', token, leaseUntil, result: ctx.db.command.remove() } });
  return taken.stats.updated === 1 ? { kind: 'mine', token } : { kind: 'busy' };
}

/** Let go of a claim (only if still ours), so a retry runs again. */
async function release(ctx: HandlerContext, _id: string, token: string): Promise<void> {
  await ctx.db
    .collection(COLLECTION)
    .where({ _id, token })
    .remove()
    .catch((error: unknown) => ctx.log.warn('could not release a request claim; it expires with its lease', error));
}

/** Keep a success as the answer for this request id (a few tries: losing it would let a retry run twice). */
async function keep(ctx: HandlerContext, _id: string, token: string, result: ApiResult<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ctx.db
        .collection(COLLECTION)
        .where({ _id, token })
        .update({ data: { status: 'done', result, doneAt: ctx.now(), leaseUntil: ctx.db.command.remove() } });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(100 * attempt);
    }
  }
}

/** Run `run` at most once to success per (scope, caller, request id); see the module comment. */
export async function runIdempotent(
  ctx: HandlerContext,
  scope: string,
  requestId: string,
  run: () => Promise<ApiResult<unknown>>,
): Promise<ApiResult<unknown>> {
  const _id = createHash('sha256').update(`${scope}\u0000${ctx.identity.openid}\u0000${requestId}`).digest('hex');
  const deadline = Date.now() + WAIT_MS;
  let held: Claim = await claim(ctx, _id, scope);
  while (held.kind === 'busy') {
    if (Date.now() > deadline) throw new AppError('CONFLICT', '同一请求正在处理中，请稍后查看结果');
    await sleep(50);
    held = await claim(ctx, _id, scope);
  }
  if (held.kind === 'done') return held.result;
  const { token } = held;
  let result: ApiResult<unknown>;
  try {
    result = await run();
  } catch (error) {
    await release(ctx, _id, token);
    throw error;
  }
  if (!result.ok) {
    await release(ctx, _id, token);
    return result;
  }
  await keep(ctx, _id, token, result);
  return result;
}
