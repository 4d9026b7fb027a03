/** An enterprise's proposals (提案, case type `congress_proposal`) in words for its page. */
import type { ProposalForm } from '../../typings/agreements';
import { chinaDate } from '../../common/china-time';
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { CASES, type CaseDoc } from '../cases/store';
import { proposalCaseType } from './proposal-type';

export async function proposalLines(ctx: Pick<HandlerContext, 'db'>, unitId: string) {
  const cases = await readAll<CaseDoc>(ctx.db, CASES, { 'subject.orgId': unitId, type: proposalCaseType.type });
  return cases
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .map((c) => {
      const form = c.form as unknown as ProposalForm;
      const state = proposalCaseType.states[c.status as keyof typeof proposalCaseType.states];
      return {
        caseId: c._id,
        title: form.title,
        statusLabel: state?.label ?? '',
        line: `提案人 ${form.proposer} · ${chinaDate(new Date(c.createdAt))} 登记`,
      };
    });
}
