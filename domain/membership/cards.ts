/**
 * The member card as the member sees it (a fresh QR code each time, valid five minutes) and as staff check it
 * (any staff member may: a card is shown wherever the member asks for a member's service). Checks are audited
 * and answer only the masked name, the union, the status and the number.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { loadActor, requirePerson, requireStaff } from '../people/actor';
import { getPerson } from '../people/person';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { MEMBER_STATUS_LABELS, type CardCheckView, type MemberCardView } from '../../typings/membership';
import { cardToken, checkCardToken, qrDataUrl } from './card';
import { memberById, memberOf, toMembershipView } from './members';

/** `card`: my member card with a fresh token. */
export async function myCard(ctx: HandlerContext): Promise<MemberCardView> {
  const actor = await loadActor(ctx);
  const person = await requirePerson(ctx, actor);
  const member = await memberOf(ctx, person._id);
  if (!member || (member.status !== 'member' && member.status !== 'pending'))
    throw new AppError(
      'PRECONDITION_FAILED',
      member ? '会籍转接办理中，完成后可出示会员卡' : '您还不是工会会员，请先申请入会',
    );
  const { token, expiresAt } = cardToken(member._id, member.cardVersion, ctx.now());
  return {
    name: person.name,
    memberNo: member.memberNo,
    unionName: member.unionName,
    statusLabel: MEMBER_STATUS_LABELS[member.status],
    since: toMembershipView(member).since,
    token,
    qr: qrDataUrl(token),
    expiresAt: expiresAt.toISOString(),
  };
}

const REFUSED: Record<'malformed' | 'forged' | 'expired' | 'stale' | 'gone', string> = {
  malformed: '这不是本市工会的会员卡二维码',
  forged: '会员卡二维码校验未通过，可能是伪造的',
  expired: '二维码已过期，请会员刷新后再出示',
  stale: '这张会员卡已失效（会籍有变动），请会员刷新后再出示',
  gone: '没有找到这个会员，或会籍已转出',
};

/** `verifyCard`: a staff member checks a scanned card. */
export async function verifyCard(input: { token: string }, ctx: HandlerContext): Promise<CardCheckView> {
  const actor = await loadActor(ctx);
  requireStaff(actor);
  const refused = (reason: keyof typeof REFUSED): CardCheckView => ({
    valid: false,
    message: REFUSED[reason],
    name: null,
    memberNo: null,
    unionName: null,
    statusLabel: null,
  });
  const checked = checkCardToken(input.token, ctx.now());
  let result: CardCheckView;
  let memberId: string | null = null;
  if (!checked.ok) result = refused(checked.reason);
  else {
    memberId = checked.memberId;
    const member = await memberById(ctx, checked.memberId);
    if (!member || (member.status !== 'member' && member.status !== 'pending')) result = refused('gone');
    else if (member.cardVersion !== checked.cardVersion) result = refused('stale');
    else {
      const person = await getPerson(ctx.db, member.personId);
      result = {
        valid: true,
        message: member.status === 'pending' ? '会员卡有效（预备会员）' : '会员卡有效',
        name: person ? maskName(person.name) : null,
        memberNo: member.memberNo,
        unionName: member.unionName,
        statusLabel: MEMBER_STATUS_LABELS[member.status],
      };
    }
  }
  await writeAudit(ctx, {
    action: 'member.verifyCard',
    targetType: 'member',
    targetId: memberId ?? 'unknown',
    detail: { valid: result.valid },
    actor,
  });
  return result;
}
