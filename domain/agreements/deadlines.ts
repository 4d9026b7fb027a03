/**
 * The countdowns of a collective contract, from its state and the dates on record: what is due next, by when,
 * in words. The reminder scan (`remind.ts`), the contract's outline and the views read them; nothing else decides
 * a contract's deadlines.
 */
import { addDays, type WorkCalendar } from '../../common/china-time';
import type { AgreementCountdown, AgreementForm } from '../../typings/agreements';
import { agreementData } from './inputs';
import { countdownWords, daysUntil, inForceOn, LIMITS, workingDaysAfter, workingDaysBefore } from './rules';

/** A countdown before it is put in words; `window` ones are periods that end by themselves (no reminder). */
export interface Due {
  key: 'answer' | 'meeting' | 'data' | 'vote' | 'filing' | 'review' | 'publish' | 'renewal' | 'expiry';
  label: string;
  dueOn: string;
  window?: boolean;
}

interface ContractState {
  status: string;
  form: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** The contract's open countdowns now (none once it has ended). */
export function dues(c: ContractState, cal: WorkCalendar): Due[] {
  const form = c.form as unknown as AgreementForm;
  const d = agreementData(c);
  switch (c.status) {
    case 'offered':
      return [{ key: 'answer', label: '书面回应要约', dueOn: addDays(form.offeredOn, LIMITS.answerDays) }];
    case 'negotiating': {
      // The statutory steps of wage talks before the first draft; a renegotiation has no fixed limit.
      if (form.kind !== 'wage' || d.draftedOn || !d.answeredOn) return [];
      if (!d.meetingOn)
        return [
          {
            key: 'meeting',
            label: '召开工资集体协商会议',
            dueOn: workingDaysAfter(d.answeredOn, LIMITS.meetingWorkingDays, cal),
          },
        ];
      if (!d.dataOn)
        return [
          {
            key: 'data',
            label: '企业提供工资和财务资料',
            dueOn: workingDaysBefore(d.meetingOn, LIMITS.dataWorkingDaysBefore, cal),
          },
        ];
      return [];
    }
    case 'draft':
      return d.draftedOn
        ? [{ key: 'vote', label: '提交职代会审议', dueOn: addDays(d.draftedOn, LIMITS.voteDays) }]
        : [];
    case 'signed':
      return d.signedOn
        ? [{ key: 'filing', label: '报送人社部门审查', dueOn: addDays(d.signedOn, LIMITS.filingDays) }]
        : [];
    case 'filed':
      return d.filedOn
        ? [{ key: 'review', label: '审查期（无异议即生效）', dueOn: addDays(inForceOn(d.filedOn), -1), window: true }]
        : [];
    case 'in_force':
      return d.effectiveOn
        ? [{ key: 'publish', label: '向全体职工公布', dueOn: addDays(d.effectiveOn, LIMITS.publishDays) }]
        : [];
    case 'published':
      return d.endsOn
        ? [
            {
              key: 'renewal',
              label: '启动续签协商',
              dueOn: addDays(d.endsOn, -LIMITS.renewalDaysBefore),
              window: true,
            },
            { key: 'expiry', label: '合同期满', dueOn: d.endsOn, window: true },
          ]
        : [];
    default:
      return [];
  }
}

/** The countdowns in words for people. */
export function countdowns(c: ContractState, cal: WorkCalendar, now: Date): AgreementCountdown[] {
  return dues(c, cal).map((due) => ({
    key: due.key,
    label: due.label,
    dueOn: due.dueOn,
    words: due.key === 'renewal' ? renewalWords(due.dueOn, now) : countdownWords(due.dueOn, now),
    overdue: !due.window && daysUntil(due.dueOn, now) < 0,
  }));
}

function renewalWords(from: string, now: Date): string {
  const days = daysUntil(from, now);
  return days > 0 ? `${days} 天后可启动续签` : '已可启动续签';
}
