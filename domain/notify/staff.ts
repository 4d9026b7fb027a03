/**
 * Subscribe messages to staff: a new case at their node (submitted, transferred or escalated to it)
 * and overdue reminders. Recipients are the active staff whose scope node is the case's node.
 */
import { readAll } from '../runtime/paging';
import type { HandlerContext } from '../runtime/context';
import { newNotification, type NotificationDoc } from './outbox';
import { templateMessage } from './templates';

/** Openids of the active staff working at a grid node (a handful). */
export async function staffOpenidsAt(ctx: HandlerContext, nodeId: string): Promise<string[]> {
  const data = await readAll<{ _id: string; openid: string; active: boolean }>(ctx.db, 'staff', {
    gridNodeId: nodeId,
    active: true,
  });
  return data.map((s) => s.openid).filter(Boolean);
}

/** A reminder to one staff member about one case (no personal data: type, category, status, node). */
export function staffNotice(
  c: { _id: string; categoryLabel: string },
  typeTitle: string,
  touser: string,
  phrase: string,
  note: string,
  now: Date,
): NotificationDoc {
  const message = templateMessage('staff_reminder', {
    thing1: `${typeTitle}·${c.categoryLabel}`,
    phrase2: phrase,
    time3: now,
    thing4: note,
  });
  return newNotification(
    {
      purpose: 'staff_reminder',
      touser,
      templateId: message.templateId,
      page: `pages/case/index?id=${c._id}`,
      caseId: c._id,
      data: message.data,
    },
    now,
  );
}
