/** The pure engine: who may do what, transitions, replay; the working-day calendar; declarations. */
import '../../domain/catalog';
import { appealCaseType } from '../../domain/cases/types/appeal';
import { consultationCaseType } from '../../domain/cases/types/consultation';
import {
  availableActions,
  planTransition,
  replay,
  type EngineActor,
  type EngineCase,
  type HistoryStep,
} from '../../domain/cases/machine';
import { addWorkingDays, calendarFrom, EMPTY_CALENDAR, isWorkingDay } from '../../common/china-time';
import { registerCaseType, timeLimitDays, validateDeclaration } from '../../domain/cases/registry';
import { routeAppeal } from '../../domain/cases/types/appeal';
import { appealFormSchema } from '../../typings/cases';
import { AppError } from '../../domain/runtime/errors';

const applicant: EngineActor = { openid: 'o-applicant', personId: 'p-1', staff: null };
const staff = (
  role: 'village_collector' | 'town_staff' | 'city_admin',
  path: string[],
  openid = `o-${role}`,
): EngineActor => ({
  openid,
  personId: null,
  staff: { staffId: `s-${openid}`, role, gridNodeId: path[path.length - 1], gridPath: path, name: '王测试' },
});
const collector = staff('village_collector', ['city', 't15', 't15-v01']);
const otherCollector = staff('village_collector', ['city', 't15', 't15-v02']);
const townStaff = staff('town_staff', ['city', 't15']);
const admin = staff('city_admin', ['city']);

