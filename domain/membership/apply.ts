/**
 * Filing a joining or transfer case: where it goes (resolved from the registry on the server, never taken from the
 * client) and the rule of one open membership case per person. The case forms are built here (`joinForm`,
 * `transferForm`) and checked again when the case is filed (`checkJoinForm`, `checkTransferForm`, from the
 * declarations' `subject`), so a form sent straight to `cases.submit` cannot name another union.
 *
 * One open case at a time: filing claims `member_claims/<personId>` (one insert: of fifty at once one wins); the
 * claim is free again once the person's cases filed under it have ended (refused, withdrawn, approved…). A claim
 * whose submission never produced a case (refused by a content check) frees itself after two minutes.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { gridIndex } from '../grid/cache';
import { CASES, type CaseDoc } from '../cases/store';
import type { CasePerson } from '../cases/declaration';
import type { UnionRecord, UnitRecord } from '../registry/store';
import type { JoinForm, TransferForm } from '../../typings/membership';
import { memberOf, unionFor, unitRecord, type MemberRecord } from './members';

export const MEMBER_CLAIMS = 'member_claims';
export const JOIN_TYPE = 'member_join';
export const TRANSFER_TYPE = 'member_transfer';

/** Claims younger than this belong to a submission still in flight. */
export const CLAIM_IN_FLIGHT_MS = 120_000;

const last = (path: readonly string[]) => path[path.length - 1];

/** The person's home town (`homePath[1]`), where a worker without a unit in the city joins (会员之家). */
const homeTown = (person: CasePerson): string | null => (person.homePath?.[1] as string | undefined) ?? null;

async function unitOrThrow(ctx: HandlerContext, unitId: string, field: string): Promise<UnitRecord> {
  const unit = await unitRecord(ctx, unitId);
  if (!unit) throw invalid(field, '没有找到这个单位，请重新选择');
  return unit;
}

/** The union a worker of `unit` (or without one, of their home town) joins, as the case form records it. */
export async function joinForm(
  ctx: HandlerContext,
  person: CasePerson,
  input: { unitId?: string; note?: string },
): Promise<JoinForm> {
  const unit = input.unitId ? await unitOrThrow(ctx, input.unitId, 'unitId') : null;
  const townId = unit?.townId ?? homeTown(person);
  if (!townId) throw new AppError('PROFILE_REQUIRED', '请先在个人信息中填写户籍所在村（社区）', 'homeVillageId');
  const found = await unionFor(ctx, unit, townId);
  if (!found) throw new AppError('PRECONDITION_FAILED', '所在乡镇的工会尚未登记，暂不能在线入会，请联系乡镇工会');
  return {
    unionId: found.union._id,
    unionName: found.union.name,
    unitId: unit?._id ?? null,
    unitName: unit?.name ?? null,
    pending: found.pending,
    nodeId: last(found.union.path),
    ...(input.note ? { note: input.note } : {}),
  };
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(b).every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));

/** A joining case's form must be what the registry says now, for a person who is not a member yet. */
export async function checkJoinForm(ctx: HandlerContext, person: CasePerson, form: JoinForm): Promise<void> {
  const member = await memberOf(ctx, person.personId);
  if (member && member.status !== 'left')
    throw new AppError('PRECONDITION_FAILED', '您已是工会会员，如换了工作请办理会员关系转接');
  const expected = await joinForm(ctx, person, { unitId: form.unitId ?? undefined, note: form.note });
  if (!same(form, expected)) throw invalid('form.unionId', '入会的工会与单位不符，请重新选择单位');
}

/** The destination of a transfer: the new unit's union (or its town's, as 预备会员), a town's union, or outside. */
async function destination(
  ctx: HandlerContext,
  input: { to: 'unit' | 'town' | 'outside'; unitId?: string; townId?: string; city?: string },
): Promise<{ union: UnionRecord | null; unit: UnitRecord | null; pending: boolean }> {
  if (input.to === 'outside') return { union: null, unit: null, pending: false };
  const unit = input.to === 'unit' && input.unitId ? await unitOrThrow(ctx, input.unitId, 'unitId') : null;
  const townId = unit?.townId ?? input.townId ?? '';
  if (!unit && !(await gridIndex(ctx.db)).get(townId)) throw invalid('townId', '请选择乡镇');
  const found = await unionFor(ctx, unit, townId);
  if (!found) throw invalid(unit ? 'unitId' : 'townId', '该乡镇的工会尚未登记，暂不能转入');
  return { union: found.union, unit, pending: found.pending };
}

