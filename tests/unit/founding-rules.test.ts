/**
 * The rules the upper union checks when a founding step is submitted, at their boundaries: the size thresholds
 * (9/10, 24/25 members; 24/25 women), the chairman bars, more candidates than seats, delegate numbers by
 * membership, a quorum of more than 2/3 (exactly 2/3 is not one) and a majority of all those due (not of those
 * present). Each refusal names its field and says why in Chinese.
 */
import '../../domain/catalog';
import {
  checkCandidates,
  checkElection,
  chairmanBar,
  majorityOfDue,
  minimumDelegates,
  needsCityReview,
  needsWomenCommittee,
  quorate,
  unionForm,
} from '../../domain/founding/rules';
import { foundingCaseType } from '../../domain/founding/types';
import { termEnd } from '../../domain/founding/inputs';
import { chineseDate } from '../../domain/founding/approval-pdf';
import { CandidatesInput, ElectionInput, FoundingFormInput, type Candidate } from '../../typings/founding';

const staff = (name: string, extra: Partial<Candidate> = {}): Candidate => ({
  name,
  post: 'staff',
  kinship: 'none',
  foreign: false,
  forChairman: false,
  ...extra,
});

const list = (over: Record<string, unknown> = {}) =>
  CandidatesInput.parse({
    assembly: 'members',
    committeeSeats: 3,
    auditSeats: 1,
    committee: [staff('王小红', { forChairman: true }), staff('李明'), staff('赵强'), staff('孙丽')],
    audit: [staff('周杰')],
    ...over,
  });

describe('size thresholds', () => {
  it('25 members make a committee, 24 a chairman or organiser, 9 a union group', () => {
    expect(unionForm(25)).toBe('committee');
    expect(unionForm(24)).toBe('chair_or_organiser');
    expect(unionForm(10)).toBe('chair_or_organiser');
    expect(unionForm(9)).toBe('group');
  });
  it('25 women members need a women workers’ committee, 24 do not', () => {
    expect(needsWomenCommittee(25)).toBe(true);
    expect(needsWomenCommittee(24)).toBe(false);
  });
  it('a committee of 25+ members has at least 3 seats; a group elects exactly one leader', () => {
    expect(checkCandidates(list({ committeeSeats: 2, committee: list().committee.slice(0, 3) }), 25)).toEqual({
      field: 'committeeSeats',
      message: '会员 25 人以上应建立工会委员会，委员不少于 3 人',
    });
    expect(checkCandidates(list({ committeeSeats: 2, committee: list().committee.slice(0, 3) }), 24)).toBeNull();
    expect(checkCandidates(list(), 9)?.message).toBe('会员不足 10 人只能建立工会小组，选举组长 1 人');
  });
  it('sends a request from 300 employees up to the city too, 299 not', () => {
    expect(needsCityReview(300)).toBe(true);
    expect(needsCityReview(299)).toBe(false);
  });
});

describe('candidates', () => {
  it('accepts a list with more candidates than seats and an eligible chairman candidate', () => {
    expect(checkCandidates(list(), 40)).toBeNull();
  });
  it('refuses as many candidates as seats (差额选举)', () => {
    expect(checkCandidates(list({ committee: list().committee.slice(0, 3) }), 40)).toEqual({
      field: 'committee',
      message: '委员会实行差额选举：候选人（3 人）应多于名额（3 人）',
    });
  });
  it.each([
    [{ post: 'head' }, '企业行政负责人'],
    [{ post: 'deputy_head' }, '企业行政副职'],
    [{ post: 'partner' }, '合伙人'],
    [{ post: 'hr_head' }, '人力资源部门负责人'],
    [{ foreign: true }, '外籍职工'],
  ] as const)('refuses a chairman candidate who is %j', (extra, why) => {
    const committee = [staff('钱多', { ...extra, forChairman: true }), staff('李明'), staff('赵强'), staff('孙丽')];
    expect(checkCandidates(list({ committee }), 40)).toEqual({
      field: 'committee.0',
      message: `钱多是${why}，不能作为工会主席候选人`,
    });
  });
  it('refuses a close relative of the head as chairman candidate, and on the committee at all', () => {
    const asChair = [
      staff('钱多', { kinship: 'spouse', forChairman: true }),
      staff('李明'),
      staff('赵强'),
      staff('孙丽'),
    ];
    expect(checkCandidates(list({ committee: asChair }), 40)?.message).toBe(
      '钱多是企业负责人或合伙人的近亲属（配偶），不能作为工会主席候选人',
    );
    const asMember = [
      staff('王小红', { forChairman: true }),
      staff('钱多', { kinship: 'child' }),
      staff('赵强'),
      staff('孙丽'),
    ];
    expect(checkCandidates(list({ committee: asMember }), 40)).toEqual({
      field: 'committee.1',
      message: '钱多是企业负责人或合伙人的近亲属，不能作为委员会候选人',
    });
    expect(chairmanBar(staff('甲'))).toBeNull();
  });
  it('asks for a chairman candidate and refuses a name twice', () => {
    expect(
      checkCandidates(list({ committee: list().committee.map((c) => ({ ...c, forChairman: false })) }), 40)?.message,
    ).toBe('请在委员会候选人中标明主席候选人');
    expect(checkCandidates(list({ audit: [staff('李明')] }), 40)?.message).toContain('“李明”重复');
  });
  it('sizes a delegate assembly by membership: none up to 50, 30% to 200, 20% to 500, 10%, 6%, 5%', () => {
    expect(minimumDelegates(50)).toBeNull();
    expect(minimumDelegates(51)).toBe(16);
    expect(minimumDelegates(200)).toBe(60);
    expect(minimumDelegates(201)).toBe(41);
    expect(minimumDelegates(500)).toBe(100);
    expect(minimumDelegates(1000)).toBe(100);
    expect(minimumDelegates(3000)).toBe(180);
    expect(minimumDelegates(3001)).toBe(151);
    expect(checkCandidates(list({ assembly: 'delegates', delegates: 15 }), 50)).toEqual({
      field: 'assembly',
      message: '会员 50 人（50 人以下）应召开会员大会',
    });
    expect(checkCandidates(list({ assembly: 'delegates', delegates: 59 }), 200)).toEqual({
      field: 'delegates',
      message: '会员 200 人，代表应不少于 60 名',
    });
    expect(checkCandidates(list({ assembly: 'delegates', delegates: 60 }), 200)).toBeNull();
  });
});

