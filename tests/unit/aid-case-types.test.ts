/** The aid case types on the pure engine: steps in order, system-only notice and payment steps, the seal. */
import { generateKeys } from '../../domain/security/crypto';
import { studentAidCaseType, hardshipAidCaseType, sealOf, type AidCaseSummary } from '../../domain/aid/case-types';
import { availableActions, planTransition, type EngineActor, type EngineCase } from '../../domain/cases/machine';
import { AppError } from '../../domain/runtime/errors';

const keys = generateKeys();
process.env.UNION_DATA_KEY = keys.dataKey;
process.env.UNION_INDEX_KEY = keys.indexKey;

const staff = (role: 'village_collector' | 'town_staff' | 'city_admin', path: string[]): EngineActor => ({
  openid: `o-${role}`,
  personId: null,
  staff: { staffId: `s-${role}`, role, gridNodeId: path[path.length - 1], gridPath: path, name: '王测试' },
});
const collector = staff('village_collector', ['city', 't15', 't15-v01']);
const town = staff('town_staff', ['city', 't15']);
const admin = staff('city_admin', ['city']);
const applicant: EngineActor = { openid: 'o-applicant', personId: 'p-1', staff: null };
const system: EngineActor = { openid: '', personId: null, staff: null, system: true };

const at = (status: string, path: string[]): EngineCase => ({
  status,
  level: path.length === 3 ? 'village' : path.length === 2 ? 'town' : 'city',
  nodeId: path[path.length - 1],
  nodePath: path,
  reopenCount: 0,
  held: false,
  form: {},
  data: {},
  applicantOpenid: 'o-applicant',
});
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('aid review steps', () => {
  const decl = studentAidCaseType;

  it('should go village → town → city, each approval moving the case up one level', () => {
    // Approvals take an opinion; the village's approval follows a recorded home visit.
    const opinion = { inputs: { opinion: '情况属实，同意' } };
    const visited = { ...at('village_review', ['city', 't15', 't15-v01']), data: { recorded: { visit: 1 } } };
    const v = planTransition(decl, visited, 'approve', opinion, collector);
    expect(v).toMatchObject({ to: 'town_review', nodeId: 't15', level: 'town' });
    const t = planTransition(decl, at('town_review', ['city', 't15']), 'approve', opinion, town);
    expect(t).toMatchObject({ to: 'city_review', nodeId: 'city', level: 'city' });
    expect(planTransition(decl, at('city_review', ['city']), 'approve', opinion, admin)).toMatchObject({
      to: 'approved',
    });
  });

  it('should not let a higher level skip the village step, nor the applicant approve', () => {
    expect(
      code(() => planTransition(decl, at('village_review', ['city', 't15', 't15-v01']), 'approve', {}, town)),
    ).toBe('FORBIDDEN');
    expect(
      code(() => planTransition(decl, at('village_review', ['city', 't15', 't15-v01']), 'approve', {}, applicant)),
    ).toBe('FORBIDDEN');
  });

  it('should return a resubmission to the review step of the level that asked', () => {
    expect(
      planTransition(decl, at('info_requested', ['city', 't15']), 'resubmit', { comment: '已补充' }, applicant).to,
    ).toBe('town_review');
    expect(
      code(() => planTransition(decl, at('info_requested', ['city', 't15']), 'resubmit', { form: {} }, applicant)),
    ).toBe('PRECONDITION_FAILED');
  });

  it('should leave publishing, the notice end and payments to the system', () => {
    expect(code(() => planTransition(decl, at('approved', ['city']), 'publish', {}, admin))).toBe('FORBIDDEN');
    expect(planTransition(decl, at('approved', ['city']), 'publish', {}, system).to).toBe('in_notice');
    expect(planTransition(hardshipAidCaseType, at('notice_passed', ['city']), 'disburse_fail', {}, system).to).toBe(
      'payment_failed',
    );
    expect(planTransition(hardshipAidCaseType, at('payment_failed', ['city']), 'disburse', {}, system).to).toBe('paid');
    expect(availableActions(decl, at('in_notice', ['city']), admin).map((a) => a.action)).toEqual(['refuse']);
    expect(code(() => planTransition(decl, at('in_notice', ['city']), 'refuse', {}, admin))).toBe('INVALID_INPUT');
  });

  it('should not approve a withdrawn case', () => {
    expect(
      code(() => planTransition(decl, at('withdrawn', ['city', 't15', 't15-v01']), 'approve', {}, collector)),
    ).toBe('PRECONDITION_FAILED');
  });
});

describe('the sealed summary', () => {
  const body: Omit<AidCaseSummary, 'seal'> = {
    applicationId: 'a'.repeat(32),
    personId: 'p-1',
    programme: 'hardship_aid',
    roundId: 'r1',
    roundTitle: '2026年困难职工帮扶',
    category: 'deep',
    amountFen: 300_000,
    villageId: 't15-v01',
    eligible: true,
    reasons: ['深度困难'],
    rulesVersion: 'aid-rules/2026.1',
    checks: [],
  };
  const person = { personId: 'p-1', openid: 'o', maskedName: '王*' };

  it('should route a sealed summary to its village and refuse an altered one', async () => {
    const form = { ...body, seal: sealOf(body) };
    expect(await hardshipAidCaseType.route(form, person)).toEqual({ nodeId: 't15-v01' });
    expect(code(() => hardshipAidCaseType.route({ ...form, amountFen: 9_999_999 }, person))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(code(() => hardshipAidCaseType.route(form, { ...person, personId: 'p-2' }))).toBe('PRECONDITION_FAILED');
    expect(code(() => studentAidCaseType.route(form, person))).toBe('PRECONDITION_FAILED');
  });
});
