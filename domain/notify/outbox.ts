/**
 * Subscribe messages through a transactional outbox. A message is written as `pending` in the same
 * transaction as the state change it reports, then sent after the commit (three attempts). A send
 * that still fails becomes an incident (`status: 'failed'`) an administrator retries; the case
 * itself is never half-changed. The scheduler also sends messages left `pending` by a crash.
 */
import { randomBytes } from 'crypto';
import type { Incident } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import type { Filter, Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { chinaMinute } from '../../common/china-time';
import { templateIdOf } from './templates';

export const NOTIFICATIONS = 'notifications';

/** `hook`: a case type's side-effect hook that failed (retried by re-running it). */
export type NotificationKind = 'subscribe_message' | 'hook';

/** One outgoing subscribe message as stored. */
export interface NotificationDoc {
  _id: string;
  kind: NotificationKind;
  /** `case_status` (to the applicant) or `staff_reminder`. */
  purpose: 'case_status' | 'staff_reminder';
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  caseId: string | null;
  /**
   * `sending`: claimed by one sender (until `sendingUntil`), so two senders never send it twice;
   * `unsubscribed`: the person holds no subscription to the template (43101): expected, not an incident.
   */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unsubscribed';
  /** Sends tried, counted with an atomic increment. */
  attempts: number;
  /** Wall-clock ms after which a `sending` claim whose sender died may be taken over. */
  sendingUntil?: number;
  lastError: string;
  createdAt: Date;
  updatedAt: Date;
  /** `<createdAt ms, 15 digits>|<_id>`: keyset cursor for the incident list. */
  createdKey: string;
}

/** A sortable key `<ms padded>|<id>`. */
export function timeKey(at: Date | number, id: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return `${String(ms).padStart(15, '0')}|${id}`;
}

/** `YYYY-MM-DD HH:mm` in China time. */
export function cstMinute(at: Date): string {
  return chinaMinute(at);
}

/** Build a pending notification document (written by the caller, usually inside a transaction). */
export function newNotification(
  input: Pick<NotificationDoc, 'purpose' | 'touser' | 'templateId' | 'page' | 'data' | 'caseId'>,
  now: Date,
): NotificationDoc {
  const _id = randomBytes(12).toString('hex');
  return {
    _id,
    kind: 'subscribe_message',
    ...input,
    status: 'pending',
    attempts: 0,
    lastError: '',
    createdAt: now,
    updatedAt: now,
    createdKey: timeKey(now, _id),
  };
}

/** Add a pending notification inside a transaction. */
export async function enqueue(tx: Transaction, doc: NotificationDoc): Promise<void> {
  await tx.collection(NOTIFICATIONS).add({ data: doc });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorText(error: unknown): string {
  const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown } | null;
  // errCode and WeChat's short errmsg only: never the message data.
  return `${e?.errCode ?? ''} ${String(e?.errMsg ?? e?.message ?? '').slice(0, 120)}`.trim();
}

/**
 * WeChat answers that a retry cannot change: no subscription left (43101), unknown template (40037),
 * data that breaks a field's rule (47003), bad openid (40003).
 */
const FINAL_ERRORS = new Set([43101, 40037, 47003, 40003]);

function errCode(error: unknown): number | null {
  const code = Number((error as { errCode?: unknown } | null)?.errCode);
  return Number.isFinite(code) ? code : null;
}

/** How long a sender holds a notification it claimed (three tries take well under a second). */
const SENDING_LEASE_MS = 5 * 60_000;

/**
 * Claim a notification for sending, in one conditional update on the status and attempt count seen: of two
 * senders (the scheduler twice, two administrators retrying) only one wins, so a message is sent once.
 */
async function claimForSending(ctx: HandlerContext, doc: NotificationDoc): Promise<boolean> {
  const _ = ctx.db.command;
  const stillAsSeen =
    doc.status === 'sending'
      ? { status: 'sending', attempts: doc.attempts, sendingUntil: _.lt(Date.now()) }
      : { status: doc.status, attempts: doc.attempts };
  const res = await ctx.db
    .collection(NOTIFICATIONS)
    .where({ _id: doc._id, ...stillAsSeen })
    .update({ data: { status: 'sending', sendingUntil: Date.now() + SENDING_LEASE_MS, updatedAt: ctx.now() } });
  return res.stats.updated === 1;
}

/**
 * Send one notification with up to `attempts` tries, after claiming it; record the outcome (the attempt counter
 * is incremented atomically). Returns the stored status, or `null` when another sender holds it.
 */
export async function deliver(
  ctx: HandlerContext,
  doc: NotificationDoc,
  attempts = 3,
): Promise<NotificationDoc['status'] | null> {
  if (!(await claimForSending(ctx, doc))) return null;
  let lastError = '';
  let tries = 0;
  let code: number | null = null;
  for (let i = 0; i < attempts; i += 1) {
    tries += 1;
    try {
      await ctx.cloud.openapi.subscribeMessage.send({
        touser: doc.touser,
        templateId: doc.templateId,
        page: doc.page,
        data: doc.data,
        miniprogramState: 'formal',
      } as never);
      lastError = '';
      code = null;
      break;
    } catch (error) {
      lastError = errorText(error) || 'send failed';
      code = errCode(error);
      if (code !== null && FINAL_ERRORS.has(code)) break;
      if (i < attempts - 1) await sleep(100 * (i + 1));
    }
  }
  const status = !lastError ? 'sent' : code === 43101 ? 'unsubscribed' : 'failed';
  await ctx.db
    .collection(NOTIFICATIONS)
    .doc(doc._id)
    .update({
      data: {
        status,
        attempts: ctx.db.command.inc(tries),
        lastError,
        sendingUntil: ctx.db.command.remove(),
        updatedAt: ctx.now(),
      },
    });
  if (status === 'failed')
    ctx.log.warn('subscribe message failed; recorded as incident', { id: doc._id, error: lastError });
  return status;
}

/** Send freshly committed notifications (errors never reach the caller: they become incidents). */
export async function deliverAll(ctx: HandlerContext, docs: readonly NotificationDoc[]): Promise<void> {
  await Promise.all(
    docs.map((doc) =>
      deliver(ctx, doc).catch((error: unknown) => {
        ctx.log.error('could not record a notification outcome', error);
      }),
    ),
  );
}

/** An incident as the admin list shows it. */
export function toIncident(doc: NotificationDoc): Incident {
  return {
    _id: doc._id,
    kind: doc.kind,
    caseId: doc.caseId,
    status: doc.status === 'sent' ? 'sent' : 'failed',
    attempts: doc.attempts,
    lastError: doc.lastError,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

/** Failed notifications, newest first, 50 a page. */
export async function listIncidents(
  ctx: HandlerContext,
  cursor?: string,
): Promise<{ items: Incident[]; nextCursor: string | null }> {
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { status: 'failed' };
  if (cursor) where.createdKey = _.lt(cursor);
  const { data } = await ctx.db
    .collection<NotificationDoc>(NOTIFICATIONS)
    .where(where)
    .orderBy('createdKey', 'desc')
    .limit(51)
    .get();
  const page = data.slice(0, 50);
  return { items: page.map(toIncident), nextCursor: data.length > 50 ? page[page.length - 1].createdKey : null };
}

/** Retry a failed notification now (template ids are re-read, so a fixed configuration takes effect). */
export async function retryIncident(ctx: HandlerContext, id: string): Promise<Incident> {
  const { data } = await ctx.db.collection<NotificationDoc>(NOTIFICATIONS).where({ _id: id }).limit(1).get();
  const doc = data[0];
  if (!doc) throw new AppError('NOT_FOUND', '记录不存在');
  if (doc.status !== 'failed') throw new AppError('PRECONDITION_FAILED', '该记录不是失败状态，无需重试');
  const fresh = { ...doc, templateId: refreshTemplate(doc) };
  if (fresh.templateId !== doc.templateId) {
    await ctx.db
      .collection(NOTIFICATIONS)
      .doc(id)
      .update({ data: { templateId: fresh.templateId } });
  }
  if ((await deliver(ctx, fresh, 1)) === null) throw new AppError('CONFLICT', '该记录正在由他人重试，请刷新后查看');
  const after = await ctx.db.collection<NotificationDoc>(NOTIFICATIONS).where({ _id: id }).limit(1).get();
  return toIncident(after.data[0]);
}

function refreshTemplate(doc: NotificationDoc): string {
  return templateIdOf(doc.purpose);
}

/**
 * Send notifications still `pending` a minute after they were written, or still `sending` after their sender's
 * lease ran out (the sender crashed). Each is claimed first, so two runs at once send it once.
 */
export async function sendStalePending(ctx: HandlerContext, limit = 100): Promise<number> {
  const _ = ctx.db.command;
  const before = new Date(ctx.now().getTime() - 60_000);
  const { data } = await ctx.db
    .collection<NotificationDoc>(NOTIFICATIONS)
    .where(
      _.or([
        { status: 'pending', createdKey: _.lt(timeKey(before, '')) },
        { status: 'sending', sendingUntil: _.lt(Date.now()) },
      ]) as Filter,
    )
    .orderBy('createdKey', 'asc')
    .limit(limit)
    .get();
  await deliverAll(ctx, data);
  return data.length;
}
