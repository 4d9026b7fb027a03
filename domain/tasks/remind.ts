/**
 * Reminders (催办): to the staff of a recipient's node and of the level above it. The issuer reminds every
 * unsigned or late part with one tap; the timer (scheduler `tasks`) reminds a part once when it turns yellow and
 * once a day while it is red. Each reminder is recorded once per part and key (`task_reminders`, id
 * `<part>:yellow`, `<part>:<day>:red|manual`), so a second tap, a retried call or two timers at once send nothing
 * twice. The messages are written `pending` to the outbox first (database writes only, 8 parts at a time) and
 * then sent within the call's time budget; what the budget leaves the scheduler's outbox pass sends.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { mapLimit } from '../runtime/jobs';
import { chinaDate } from '../../common/china-time';
import { deliverAll, NOTIFICATIONS, type NotificationDoc } from '../notify/outbox';
import { staffOpenidsAt, staffNotice } from '../notify/staff';
import { CASES, type CaseDoc } from '../cases/store';
import { effectiveDeadline, lightOf } from './deadline';
import { taskItemCaseType } from './types';

export const TASK_REMINDERS = 'task_reminders';

export type Why = 'manual' | 'yellow' | 'red';

const PHRASE: Record<Why, string> = { manual: '催办', yellow: '即将到期', red: '已逾期' };

/** Parts reminded (and their messages written) 8 at a time. */
const CONCURRENCY = 8;

/** Record a reminder for a part once per key; false when it was recorded before. */
async function claim(ctx: HandlerContext, id: string, part: CaseDoc, why: Why): Promise<boolean> {
  const existing = await ctx.db
    .collection(TASK_REMINDERS)
    .doc(id)
    .get()
    .catch(() => ({ data: null }));
  const found = Array.isArray(existing.data) ? existing.data.length > 0 : Boolean(existing.data);
  if (found) return false;
  try {
    await ctx.db.collection(TASK_REMINDERS).add({ data: { _id: id, caseId: part._id, why, at: ctx.now() } });
    return true;
  } catch {
    return false; // another run claimed it a moment ago
  }
}

/** Staff openids per node, looked up once per call (a town's 14 villages share their town). */
function staffLookup(ctx: HandlerContext): (nodeId: string) => Promise<string[]> {
  const cache = new Map<string, Promise<string[]>>();
  return (nodeId) => {
    if (!cache.has(nodeId)) cache.set(nodeId, staffOpenidsAt(ctx, nodeId));
    return cache.get(nodeId)!;
  };
}

/** Claim one part's reminder and write its messages (node and level above, never `skipNode`); null if claimed before. */
async function queueReminder(
  ctx: HandlerContext,
  part: CaseDoc,
  why: Why,
  staffAt: (nodeId: string) => Promise<string[]>,
  skipNode?: string,
): Promise<NotificationDoc[] | null> {
  const now = ctx.now();
  const key = why === 'yellow' ? `${part._id}:yellow` : `${part._id}:${chinaDate(now)}:${why}`;
  if (!(await claim(ctx, key, part, why))) return null;
  const above = part.nodePath.length > 1 ? part.nodePath[part.nodePath.length - 2] : null;
  const nodes = [part.nodeId, ...(above && above !== skipNode ? [above] : [])];
  const openids = [...new Set((await Promise.all(nodes.map(staffAt))).flat())];
  const deadline = effectiveDeadline(part);
  const notes = openids.map((openid) =>
    staffNotice(part, taskItemCaseType.title, openid, PHRASE[why], `截止 ${deadline}，请尽快办理`, now),
  );
  await Promise.all(notes.map((n) => ctx.db.collection(NOTIFICATIONS).add({ data: n })));
  return notes;
}

/**
 * Remind `parts` (each with its reason): claim and write, then send within `budgetMs` of `started`; returns how
 * many parts were reminded now and how many had been reminded already under the same key.
 */
export async function remindParts(
  ctx: HandlerContext,
  parts: readonly { part: CaseDoc; why: Why }[],
  budgetMs: number,
  skipNode?: string,
): Promise<{ reminded: number; skipped: number }> {
  const started = Date.now();
  const staffAt = staffLookup(ctx);
  const queued = await mapLimit(parts, CONCURRENCY, ({ part, why }) =>
    queueReminder(ctx, part, why, staffAt, skipNode),
  );
  const notes = queued.flatMap((n) => n ?? []);
  await mapLimit(notes, CONCURRENCY, async (n) => {
    // Past the budget a message stays pending: the scheduler's outbox pass sends it.
    if (Date.now() - started < budgetMs) await deliverAll(ctx, [n]);
  });
  const reminded = queued.filter(Boolean).length;
  return { reminded, skipped: parts.length - reminded };
}

/** Needs reminding by the timer now: not finished, and yellow or red. */
export function reminderDue(part: CaseDoc, now: Date): Why | null {
  if (part.status === taskItemCaseType.state.done) return null;
  const light = lightOf(effectiveDeadline(part), false, now);
  return light === 'red' || light === 'yellow' ? light : null;
}

/** The timer's pass over open parts. */
export async function scanTaskDeadlines(
  ctx: HandlerContext,
  budgetMs: number,
): Promise<{ scanned: number; reminded: number }> {
  const parts = await readAll<CaseDoc>(ctx.db, CASES, { type: taskItemCaseType.type, open: true });
  const now = ctx.now();
  const due = parts.flatMap((part) => {
    const why = reminderDue(part, now);
    return why ? [{ part, why }] : [];
  });
  const { reminded } = await remindParts(ctx, due, budgetMs);
  return { scanned: parts.length, reminded };
}
