/**
 * Idempotent submissions: the first call with a client request id claims it (a unique `_id` in
 * the `requests` collection); concurrent or later retries wait for and return the first result.
 */
import { createHash } from 'crypto';
import type { ApiResult } from '../../typings/api';
import type { HandlerContext } from './context';
import { AppError } from './errors';
import { isDuplicateKeyError } from './db-errors';

const COLLECTION = 'requests';
const WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runIdempotent(
  ctx: HandlerContext,
  scope: string,
  requestId: string,
  run: () => Promise<ApiResult<unknown>>,
): Promise<ApiResult<unknown>> {
  const _id = createHash('sha256').update(`${scope}\u0000${ctx.identity.openid}\u0000${requestId}`).digest('hex');
  const requests = ctx.db.collection(COLLECTION);
  try {
    await requests.add({ data: { _id, scope, status: 'pending', createdAt: ctx.now() } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const { data } = await requests
        .doc(_id)
        .get()
        .catch(() => ({ data: null }));
      const doc = data as { status?: string; result?: ApiResult<unknown> } | null;
      if (doc?.status === 'done' && doc.result) return doc.result;
      if (!doc) break;
      await sleep(50);
    }
    throw new AppError('CONFLICT', '同一请求正在处理中，请稍后查看结果');
  }
  let result: ApiResult<unknown>;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof AppError) {
      result = error.toFailure();
    } else {
      await requests
        .doc(_id)
        .remove()
        .catch(() => undefined);
      throw error;
    }
  }
  await requests.doc(_id).update({ data: { status: 'done', result, doneAt: ctx.now() } });
  return result;
}
