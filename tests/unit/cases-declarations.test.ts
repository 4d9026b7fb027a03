/**
 * Declarations are typed and self-checked: states, verbs and stages come with typed constants; a verb without a
 * label, a stage naming an unknown state or a state in two stages is refused at registration; every view labels a
 * case's status from the declaration.
 */
import '../../domain/catalog';
import { appealCaseType } from '../../domain/cases/types/appeal';
import { defineCaseType } from '../../domain/cases/declaration';
import { caseTypes, validateDeclaration } from '../../domain/cases/registry';
import { COMMON_VERBS, verbLabel } from '../../domain/cases/verbs';
import { AID, aidStageOfState, aidStatusLabel, studentAidCaseType } from '../../domain/aid/case-types';
import { AID_STAGES } from '../../typings/aid';
import { z } from 'zod';

const probe = () =>
  defineCaseType({
    type: 'probe_type',
    title: '测试',
    formSchema: z.object({ note: z.string() }).strict(),
    categories: [],
    category: () => ({ value: 'x', label: 'x' }),
    headline: () => '测试',
    display: { note: { label: '说明' } },
    texts: () => [],
    route: () => ({ nodeId: 't15-v01' }),
    initialState: 'open',
    states: {
      open: { label: '待签收', actions: { sign: { by: ['village_collector'], to: 'signed' } } },
      signed: { label: '已签收', terminal: true, actions: {} },
    },
    verbs: { sign: { label: '签收' } },
    stages: { doing: { label: '办理中', states: ['open'] }, done: { label: '已完成', states: ['signed'] } },
  });

describe('typed declarations', () => {
  it('gives typed constants for states, verbs and stages', () => {
    const decl = probe();
    expect(decl.state).toEqual({ open: 'open', signed: 'signed' });
    expect(decl.verb).toEqual({ sign: 'sign' });
    expect(decl.stage).toEqual({ doing: 'doing', done: 'done' });
    expect(appealCaseType.state.handling).toBe('handling');
    expect(AID.verb.publish).toBe('publish');
  });

  it('labels a type’s own verbs from its declaration and common verbs from the engine', () => {
    expect(verbLabel(probe(), 'sign')).toBe('签收');
    expect(verbLabel(studentAidCaseType, 'publish')).toBe('发布公示');
    expect(verbLabel(appealCaseType, 'accept')).toBe(COMMON_VERBS.accept);
  });

  it('refuses a verb without a label, a stage naming an unknown state, and a state in two stages', () => {
    const base = probe();
    expect(() => validateDeclaration({ ...base, verbs: {} })).toThrow(/sign has no label/);
    expect(() => validateDeclaration({ ...base, stages: { doing: { label: '办理中', states: ['nowhere'] } } })).toThrow(
      /undeclared state nowhere/,
    );
    expect(() =>
      validateDeclaration({
        ...base,
        stages: { a: { label: 'a', states: ['open'] }, b: { label: 'b', states: ['open'] } },
      }),
    ).toThrow(/in stages a and b/);
    expect(() => validateDeclaration(base)).not.toThrow();
  });

  it('refuses an overdue step that is not a system action of its state, or a state without a deadline', () => {
    const base = probe();
    const withOverdue = (open: Record<string, unknown>) =>
      validateDeclaration({ ...base, states: { ...base.states, open: { ...base.states.open, ...open } } });
    expect(() => withOverdue({ timeLimitDays: 2, onOverdue: { run: 'sign' } })).toThrow(/not a system action/);
    const system = { sign: { by: 'system', to: 'signed' } };
    expect(() => withOverdue({ onOverdue: { run: 'sign' }, actions: system })).toThrow(/has no deadline/);
    expect(() => withOverdue({ timeLimitDays: 2, onOverdue: { run: 'sign' }, actions: system })).not.toThrow();
  });

  it('registers every built-in type with each state in at most one stage and every verb labelled', () => {
    for (const decl of caseTypes()) expect(() => validateDeclaration(decl)).not.toThrow();
  });
});

describe('aid status labels come from the declaration', () => {
  it('declares a stage for every aid stage of the contract', () => {
    expect(Object.keys(AID.stages).sort()).toEqual([...AID_STAGES].sort());
  });

  it('shows each aid state with the same words the case lists use (its declared label)', () => {
    for (const [state, decl] of Object.entries(studentAidCaseType.states)) {
      expect(aidStatusLabel(state, aidStageOfState(state))).toBe(decl.label);
    }
  });

  it('groups the review states into one stage and labels overlays by the stage', () => {
    expect(AID.review).toEqual(['village_review', 'town_review', 'city_review', 'info_requested']);
    expect(aidStageOfState('town_review')).toBe('in_review');
    expect(aidStatusLabel('notice_passed', 'payment_pending')).toBe('发放中');
  });
});
