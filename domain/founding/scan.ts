/**
 * The founding timer (scheduler task `founding`, every 30 minutes):
 * - ends the candidates' 7-day publication (公示): the system's `end_notice` step, 7 × 24 h after it started;
 * - reminds the enterprise of its own step once when it is due within 3 days and once when it is overdue (the
 *   engine's overdue scan reminds the town's staff of the same case: they supervise it);
 * - counts down the legal-person certificate: reminders 30 and 7 days before it expires and on the day it does
 *   (the certificate is renewed within 30 days before it expires, 基层工会法人登记管理办法 art. 27).
 * Each reminder is claimed once (`founding_reminders`), so two runs at once send nothing twice.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { addDays, chinaDate, DAY_MS } from '../../common/china-time';
import { deliverAll, NOTIFICATIONS } from '../notify/outbox';
import { actOnCase } from '../cases/act';
import { statusNotifications } from '../cases/notify';
import { CASES, type CaseDoc } from '../cases/store';
import { foundingCaseType } from './types';
import { foundingData } from './inputs';
import { FOUNDING_REMINDERS, FOUNDING_TYPE } from './store';

/** The publication lasts 7 full days. */
export const NOTICE_MS = 7 * DAY_MS;
/** The enterprise is told its step is due this long before the deadline. */
export const DUE_SOON_MS = 3 * DAY_MS;
/** Days before the certificate expires when the enterprise is reminded (and 0: the day it expires). */
export const CERTIFICATE_REMINDERS = [30, 7, 0] as const;

const S = foundingCaseType.state;
/** Steps the enterprise takes (the town's are reminded by the engine's overdue scan). */
const ENTERPRISE_STEPS: readonly string[] = [
  S.info_requested,
  S.recruiting,
  S.groups,
  S.candidates,
  S.election,
  S.women_committee,
  S.profile,
  S.legal_person,
];

/** When the current step started (from the queue key `<due>|<start>|<id>`). */
export const stepStart = (c: Pick<CaseDoc, 'dueKey'>): number => Number(c.dueKey.split('|')[1] ?? 0);

/** When the candidates' publication ends. */
export const noticeEnd = (c: Pick<CaseDoc, 'dueKey'>): Date => new Date(stepStart(c) + NOTICE_MS);

async function claim(ctx: HandlerContext, id: string, caseId: string): Promise<boolean> {
  try {
    await ctx.db.collection(FOUNDING_REMINDERS).add({ data: { _id: id, caseId, at: ctx.now() } });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function remind(ctx: HandlerContext, c: CaseDoc, key: string, note: string): Promise<boolean> {
  if (!(await claim(ctx, `${c._id}:${key}`, c._id))) return false;
  const now = ctx.now();
  const notes = await statusNotifications(ctx, foundingCaseType, c, c.status, note, now);
  for (const n of notes) await ctx.db.collection(NOTIFICATIONS).add({ data: n });
  await deliverAll(ctx, notes);
  return true;
}

export interface FoundingScan {
  noticesEnded: number;
  stepReminders: number;
  certificateReminders: number;
}

export async function scanFoundings(ctx: HandlerContext): Promise<FoundingScan> {
  const out: FoundingScan = { noticesEnded: 0, stepReminders: 0, certificateReminders: 0 };
  const now = ctx.now();
  const system = { openid: '', personId: null, staff: null, system: true };
  // One read of every founding the timer may act on (notice, the enterprise's steps, certified).
  const watched = [S.notice, S.certified, ...ENTERPRISE_STEPS];
  const all = await readAll<CaseDoc>(ctx.db, CASES, { type: FOUNDING_TYPE, status: ctx.db.command.in(watched) });
  for (const c of all.filter((x) => x.status === S.notice)) {
    if (noticeEnd(c).getTime() > now.getTime()) continue;
    try {
      await actOnCase(ctx, system, { caseId: c._id, action: foundingCaseType.verb.end_notice, version: c.version });
      out.noticesEnded += 1;
    } catch (error) {
      ctx.log.warn('founding notice not ended', { caseId: c._id, error: String(error) });
    }
  }
  for (const c of all) {
    if (!ENTERPRISE_STEPS.includes(c.status) || !c.dueAt) continue;
    const due = new Date(c.dueAt).getTime();
    const deadline = chinaDate(new Date(due - 1));
    if (due <= now.getTime()) {
      if (await remind(ctx, c, `late:${c.dueKey}`, `已过期限${deadline}，请尽快办理`)) out.stepReminders += 1;
    } else if (due - now.getTime() <= DUE_SOON_MS) {
      if (await remind(ctx, c, `soon:${c.dueKey}`, `请于${deadline}前办理`)) out.stepReminders += 1;
    }
  }
  const today = chinaDate(now);
  for (const c of all.filter((x) => x.status === S.certified)) {
    const validUntil = foundingData(c).certificate?.validUntil;
    if (!validUntil) continue;
    // The nearest reminder day reached (a run that missed one sends the one that is due now, once).
    const due = CERTIFICATE_REMINDERS.filter((d) => addDays(validUntil, -d) <= today).at(-1);
    if (due === undefined) continue;
    const note = due === 0 ? `法人证书${validUntil}已到期` : `法人证书${validUntil}到期，请换发`;
    if (await remind(ctx, c, `cert:${validUntil}:${due}`, note)) out.certificateReminders += 1;
  }
  return out;
}