function appealCase(over: Partial<EngineCase> = {}): EngineCase {
  return {
    status: 'submitted',
    level: 'village',
    nodeId: 't15-v01',
    nodePath: ['city', 't15', 't15-v01'],
    reopenCount: 0,
    held: false,
    form: {},
    data: {},
    applicantOpenid: applicant.openid,
    ...over,
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.code}${e.field ? ':' + e.field : ''}` : 'other';
  }
  return 'ok';
};

describe('availableActions', () => {
  it('offers accept to the village collector of the case node, not to a collector elsewhere', () => {
    const c = appealCase();
    expect(availableActions(appealCaseType, c, collector).map((a) => a.action)).toEqual(
      expect.arrayContaining(['accept', 'refuse', 'escalate', 'comment']),
    );
    expect(availableActions(appealCaseType, c, otherCollector)).toEqual([]);
  });

  it('keeps steps in level order: the town may comment and transfer a village case but not accept it', () => {
    const actions = availableActions(appealCaseType, appealCase(), townStaff).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['transfer', 'comment']));
    expect(actions).not.toContain('accept');
  });

  it('offers the applicant only applicant actions', () => {
    expect(
      availableActions(appealCaseType, appealCase(), applicant)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['comment', 'withdraw']);
  });

  it('never lets staff act as staff on their own case', () => {
    const own = appealCase({ applicantOpenid: collector.openid });
    const actions = availableActions(appealCaseType, own, collector).map((a) => a.action);
    expect(actions).not.toContain('accept');
    expect(code(() => planTransition(appealCaseType, own, 'accept', {}, collector))).toBe('FORBIDDEN');
  });

  it('names what each action needs (a refusal needs a reason, a transfer a target)', () => {
    const byName = Object.fromEntries(
      availableActions(
        appealCaseType,
        appealCase({ level: 'town', nodeId: 't15', nodePath: ['city', 't15'] }),
        townStaff,
      ).map((a) => [a.action, a.needs]),
    );
    expect(byName.refuse).toContain('reason');
    expect(byName.transfer).toContain('targetNode');
  });
});

describe('planTransition', () => {
  it('accepts into handling and refuses without a reason, naming the field', () => {
    expect(planTransition(appealCaseType, appealCase(), 'accept', {}, collector)).toMatchObject({
      from: 'submitted',
      to: 'handling',
      role: 'village_collector',
    });
    expect(code(() => planTransition(appealCaseType, appealCase(), 'refuse', {}, collector))).toBe(
      'INVALID_INPUT:reason',
    );
  });

  it('escalates one level up and refuses to escalate above the city', () => {
    const opinion = { inputs: { opinion: '需乡镇协调' } };
    const plan = planTransition(appealCaseType, appealCase({ status: 'handling' }), 'escalate', opinion, collector);
    expect(plan).toMatchObject({ nodeId: 't15', level: 'town', to: 'handling', moved: true });
    const atCity = appealCase({ status: 'handling', level: 'city', nodeId: 'city', nodePath: ['city'] });
    expect(code(() => planTransition(appealCaseType, atCity, 'escalate', {}, admin))).toBe('PRECONDITION_FAILED');
  });

  it('transfers only inside the actor scope and back to awaiting acceptance', () => {
    const c = appealCase({ status: 'handling' });
    const args = { targetNodeId: 't15-v02', inputs: { opinion: '请该村跟进' } };
    const plan = planTransition(appealCaseType, c, 'transfer', args, townStaff, {
      nodeId: 't15-v02',
      path: ['city', 't15', 't15-v02'],
    });
    expect(plan).toMatchObject({ to: 'submitted', nodeId: 't15-v02', level: 'village' });
    expect(
      code(() =>
        planTransition(appealCaseType, c, 'transfer', { targetNodeId: 't02' }, townStaff, {
          nodeId: 't02',
          path: ['city', 't02'],
        }),
      ),
    ).toBe('FORBIDDEN:targetNodeId');
    expect(code(() => planTransition(appealCaseType, c, 'transfer', {}, townStaff))).toBe('INVALID_INPUT:targetNodeId');
  });

  it('answers NOT_FOUND to someone with no relation to the case', () => {
    expect(code(() => planTransition(appealCaseType, appealCase(), 'accept', {}, otherCollector))).toBe('NOT_FOUND');
    expect(
      code(() =>
        planTransition(
          appealCaseType,
          appealCase(),
          'withdraw',
          {},
          { openid: 'o-stranger', personId: 'p-9', staff: null },
        ),
      ),
    ).toBe('NOT_FOUND');
  });

  it('does not accept a withdrawn case, or approve anything the state does not declare', () => {
    const withdrawn = appealCase({ status: 'withdrawn' });
    expect(code(() => planTransition(appealCaseType, withdrawn, 'accept', {}, collector))).toBe('PRECONDITION_FAILED');
    expect(code(() => planTransition(appealCaseType, withdrawn, 'approve', {}, collector))).toBe('PRECONDITION_FAILED');
  });

  it('holds a case whose text waits for review until staff release it', () => {
    expect(code(() => planTransition(appealCaseType, appealCase({ held: true }), 'accept', {}, collector))).toBe(
      'PRECONDITION_FAILED',
    );
  });

  it('reopens once on an unsatisfied rating, then only records the rating', () => {
    const closed = appealCase({ status: 'closed' });
    const unhappy = { rating: { score: 1, satisfied: false } };
    expect(planTransition(appealCaseType, closed, 'rate', unhappy, applicant)).toMatchObject({
      to: 'handling',
      reopened: true,
    });
    expect(planTransition(appealCaseType, { ...closed, reopenCount: 1 }, 'rate', unhappy, applicant)).toMatchObject({
      to: 'rated',
      reopened: false,
    });
    expect(code(() => planTransition(appealCaseType, closed, 'rate', {}, applicant))).toBe('INVALID_INPUT:rating');
  });

  it('lets any staff in scope answer a consultation, and the person follow up', () => {
    const c = { ...appealCase({ status: 'waiting' }) };
    expect(planTransition(consultationCaseType, c, 'reply', { comment: '可以' }, townStaff)).toMatchObject({
      to: 'answered',
    });
    expect(
      planTransition(consultationCaseType, { ...c, status: 'answered' }, 'comment', { comment: '还有问题' }, applicant),
    ).toMatchObject({ to: 'waiting' });
  });
});

describe('replay', () => {
  const step = (
    seq: number,
    action: HistoryStep['action'],
    from: string | null,
    to: string,
    path: string[],
    extra: Partial<HistoryStep> = {},
  ): HistoryStep => ({
    seq,
    action,
    from,
    to,
    toNodeId: path[path.length - 1],
    toNodePath: path,
    ...extra,
  });
  const v = ['city', 't15', 't15-v01'];
  const t = ['city', 't15'];

  it('reproduces the state, node, version and reopen count from the history, in any order', () => {
    const history = [
      step(1, 'submit', null, 'submitted', v),
      step(2, 'accept', 'submitted', 'handling', v),
      step(3, 'escalate', 'handling', 'handling', t),
      step(4, 'reply', 'handling', 'replied', t),
      step(5, 'close', 'replied', 'closed', t),
      step(6, 'rate', 'closed', 'handling', t, { reopened: true, rating: { score: 2, satisfied: false } }),
    ];
    expect(replay([...history].reverse())).toEqual({
      status: 'handling',
      version: 6,
      nodeId: 't15',
      nodePath: t,
      level: 'town',
      reopenCount: 1,
      rating: { score: 2, satisfied: false },
    });
  });

  it('refuses a history with a gap or a step that does not start where the last ended', () => {
    expect(() =>
      replay([step(1, 'submit', null, 'submitted', v), step(3, 'accept', 'submitted', 'handling', v)]),
    ).toThrow(/gap/);
    expect(() => replay([step(1, 'submit', null, 'submitted', v), step(2, 'close', 'replied', 'closed', v)])).toThrow(
      /starts from/,
    );
  });
});

describe('working-day calendar', () => {
  // 2026-11-27 is a Friday.
  const friday10 = new Date('2026-11-27T02:00:00Z'); // 10:00 CST

  it('skips weekends: one working day from Friday ends at Monday midnight (CST)', () => {
    expect(addWorkingDays(friday10, 1, EMPTY_CALENDAR).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('skips configured holidays and counts adjusted working weekends', () => {
    const cal = calendarFrom([
      { date: '2026-11-30', kind: 'holiday' },
      { date: '2026-11-28', kind: 'workday' },
    ]);
    expect(isWorkingDay('2026-11-28', cal)).toBe(true);
    expect(isWorkingDay('2026-11-30', cal)).toBe(false);
    expect(addWorkingDays(friday10, 1, cal).toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(addWorkingDays(friday10, 2, cal).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('uses the China day even when the instant is the previous UTC day', () => {
    // 2026-11-27 23:30 UTC is Saturday 07:30 CST: counting starts from Saturday.
    expect(addWorkingDays(new Date('2026-11-27T23:30:00Z'), 1, EMPTY_CALENDAR).toISOString()).toBe(
      '2026-11-30T16:00:00.000Z',
    );
  });
});

describe('declarations', () => {
  it('validates that every target state is declared', () => {
    const broken = {
      ...appealCaseType,
      type: 'broken_type',
      states: { submitted: { label: 'x', actions: { accept: { by: ['town_staff'] as const, to: 'nowhere' } } } },
    };
    expect(() => validateDeclaration(broken)).toThrow(/undeclared state nowhere/);
    expect(() => registerCaseType({ ...appealCaseType })).toThrow(/registered twice/);
  });

  it('reads time limits from the declaration, overridable by UNION_CASE_TIME_LIMITS', () => {
    expect(timeLimitDays(appealCaseType, 'submitted', {})).toBe(1);
    expect(timeLimitDays(appealCaseType, 'handling', { UNION_CASE_TIME_LIMITS: '{"appeal.handling":3}' })).toBe(3);
    expect(timeLimitDays(appealCaseType, 'handling', { UNION_CASE_TIME_LIMITS: 'not json' })).toBe(10);
  });

  it('routes appeals: migrant workers to the home village, local workers to the employer town', () => {
    const base = { personId: 'p', openid: 'o', maskedName: '张*' };
    expect(routeAppeal({ ...base, categories: ['migrant'], homeVillageId: 't15-v01', employerTownId: 't02' })).toEqual({
      nodeId: 't15-v01',
    });
    expect(routeAppeal({ ...base, categories: ['worker'], homeVillageId: 't15-v01', employerTownId: 't02' })).toEqual({
      nodeId: 't02',
    });
    expect(() => routeAppeal({ ...base, categories: ['migrant'] })).toThrow(AppError);
  });

  it('validates the appeal form: money in integer fen, no invisible characters, bounded text', () => {
    const ok = {
      category: 'wage_arrears',
      facts: '老板拖欠三个月工资共计一万二千元',
      employer: '示例建筑公司',
      workCity: '深圳',
      contactPreference: 'phone',
      amountOwedFen: 1_200_000,
    };
    expect(appealFormSchema.safeParse(ok).success).toBe(true);
    const field = (over: object) => appealFormSchema.safeParse({ ...ok, ...over }).error?.issues[0].path.join('.');
    expect(field({ amountOwedFen: 12.5 })).toBe('amountOwedFen');
    expect(field({ facts: '拖欠工资\u200b三个月没有发放' })).toBe('facts');
    expect(field({ facts: '字'.repeat(10_000) })).toBe('facts');
    expect(field({ employer: '示例公司😀' })).toBe('employer');
    expect(field({ employer: { $ne: null } })).toBe('employer');
    expect(field({ category: ['wage_arrears'] })).toBe('category');
  });
});
