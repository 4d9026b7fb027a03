/**
 * A person's rights over their membership data, declared beside the joining and transfer declarations (they move
 * cases, so they need the whole engine; loaded by the `people` function through `domain/catalog-data.ts`). One
 * hook object for both types, so each runs once.
 *
 * - Export (`people.viewMyData`): the membership as the member sees it (union, unit, status, member number, what
 *   happened) and their joining and transfer cases.
 * - Erasure (a carried-out deletion request): a joining case in review and a transfer the old union has not let go
 *   yet are withdrawn on the person's behalf (an ordinary `withdraw` step with the reason); the membership record
 *   is deleted (a card shown before stops verifying) with the person's claim on an open case; the free text of
 *   their cases (the joining note, the transfer reason) is blanked and the cases lose the WeChat link and the name.
 *   Audited as `membership.erase` (no personal data). Held back while a transfer has been let go by the old union
 *   and waits for the new one to register it (the member is between two unions; the new union finishes it within
 *   its time limit).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../people/actor';
import { CASES } from '../cases/store';
import { declareDataHooks, ownCasesExport, type DataSubject, type ExportSection } from '../cases/type-hooks';
import { chinaDate } from '../../common/china-time';
import { caseStep } from '../aid/steps';
import { JOIN_TYPE, MEMBER_CLAIMS, membershipCases, TRANSFER_TYPE } from './apply';
import { MEMBERS, memberOf, toMembershipView } from './members';

/** What an erased case keeps in place of the person's own words. */
const ERASED_TEXT = '（本人已申请删除个人信息）';
const ERASED_NAME = '已删除';

/** The open cases a worker may withdraw themselves, by type: the engine's `withdraw` from these states. */
const WITHDRAWABLE: Record<string, readonly string[]> = { [JOIN_TYPE]: ['review'], [TRANSFER_TYPE]: ['out_review'] };

async function assertMembershipErasable(ctx: HandlerContext, personId: string): Promise<void> {
  const cases = await membershipCases(ctx, personId);
  if (cases.some((c) => c.type === TRANSFER_TYPE && c.open && c.status === 'in_review'))
    throw new AppError(
      'PRECONDITION_FAILED',
      '该人员的会员关系转接已由原工会放行、正待新工会登记，请新工会登记后再办理删除',
    );
}

async function eraseMembership(ctx: HandlerContext, subject: DataSubject, actor: Actor): Promise<void> {
  const _ = ctx.db.command;
  const cases = await membershipCases(ctx, subject.personId);
  let withdrawn = 0;
  for (const c of cases.filter((x) => x.open && WITHDRAWABLE[x.type]?.includes(x.status))) {
    const applicant = { openid: c.applicantOpenid, personId: c.personId, staff: null, system: false };
    const done = await caseStep(ctx, c._id, 'withdraw', applicant, {
      reason: '本人申请删除个人信息，申请随之撤回',
      from: WITHDRAWABLE[c.type],
    });
    if (done) withdrawn += 1;
  }
  for (const c of cases) {
    const form = c.form as { note?: string; reason?: string };
    await ctx.db
      .collection(CASES)
      .doc(c._id)
      .update({
        data: {
          applicantOpenid: '',
          applicantName: ERASED_NAME,
          ...(form.note !== undefined ? { 'form.note': _.remove() } : {}),
          ...(form.reason !== undefined ? { 'form.reason': ERASED_TEXT } : {}),
        },
      });
  }
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
    detail: { member: Boolean(member), cases: cases.length, withdrawn },
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