/** The member's transfer as the case form records it. */
export async function transferForm(
  ctx: HandlerContext,
  member: MemberRecord,
  input: { to: 'unit' | 'town' | 'outside'; unitId?: string; townId?: string; city?: string; reason: string },
): Promise<TransferForm> {
  const { union, unit, pending } = await destination(ctx, input);
  if (union && union._id === member.unionId && (unit?._id ?? null) === member.unitId)
    throw invalid(input.to === 'unit' ? 'unitId' : 'townId', '会籍已在这个工会，不需要转接');
  return {
    fromUnionId: member.unionId,
    fromUnionName: member.unionName,
    fromNodeId: last(member.path),
    to: input.to,
    toUnionId: union?._id ?? null,
    toUnionName: union?.name ?? null,
    toUnitId: unit?._id ?? null,
    toUnitName: unit?.name ?? null,
    toPath: union ? [...union.path] : null,
    toPending: pending,
    city: input.to === 'outside' ? (input.city ?? null) : null,
    reason: input.reason,
  };
}

/** The member whose transfer this is; refuses when there is nothing to move. */
export async function transferringMember(ctx: HandlerContext, personId: string): Promise<MemberRecord> {
  const member = await memberOf(ctx, personId);
  if (!member || member.status === 'left')
    throw new AppError('PRECONDITION_FAILED', '您还不是本市工会会员，请先申请入会');
  if (member.status === 'transferring') throw new AppError('PRECONDITION_FAILED', '会籍转接正在办理，请等待新工会登记');
  return member;
}

/** A transfer case's form must match the member's union now and the registry's destination. */
export async function checkTransferForm(ctx: HandlerContext, person: CasePerson, form: TransferForm): Promise<void> {
  const member = await transferringMember(ctx, person.personId);
  const expected = await transferForm(ctx, member, {
    to: form.to,
    unitId: form.toUnitId ?? undefined,
    townId: form.toPath?.[1],
    city: form.city ?? undefined,
    reason: form.reason,
  });
  if (!same(form, expected)) throw invalid('form.toUnionId', '转接的工会与会籍记录不符，请刷新后重试');
}

/** The person's joining and transfer cases, newest first. */
export async function membershipCases(ctx: Pick<HandlerContext, 'db'>, personId: string): Promise<CaseDoc[]> {
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where({ personId, type: ctx.db.command.in([JOIN_TYPE, TRANSFER_TYPE]) })
    .orderBy('createdKey', 'desc')
    .limit(50)
    .get();
  return data;
}

/** Claim the person's one open membership case; refuses while another is open or being filed. */
export async function claimMembershipCase(ctx: HandlerContext, personId: string): Promise<void> {
  const claims = ctx.db.collection(MEMBER_CLAIMS);
  const now = ctx.now();
  try {
    await claims.add({ data: { _id: personId, at: now, n: 1 } });
    return;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const cases = await membershipCases(ctx, personId);
  if (cases.some((c) => c.open))
    throw new AppError('CONFLICT', '您已有入会或转接申请正在办理，请在“入会 · 会员卡”中查看进度');
  const held = (await claims.doc(personId).get()).data as { at?: Date | string; n?: number } | null;
  const at = held?.at ? new Date(held.at).getTime() : 0;
  const landed = cases.some((c) => new Date(c.createdAt).getTime() >= at);
  if (!landed && now.getTime() - at < CLAIM_IN_FLIGHT_MS) throw new AppError('CONFLICT', '申请正在提交，请勿重复提交');
  // Every earlier case ended (or the claim's submission never landed): take the claim over, once.
  const n = held?.n ?? 1;
  const taken = await claims.where({ _id: personId, n }).update({ data: { at: now, n: n + 1 } });
  if (taken.stats.updated !== 1) throw new AppError('CONFLICT', '申请正在提交，请勿重复提交');
}
