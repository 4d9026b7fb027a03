/**
 * The rules of a collective contract as pure functions (unit-tested at their boundaries): the congress vote from
 * its recorded counts, the statutory time limits as China dates, the term. Sources: 集体合同规定, 工资集体协商试行办法
 * and the provinces' rules.
 */
import { addDays, chinaDate, chinaDayStart, isWorkingDay, type WorkCalendar } from '../../common/china-time';
import type { AgreementKind, VoteRecord } from '../../typings/agreements';

/** Days (calendar) and working days the rules give each step. */
export const LIMITS = {
  /** The other side answers an offer in writing within 20 days. */
  answerDays: 20,
  /** Wage talks meet within 10 working days of the answer. */
  meetingWorkingDays: 10,
  /** The enterprise hands over wage and finance data 5 working days before the meeting. */
  dataWorkingDaysBefore: 5,
  /** A draft goes to the workers' congress within 10 days. */
  voteDays: 10,
  /** The signed contract is filed with the labour department within 10 days of the signatures. */
  filingDays: 10,
  /** No objection within 15 days of receipt: in force. */
  reviewDays: 15,
  /** Published to all workers within 10 days of entry into force. */
  publishDays: 10,
  /** Renewal is negotiated from 60 days before expiry. */
  renewalDaysBefore: 60,
  /** A reminder goes out from this many days before a deadline. */
  remindDaysBefore: 3,
} as const;

/** The outcome of a vote: whether the session could vote (quorum) and whether the draft passed, in words. */
export interface VoteOutcome {
  quorum: boolean;
  passed: boolean;
  /** Delegates needed present (≥ 2/3 of all) and votes needed in favour (> 1/2 of all). */
  neededPresent: number;
  neededInFavour: number;
  /** Why the vote is void or the draft failed; null when it passed. */
  reason: string | null;
  /** The counts in words for the timeline and the filing pack. */
  words: string;
}

/**
 * Check a vote from its counts: at least two thirds of all delegates present (`present × 3 ≥ total × 2`), and
 * more than half of ALL delegates (not of those present) in favour (`inFavour × 2 > total`).
 */
export function voteOutcome(
  v: Pick<VoteRecord, 'delegatesTotal' | 'present' | 'inFavour' | 'against' | 'abstain'>,
): VoteOutcome {
  const neededPresent = Math.ceil((v.delegatesTotal * 2) / 3);
  const neededInFavour = Math.floor(v.delegatesTotal / 2) + 1;
  const quorum = v.present * 3 >= v.delegatesTotal * 2;
  const passed = quorum && v.inFavour * 2 > v.delegatesTotal;
  const words = `应到 ${v.delegatesTotal} 人，实到 ${v.present} 人；赞成 ${v.inFavour} 票，反对 ${v.against} 票，弃权 ${v.abstain} 票`;
  let reason: string | null = null;
  if (!quorum)
    reason = `实到代表 ${v.present} 人，不足全体代表 ${v.delegatesTotal} 人的三分之二（至少 ${neededPresent} 人），表决无效`;
  else if (!passed)
    reason = `赞成 ${v.inFavour} 票，未超过全体代表 ${v.delegatesTotal} 人的半数（至少 ${neededInFavour} 票），草案未获通过，须重新协商`;
  return { quorum, passed, neededPresent, neededInFavour, reason, words };
}

/** The date `n` working days after `date` (a China date). */
export function workingDaysAfter(date: string, n: number, cal: WorkCalendar): string {
  let d = date;
  for (let counted = 0, guard = 0; counted < n; guard += 1) {
    if (guard > 3660) throw new Error('calendar has no working days');
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) counted += 1;
  }
  return d;
}

/** The date `n` working days before `date`. */
export function workingDaysBefore(date: string, n: number, cal: WorkCalendar): string {
  let d = date;
  for (let counted = 0, guard = 0; counted < n; guard += 1) {
    if (guard > 3660) throw new Error('calendar has no working days');
    d = addDays(d, -1);
    if (isWorkingDay(d, cal)) counted += 1;
  }
  return d;
}

/** The last day of a term of `years` years starting on `startsOn` (2027-01-01 + 1 year → 2027-12-31). */
export function termEndsOn(startsOn: string, years: number): string {
  const [y, m, d] = startsOn.split('-').map(Number);
  const next = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + 1 year is 1 March; the term ends the day before.
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  else next.setUTCDate(next.getUTCDate() - 1);
  return next.toISOString().slice(0, 10);
}

/** Why a term is not allowed for a kind (a wage contract runs 1 year; others 1–3), or null. */
export function termRefusal(kind: AgreementKind, years: number): string | null {
  if (kind === 'wage' && years !== 1) return '工资专项集体合同期限为 1 年';
  if (years < 1 || years > 3) return '集体合同期限为 1 至 3 年';
  return null;
}

/** The day the contract is in force: the day after the 15-day review window of the filing. */
export const inForceOn = (filedOn: string) => addDays(filedOn, LIMITS.reviewDays + 1);

/** True when the China date `date` has ended at `now` (its 24:00 UTC+8 has passed). */
export const dayEnded = (date: string, now: Date) => now.getTime() >= chinaDayStart(addDays(date, 1)).getTime();

/** Whole days from today (China) to `date`: positive before it, 0 on it, negative after. */
export function daysUntil(date: string, now: Date): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${chinaDate(now)}T00:00:00Z`)) / 86_400_000);
}

/** `还剩 3 天` / `今天截止` / `已逾期 2 天`. */
export function countdownWords(dueOn: string, now: Date): string {
  const days = daysUntil(dueOn, now);
  if (days > 0) return `还剩 ${days} 天`;
  if (days === 0) return '今天截止';
  return `已逾期 ${-days} 天`;
}