describe('the election', () => {
  const approved = list();
  const result = (over: Record<string, unknown> = {}) =>
    ElectionInput.parse({
      due: 30,
      present: 21,
      womenMembers: 12,
      committee: [
        { name: '王小红', votes: 20 },
        { name: '李明', votes: 18 },
        { name: '赵强', votes: 16 },
        { name: '孙丽', votes: 9 },
      ],
      audit: [{ name: '周杰', votes: 19 }],
      chairman: '王小红',
      heldOn: '2026-12-01',
      ...over,
    });

  it('needs more than 2/3 present: 21 of 30 is enough, exactly 20 of 30 is not', () => {
    expect(quorate(21, 30)).toBe(true);
    expect(quorate(20, 30)).toBe(false);
    expect(quorate(3, 4)).toBe(true);
    expect(quorate(2, 3)).toBe(false);
    expect(checkElection(result({ present: 20 }), approved, 30)).toEqual({
      field: 'present',
      message: '实到 20 人，未超过应到 30 人的三分之二，选举无效',
    });
  });
  it('needs a majority of all those due, not of those present: 16 of 30 due wins, 15 does not', () => {
    expect(majorityOfDue(16, 30)).toBe(true);
    expect(majorityOfDue(15, 30)).toBe(false);
    const outcome = checkElection(result(), approved, 30);
    expect(outcome).toEqual({
      outcome: { committee: ['王小红', '李明', '赵强'], audit: ['周杰'], chairman: '王小红' },
    });
    // 15 of 21 present is a majority of those present but not of the 30 due.
    const short = result({
      committee: [
        { name: '王小红', votes: 20 },
        { name: '李明', votes: 18 },
        { name: '赵强', votes: 15 },
        { name: '孙丽', votes: 6 },
      ],
    });
    expect(checkElection(short, approved, 30)).toEqual({
      field: 'committee',
      message: '委员会委员应选 3 人，得票超过应到人数半数（16 票及以上）的只有 2 人，需就不足名额另行选举',
    });
  });
  it('refuses a tie at the last seat, a stranger, a wrong number due and a chairman who was not elected', () => {
    const tie = result({
      committee: [
        { name: '王小红', votes: 20 },
        { name: '李明', votes: 18 },
        { name: '赵强', votes: 17 },
        { name: '孙丽', votes: 17 },
      ],
    });
    expect(checkElection(tie, approved, 30)?.toString()).toBeDefined();
    expect(checkElection(tie, approved, 30)).toMatchObject({
      field: 'committee',
      message: expect.stringContaining('票数相同'),
    });
    const stranger = result({ committee: [{ name: '外人', votes: 20 }, ...result().committee.slice(1)] });
    expect(checkElection(stranger, approved, 30)).toEqual({
      field: 'committee.0',
      message: '外人不在批准的委员会候选人名单中',
    });
    expect(checkElection(result({ due: 29 }), approved, 30)).toMatchObject({ field: 'due' });
    expect(checkElection(result({ chairman: '李明' }), approved, 30)).toEqual({
      field: 'chairman',
      message: '李明不是批准的主席候选人',
    });
  });
});

describe('the declaration', () => {
  it('gives every step a label, and every step someone must act on a working-day limit', () => {
    for (const [name, state] of Object.entries(foundingCaseType.states)) {
      expect(state.label).toBeTruthy();
      const waits = !state.terminal && !state.settled && name !== 'notice';
      if (waits) expect(state.timeLimitDays).toBeGreaterThan(0);
    }
  });
  it('refuses a request whose women outnumber the workers or whose preparatory group is too small', () => {
    const base = {
      unitName: '松滋示例机械有限公司',
      creditCode: '91421087MA4F000008',
      townId: 't15',
      address: '万家乡工业园 8 号',
      legalRep: '张建国',
      industry: '机械制造',
      employees: 40,
      womenEmployees: 41,
      prepGroup: [
        { name: '王小红', post: '车间主任' },
        { name: '李明', post: '技术员' },
      ],
      reason: '职工有入会意愿，企业支持建会，请予批准。',
      partyOpinion: '同意建会',
    };
    const parsed = FoundingFormInput.safeParse(base);
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['筹备组由 3 至 5 人组成']));
  });
  it('counts the term to the day before the anniversary and writes dates the official way', () => {
    expect(termEnd('2026-12-07', 5)).toBe('2031-12-06');
    expect(termEnd('2028-02-29', 3)).toBe('2031-02-28');
    expect(chineseDate('2026-12-07')).toBe('二〇二六年十二月七日');
    expect(chineseDate('2031-10-20')).toBe('二〇三一年十月二十日');
  });
});
