/**
 * Collective contracts' rules at their boundaries: the workers' congress vote (≥ 2/3 of all delegates present, more
 * than half of ALL delegates in favour), the statutory time limits as China dates (calendar and working days,
 * holidays and 调休 workdays), the term (1–3 years; a wage contract 1 year) and the countdowns of each state.
 */
import { calendarFrom } from '../../common/china-time';
import { VoteInput } from '../../typings/agreements';
import {
  countdownWords,
  inForceOn,
  termEndsOn,
  termRefusal,
  voteOutcome,
  workingDaysAfter,
  workingDaysBefore,
} from '../../domain/agreements/rules';
import { countdowns, dues } from '../../domain/agreements/deadlines';

const vote = (delegatesTotal: number, present: number, inFavour: number) => ({
  delegatesTotal,
  present,
  inFavour,
  against: 0,
  abstain: 0,
});

describe('the workers’ congress vote', () => {
  it('needs two thirds of all delegates present: 20 of 30 is enough, 19 is not', () => {
    expect(voteOutcome(vote(30, 20, 16))).toMatchObject({
      quorum: true,
      passed: true,
      neededPresent: 20,
      reason: null,
    });
    const short = voteOutcome(vote(30, 19, 19));
    expect(short).toMatchObject({ quorum: false, passed: false });
    expect(short.reason).toBe('实到代表 19 人，不足全体代表 30 人的三分之二（至少 20 人），表决无效');
  });

  it('rounds two thirds up when it is not whole: 31 delegates need 21 present', () => {
    expect(voteOutcome(vote(31, 20, 20)).quorum).toBe(false);
    expect(voteOutcome(vote(31, 21, 16))).toMatchObject({ quorum: true, passed: true, neededPresent: 21 });
  });

  it('needs more than half of ALL delegates in favour, not of those present: 16 of 30, 15 is not enough', () => {
    const half = voteOutcome(vote(30, 20, 15));
    expect(half).toMatchObject({ quorum: true, passed: false, neededInFavour: 16 });
    expect(half.reason).toBe('赞成 15 票，未超过全体代表 30 人的半数（至少 16 票），草案未获通过，须重新协商');
    // 15 of 20 present is three quarters of those present, still not a majority of all 30.
    expect(voteOutcome(vote(30, 30, 16)).passed).toBe(true);
    expect(voteOutcome(vote(31, 31, 16)).passed).toBe(true);
    expect(voteOutcome(vote(31, 31, 15)).passed).toBe(false);
  });

  it('refuses counts that cannot be: more present than delegates, more votes than present, fractions', () => {
    const over = VoteInput.safeParse({ heldOn: '2026-12-01', ...vote(30, 31, 20) });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]).toMatchObject({ path: ['present'], message: '实到代表人数不能多于应到代表人数' });
    const votes = VoteInput.safeParse({ heldOn: '2026-12-01', ...vote(30, 20, 18), against: 3 });
    expect(votes.error?.issues[0]).toMatchObject({ path: ['inFavour'] });
    expect(VoteInput.safeParse({ heldOn: '2026-12-01', ...vote(30, 20.5, 18) }).success).toBe(false);
  });

  it('puts the counts in words', () => {
    expect(voteOutcome({ delegatesTotal: 30, present: 28, inFavour: 25, against: 2, abstain: 1 }).words).toBe(
      '应到 30 人，实到 28 人；赞成 25 票，反对 2 票，弃权 1 票',
    );
  });
});

