/**
 * Reminders (催办): to the staff of a recipient's node and of the level above it. The issuer reminds every
 * unsigned or late part with one tap; the timer (scheduler `tasks`) reminds a part once when it turns yellow and
 * once a day while it is red. Each reminder is recorded once per part and day (`task_reminders`, id
 * `<part>:<day>:<why>`), so a second tap, a retried call or two timers at once send nothing twice.
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

type Why = 'manual' | 'yellow' | 'red';

const PHRASE: Record<Why, string> = { manual: '催办', yellow: '即将到期', red: '已逾期' };

/** Record a reminder for a part once per key; false when it was recorded before. */
async function claim(ctx: HandlerContext, id: string, part: CaseDoc, why: Why): Promise<boolean> {
  const ref = ctx.db.collection(TASK_REMINDERS).doc(id);
  const existing = await ref.get().catch(() => ({ data: null }));
  if (existing.data) return false;
  try {
    await ctx.db.collection(TASK_REMINDERS).add({ data: { _id: id, caseId: part._id, why, at: ctx.now() } });
    return true;
  } catch {
    return false; // another run claimed it a moment ago
  }
}

/** Remind one part's node and the level above (never the issuer's own node twice). */
export async function remindPart(ctx: HandlerContext, part: CaseDoc, why: Why, skipNode?: string): Promise<boolean> {
  const now = ctx.now();
  const day = chinaDate(now);
  const key = why === 'yellow' ? `${part._id}:yellow` : `${part._id}:${day}:${why}`;
  if (!(await claim(ctx, key, part, why))) return false;
  const above = part.nodePath.length > 1 ? part.nodePath[part.nodePath.length - 2] : null;
  const nodes = [part.nodeId, ...(above && above !== skipNode ? [above] : [])];
  const openids = [...new Set((await Promise.all(nodes.map((n) => staffOpenidsAt(ctx, n)))).flat())];
  const deadline = effectiveDeadline(part);
  const notes: NotificationDoc[] = openids.map((openid) =>
    staffNotice(part, taskItemCaseType.title, openid, PHRASE[why], `截止 ${deadline}，请尽快办理`, now),
  );
  for (const n of notes) await ctx.db.collection(NOTIFICATIONS).add({ data: n });
  await deliverAll(ctx, notes);
  return true;
}

/** Needs reminding now: not finished, and unsigned (manual only) or yellow/red. */
export function reminderDue(part: CaseDoc, now: Date): Why | null {
  if (part.status === taskItemCaseType.state.done) return null;
  const light = lightOf(effectiveDeadline(part), false, now);
  return light === 'red' || light === 'yellow' ? light : null;
}

/** The timer's pass over open parts. */
export async function scanTaskDeadlines(ctx: HandlerContext): Promise<{ scanned: number; reminded: number }> {
  const parts = await readAll<CaseDoc>(ctx.db, CASES, { type: taskItemCaseType.type, open: true });
  const now = ctx.now();
  const sent = await mapLimit(parts, 8, async (p) => {
    const why = reminderDue(p, now);
    return why ? remindPart(ctx, p, why) : false;
  });
  return { scanned: parts.length, reminded: sent.filter(Boolean).length };
}
