/**
 * The timer's pass over collective contracts (scheduler task `agreements`): it puts a filed contract in force when
 * its 15-day review window has passed without an objection, ends a contract whose term is over, and reminds the
 * enterprise's union (the case's contacts) and the town's staff of every countdown — once from 3 days before a
 * deadline, once a day after it, and once when the renewal window opens. Each reminder is claimed once
 * (`agreement_reminders`, keyed by contract, deadline, due date and day), so two runs send nothing twice.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll, readIn } from '../runtime/paging';
import { mapLimit } from '../runtime/jobs';
import { addDays, chinaDate } from '../../common/china-time';
import { loadCalendar } from '../calendar/holidays';
import { deliverAll, NOTIFICATIONS, type NotificationDoc } from '../notify/outbox';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import { newNotification } from '../notify/outbox';
import { templateMessage } from '../notify/templates';
import { contactOpenids } from './contacts';
import { applicantRecipients } from '../cases/parties';
import { CASES, type CaseDoc } from '../cases/store';
import { AppError } from '../runtime/errors';
import { actOnCase } from '../cases/service';
import { getCase } from '../cases/store';
import { agreementCaseType } from './case-type';
import { agreementData } from './inputs';
import { AGREEMENT_RECORDS, type AgreementRecord } from './records';
import { dues, type Due } from './deadlines';
import { dayEnded, daysUntil, inForceOn, LIMITS } from './rules';

export const AGREEMENT_REMINDERS = 'agreement_reminders';

export interface AgreementScan {
  scanned: number;
  inForce: number;
  expired: number;
  reminded: number;
}

async function claim(ctx: HandlerContext, id: string, caseId: string): Promise<boolean> {
  const { data } = await ctx.db.collection(AGREEMENT_REMINDERS).where({ _id: id }).limit(1).get();
  if (data.length) return false;
  try {
    await ctx.db.collection(AGREEMENT_REMINDERS).add({ data: { _id: id, caseId, at: ctx.now() } });
    return true;
  } catch {
    return false; // another run claimed it a moment ago
  }
}

/**
 * The enterprise union's reminder: the same words as the town's, opening the mini-program's home (the contract's
 * page is the staff's; the message itself says what is due by when).
 */
function contactNotice(c: CaseDoc, touser: string, phrase: string, note: string, now: Date): NotificationDoc {
  const message = templateMessage('staff_reminder', {
    thing1: `${agreementCaseType.title}·${c.applicantName}`,
    phrase2: phrase,
    time3: now,
    thing4: note,
  });
  return newNotification(
    {
      purpose: 'staff_reminder',
      touser,
      templateId: message.templateId,
      page: 'pages/home/index',
      caseId: c._id,
      data: message.data,
    },
    now,
  );
}

/** Remind the town's staff and the enterprise's union (its named contacts) of one countdown. */
async function remind(ctx: HandlerContext, c: CaseDoc, due: Due, phrase: string, note: string): Promise<number> {
  const town = c.townId ?? c.nodeId;
  const staff = [...new Set([...(await staffOpenidsAt(ctx, town)), ...(await applicantRecipients(ctx, c))])];
  const unitId = c.subject?.kind === 'organisation' ? c.subject.orgId : null;
  const contacts = unitId ? (await contactOpenids(ctx, unitId)).filter((o) => !staff.includes(o)) : [];
  const now = ctx.now();
  const notes: NotificationDoc[] = [
    ...staff.map((openid) =>
      staffNotice(c, `${agreementCaseType.title}·${c.applicantName}`.slice(0, 20), openid, phrase, note, now),
    ),
    ...[...new Set(contacts)].map((openid) => contactNotice(c, openid, phrase, note, now)),
  ];
  for (const n of notes) await ctx.db.collection(NOTIFICATIONS).add({ data: n });
  await deliverAll(ctx, notes);
  return notes.length ? 1 : 0;
}

/** What the timer does for one contract; returns what it did. */
async function scanOne(ctx: HandlerContext, c: CaseDoc, cal: Awaited<ReturnType<typeof loadCalendar>>) {
  const now = ctx.now();
  const d = agreementData(c);
  const out = { inForce: 0, expired: 0, reminded: 0 };
  if (c.status === agreementCaseType.state.filed && d.filedOn && dayEnded(addDays(d.filedOn, LIMITS.reviewDays), now)) {
    const effectiveOn = inForceOn(d.filedOn);
    if (await systemStep(ctx, c._id, agreementCaseType.verb.take_effect, { effect: { effectiveOn } })) out.inForce += 1;
    return out;
  }
  if (c.status === agreementCaseType.state.published && d.endsOn && dayEnded(d.endsOn, now)) {
    if (await systemStep(ctx, c._id, agreementCaseType.verb.expire, { expiry: { expiredOn: d.endsOn } }))
      out.expired += 1;
    return out;
  }
  const today = chinaDate(now);
  for (const due of dues(c, cal)) {
    const left = daysUntil(due.dueOn, now);
    if (due.key === 'renewal') {
      if (left <= 0 && (await claim(ctx, `${c._id}:renewal:${due.dueOn}`, c._id)))
        out.reminded += await remind(ctx, c, due, '可启动续签', `合同 ${d.endsOn} 期满，请启动续签协商`);
      continue;
    }
    if (due.window) continue;
    if (left < 0) {
      if (await claim(ctx, `${c._id}:${due.key}:${due.dueOn}:${today}:late`, c._id))
        out.reminded += await remind(ctx, c, due, '已逾期', `${due.label}已逾期（${due.dueOn} 截止）`);
    } else if (left <= LIMITS.remindDaysBefore) {
      if (await claim(ctx, `${c._id}:${due.key}:${due.dueOn}:soon`, c._id))
        out.reminded += await remind(ctx, c, due, '即将到期', `${due.label}请于 ${due.dueOn} 前完成`);
    }
  }
  return out;
}

/** A system step through the engine (re-read on a conflict; false when the case moved on meanwhile). */
async function systemStep(ctx: HandlerContext, caseId: string, action: string, inputs: Record<string, unknown>) {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const c = await getCase(ctx.db, caseId);
    if (!c) return false;
    try {
      await actOnCase(ctx, SYSTEM, { caseId, action, version: c.version, inputs });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') continue;
      if (error instanceof AppError && (error.code === 'PRECONDITION_FAILED' || error.code === 'FORBIDDEN'))
        return false;
      throw error;
    }
  }
  return false;
}

const SYSTEM = { openid: '', personId: null, staff: null, system: true } as const;

/** The pass over every contract that has not ended. */
export async function scanAgreements(ctx: HandlerContext): Promise<AgreementScan> {
  const rows = await readAll<AgreementRecord>(ctx.db, AGREEMENT_RECORDS, { ended: false }, { _id: true });
  const cases = await readIn<CaseDoc>(
    ctx.db,
    CASES,
    '_id',
    rows.map((r) => r._id),
  );
  const cal = await loadCalendar(ctx.db, ctx.now());
  const results = await mapLimit(cases, 8, (c) => scanOne(ctx, c, cal));
  return {
    scanned: cases.length,
    inForce: results.reduce((n, r) => n + r.inForce, 0),
    expired: results.reduce((n, r) => n + r.expired, 0),
    reminded: results.reduce((n, r) => n + r.reminded, 0),
  };
}
