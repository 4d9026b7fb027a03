/**
 * Which action may change a case's form: only one its declaration says carries a form. Every action of every
 * registered type is tried with a smuggled form, as whoever may take it.
 */
import '../../domain/catalog';
import { caseTypes } from '../../domain/cases/registry';
import { planTransition, type EngineActor, type EngineCase } from '../../domain/cases/machine';
import type { ActionRule } from '../../domain/cases/declaration';
import type { CaseAction } from '../../typings/cases';
import { AppError } from '../../domain/runtime/errors';

const APPLICANT: EngineActor = { openid: 'o-applicant', personId: 'p-1', staff: null };
const SYSTEM: EngineActor = { openid: '', personId: null, staff: null, system: true };
const PATHS = { village: ['city', 't15', 't15-v01'], town: ['city', 't15'], city: ['city'] } as const;
const ROLE_PATH = { village_collector: PATHS.village, town_staff: PATHS.town, city_admin: PATHS.city } as const;

function staff(role: keyof typeof ROLE_PATH): EngineActor {
  const path = ROLE_PATH[role];
  return {
    openid: `o-${role}`,
    personId: null,
    staff: { staffId: `s-${role}`, role, gridNodeId: path[path.length - 1], gridPath: path, name: '王测试' },
  };
}

/** A case in `status` at the level where `actor` may act (staff act at their own level). */
function caseFor(status: string, actor: EngineActor): EngineCase {
  const path = actor.staff ? ROLE_PATH[actor.staff.role] : PATHS.village;
  const level = path.length === 1 ? 'city' : path.length === 2 ? 'town' : 'village';
  return {
    status,
    level,
    nodeId: path[path.length - 1],
    nodePath: [...path],
    reopenCount: 0,
    held: false,
    form: { category: 'other' },
    data: {},
    applicantOpenid: APPLICANT.openid,
  };
}

function actorsOf(rule: ActionRule): EngineActor[] {
  if (rule.by === 'system') return [SYSTEM];
  return rule.by
    .filter((who) => who !== 'initiator')
    .map((who) => (who === 'applicant' ? APPLICANT : staff(who as keyof typeof ROLE_PATH)));
}

const args = {
  comment: '说明',
  reason: '理由说明',
  targetNodeId: 't15-v02',
  rating: { score: 5, satisfied: true },
  form: { category: 'other', facts: '被改写的事实' },
};
const target = { nodeId: 't15-v02', path: ['city', 't15', 't15-v02'] };

describe('a form rides only on the action declared to carry it', () => {
  const cases = caseTypes().flatMap((decl) =>
    Object.entries(decl.states).flatMap(([status, state]) =>
      (Object.entries(state.actions) as [CaseAction, ActionRule][])
        .filter(([, rule]) => !rule.form)
        .flatMap(([action, rule]) =>
          actorsOf(rule).map((actor) => ({ decl, status, action, actor, who: actor.staff?.role ?? 'applicant' })),
        ),
    ),
  );

  it('covers every type that is registered', () => {
    expect(new Set(cases.map((c) => c.decl.type))).toEqual(
      new Set([
        'appeal',
        'consultation',
        'student_aid',
        'hardship_aid',
        'task_item',
        'collective_contract',
        'union_founding',
        'post',
      ]),
    );
  });

  it.each(cases.map((c) => [`${c.decl.type}.${c.status}.${c.action} by ${c.who}`, c] as const))(
    'refuses a form on %s, naming the field',
    (_name, { decl, status, action, actor }) => {
      let error: unknown = null;
      try {
        planTransition(decl, caseFor(status, actor), action, args, actor, target);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'form' });
    },
  );

  it('declares the applicant’s resubmission while information is requested as the one that carries a form', () => {
    const carriers = caseTypes().flatMap((decl) =>
      Object.entries(decl.states).flatMap(([status, state]) =>
        (Object.entries(state.actions) as [CaseAction, ActionRule][])
          .filter(([, rule]) => rule.form)
          .map(([action, rule]) => `${decl.type}.${status}.${action}:${rule.form}`),
      ),
    );
    expect(carriers).toEqual(
      expect.arrayContaining([
        'appeal.info_requested.resubmit:resubmit',
        'student_aid.info_requested.resubmit:resubmit',
        'hardship_aid.info_requested.resubmit:resubmit',
      ]),
    );
    // Anything else that carries a form is a staff correction (its own action, with a reason).
    for (const carrier of carriers.filter((c) => !c.endsWith(':resubmit')))
      expect(carrier).toMatch(/\.correct:correct$/);
  });
});
