/**
 * The subscribe messages a case produces: a status change to whoever follows it as applicant (see
 * `parties.applicantRecipients`), and a to-do to the staff of the node it arrives at. No personal data and no free
 * text in them (free text may be held for review): the detail is in the app.
 */
import type { HandlerContext } from '../runtime/context';
import { newNotification, type NotificationDoc } from '../notify/outbox';
import { templateMessage } from '../notify/templates';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import type { AnyCaseType } from './declaration';
import { applicantRecipients } from './parties';
import type { CaseDoc } from './store';

/** The subscribe message telling `touser` (by default the applicant's WeChat) about a status change. */
export function statusNotification(
  decl: AnyCaseType,
  c: Pick<CaseDoc, '_id' | 'categoryLabel' | 'applicantOpenid'>,
  to: string,
  note: string,
  now: Date,
  touser = c.applicantOpenid,
): NotificationDoc {
  const message = templateMessage('case_status', {
    thing1: `${decl.title}·${c.categoryLabel}`,
    phrase2: decl.states[to]?.label ?? to,
    time3: now,
    thing4: note || '请在小程序中查看办理进度',
  });
  return newNotification(
    {
      purpose: 'case_status',
      touser,
      templateId: message.templateId,
      page: `pages/case/index?id=${c._id}`,
      caseId: c._id,
      data: message.data,
    },
    now,
  );
}

/** Status messages to everyone who follows the case as applicant now (none when nobody can receive one). */
export async function statusNotifications(
  ctx: HandlerContext,
  decl: AnyCaseType,
  c: Parameters<typeof applicantRecipients>[1] & Pick<CaseDoc, '_id' | 'categoryLabel'>,
  to: string,
  note: string,
  now: Date,
): Promise<NotificationDoc[]> {
  const recipients = await applicantRecipients(ctx, c);
  return recipients.map((touser) => statusNotification(decl, c, to, note, now, touser));
}

/** Tell the staff of the node a case just arrived at (submitted, transferred or escalated there). */
export async function newCaseNotices(
  ctx: HandlerContext,
  decl: AnyCaseType,
  c: Pick<CaseDoc, '_id' | 'categoryLabel' | 'applicantOpenid'>,
  nodeId: string,
  now: Date,
): Promise<NotificationDoc[]> {
  const openids = (await staffOpenidsAt(ctx, nodeId)).filter((o) => o !== c.applicantOpenid);
  return openids.map((openid) => staffNotice(c, decl.title, openid, '待办理', '有新的事项待您办理', now));
}