describe('time limits as dates', () => {
  // 2026-10-01..07: National Day holiday; 2026-10-10 (Saturday) a 调休 workday (for the test).
  const cal = calendarFrom([
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' })),
    { date: '2026-10-10', kind: 'workday' },
  ]);

  it('counts working days over weekends, holidays and 调休 workdays', () => {
    // Monday 2026-12-07 + 10 working days = Monday 2026-12-21.
    expect(workingDaysAfter('2026-12-07', 10, cal)).toBe('2026-12-21');
    // Wednesday 2026-09-30 + 1 working day skips the holiday: Thursday 2026-10-08.
    expect(workingDaysAfter('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(workingDaysAfter('2026-10-09', 1, cal)).toBe('2026-10-10');
    // 5 working days before Monday 2026-12-21 is Monday 2026-12-14.
    expect(workingDaysBefore('2026-12-21', 5, cal)).toBe('2026-12-14');
    expect(workingDaysBefore('2026-10-08', 1, cal)).toBe('2026-09-30');
  });

  it('ends a term the day before its anniversary, and 29 February on 28 February', () => {
    expect(termEndsOn('2027-01-01', 1)).toBe('2027-12-31');
    expect(termEndsOn('2026-12-15', 3)).toBe('2029-12-14');
    expect(termEndsOn('2028-02-29', 1)).toBe('2029-02-28');
  });

  it('allows a wage contract 1 year and the others 1 to 3', () => {
    expect(termRefusal('wage', 1)).toBeNull();
    expect(termRefusal('wage', 2)).toBe('工资专项集体合同期限为 1 年');
    expect(termRefusal('comprehensive', 3)).toBeNull();
    expect(termRefusal('safety', 4)).toBe('集体合同期限为 1 至 3 年');
    expect(termRefusal('women', 0)).toBe('集体合同期限为 1 至 3 年');
  });

  it('puts a filed contract in force the day after its 15-day review window', () => {
    expect(inForceOn('2026-12-01')).toBe('2026-12-17');
  });

  it('words a countdown', () => {
    const now = new Date('2026-12-07T02:00:00Z'); // 10:00 in China
    expect(countdownWords('2026-12-10', now)).toBe('还剩 3 天');
    expect(countdownWords('2026-12-07', now)).toBe('今天截止');
    expect(countdownWords('2026-12-05', now)).toBe('已逾期 2 天');
    // 23:30 in China is still the same day.
    expect(countdownWords('2026-12-07', new Date('2026-12-07T15:30:00Z'))).toBe('今天截止');
  });
});

describe('the countdown of each state', () => {
  const cal = calendarFrom([]);
  const wage = { kind: 'wage', offeredOn: '2026-12-01' };
  const at = (status: string, data: Record<string, unknown> = {}, form: Record<string, unknown> = wage) =>
    dues({ status, form, data }, cal);

  it('gives the answer 20 days from the offer', () => {
    expect(at('offered')).toEqual([{ key: 'answer', label: '书面回应要约', dueOn: '2026-12-21' }]);
  });

  it('gives wage talks a meeting within 10 working days of the answer, then the data 5 working days before it', () => {
    expect(at('negotiating', { answeredOn: '2026-12-07' })[0]).toMatchObject({ key: 'meeting', dueOn: '2026-12-21' });
    expect(at('negotiating', { answeredOn: '2026-12-07', meetingOn: '2026-12-18' })[0]).toMatchObject({
      key: 'data',
      dueOn: '2026-12-11',
    });
    expect(at('negotiating', { answeredOn: '2026-12-07', meetingOn: '2026-12-18', dataOn: '2026-12-10' })).toEqual([]);
    // Other kinds and a renegotiation after a draft have no fixed limit.
    expect(at('negotiating', { answeredOn: '2026-12-07' }, { kind: 'safety', offeredOn: '2026-12-01' })).toEqual([]);
    expect(at('negotiating', { answeredOn: '2026-12-07', draftedOn: '2026-12-20' })).toEqual([]);
  });

  it('gives the vote 10 days from the draft, the filing 10 days from the signatures, publication 10 days from force', () => {
    expect(at('draft', { draftedOn: '2026-12-20' })[0]).toMatchObject({ key: 'vote', dueOn: '2026-12-30' });
    expect(at('signed', { signedOn: '2026-12-31' })[0]).toMatchObject({ key: 'filing', dueOn: '2027-01-10' });
    expect(at('filed', { filedOn: '2027-01-05' })[0]).toMatchObject({
      key: 'review',
      dueOn: '2027-01-20',
      window: true,
    });
    expect(at('in_force', { effectiveOn: '2027-01-21' })[0]).toMatchObject({ key: 'publish', dueOn: '2027-01-31' });
  });

  it('opens renewal 60 days before expiry', () => {
    const d = at('published', { endsOn: '2027-12-31' });
    expect(d.map((x) => [x.key, x.dueOn])).toEqual([
      ['renewal', '2027-11-01'],
      ['expiry', '2027-12-31'],
    ]);
    const words = countdowns(
      { status: 'published', form: wage, data: { endsOn: '2027-12-31' } },
      cal,
      new Date('2027-11-02T02:00:00Z'),
    );
    expect(words[0]).toMatchObject({ words: '已可启动续签', overdue: false });
  });

  it('has nothing to count once the contract has ended', () => {
    for (const s of ['expired', 'declined', 'withdrawn']) expect(at(s, { endsOn: '2027-12-31' })).toEqual([]);
  });
});
