/**
 * A person's rights over their membership data, declared beside the joining and transfer declarations (they move
 * cases, so they need the whole engine; loaded by the `people` function through `domain/catalog-data.ts`). One
 * hook object for both types, so each runs once.
 *
 * - Export (`people.viewMyData`): the membership as the member sees it (union, unit, status, member number, what
 *   happened) and their joining and transfer cases.
 * - Erasure (a carried-out deletion request): the cases go the way of every own case (`../cases/own-cases-erasure.ts`:
 *   a joining case in review and a transfer the old union has not let go yet are withdrawn on the person's behalf,
 *   every case loses the person's words and name); then the membership record is deleted (a card shown before stops
 *   verifying) with the person's claim on an open case; audited as `membership.erase` (no personal data). Held back
 *   while a transfer has been let go by the old union and waits for the new one to register it (the member is
 *   between two unions; the person cannot withdraw it, the new union finishes it within its time limit).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../people/actor';
import { declareDataHooks, ownCasesExport, type DataSubject, type ExportSection } from '../cases/type-hooks';
import { ownCasesErasure } from '../cases/own-cases-erasure';
import { chinaDate } from '../../common/china-time';
import { JOIN_TYPE, MEMBER_CLAIMS, membershipCases, TRANSFER_TYPE } from './apply';
import { MEMBERS, memberOf, toMembershipView } from './members';
import './types';

const caseErasures = [ownCasesErasure(JOIN_TYPE), ownCasesErasure(TRANSFER_TYPE)];

async function assertMembershipErasable(ctx: HandlerContext, personId: string): Promise<void> {
  // Said in the membership's own words first; the shared check then covers any other open case it cannot withdraw.
  if ((await membershipCases(ctx, personId)).some((c) => c.open && c.status === 'in_review'))
    throw new AppError(
      'PRECONDITION_FAILED',
      '该人员的会员关系转接已由原工会放行、正待新工会登记，请新工会登记后再办理删除',
    );
  for (const e of caseErasures) await e.assertErasable?.(ctx, personId);
}

async function eraseMembership(ctx: HandlerContext, subject: DataSubject, actor: Actor): Promise<void> {
  for (const e of caseErasures) await e.erase(ctx, subject, actor);
  const member = await memberOf(ctx, subject.personId);
  if (member) await ctx.db.collection(MEMBERS).doc(member._id).remove();
  await ctx.db
    .collection(MEMBER_CLAIMS)
    .doc(subject.personId)
    .remove()
    .catch(() => undefined);
  await writeAudit(ctx, {
    action: 'membership.erase',
    targetType: 'person',
    targetId: subject.personId,
    detail: { member: Boolean(member) },
    actor,
  });
}

const joinCases = ownCasesExport(JOIN_TYPE);
const transferCases = ownCasesExport(TRANSFER_TYPE);

async function exportMembership(ctx: HandlerContext, subject: DataSubject): Promise<ExportSection[]> {
  const member = await memberOf(ctx, subject.personId);
  const sections: ExportSection[] = [];
  if (member) {
    const view = toMembershipView(member);
    sections.push({
      title: '工会会籍',
      lines: [
        { label: '会籍状态', value: view.statusLabel },
        { label: '所在工会', value: view.unionName },
        ...(view.unitName ? [{ label: '所在单位', value: view.unitName }] : []),
        { label: '会员编号', value: view.memberNo },
        { label: '入会时间', value: chinaDate(new Date(member.since)) },
        ...view.history.map((e) => ({ label: e.at, value: e.text })),
      ],
    });
  }
  return [...sections, ...(await joinCases(ctx, subject)), ...(await transferCases(ctx, subject))];
}

declareDataHooks([JOIN_TYPE, TRANSFER_TYPE], {
  erasure: {
    assertErasable: (ctx, personId) => assertMembershipErasable(ctx, personId),
    erase: (ctx, subject, actor) => eraseMembership(ctx, subject, actor),
  },
  dataExport: (ctx, subject) => exportMembership(ctx, subject),
});
