/**
 * Profiles entered on someone's behalf: an information collector (or town staff / city admin, inside
 * their scope) registers a person without a smartphone; the profile is marked `enteredBy` and carries
 * a one-time claim code (8 characters, 30 days, stored only as a blind index). The person later claims
 * it from their own WeChat with name + ID number + claim code; five wrong attempts lock the code until
 * the collector issues a new one. A failed claim never says which of the three did not match.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, invalid, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { takeAttempt } from '../runtime/attempts';
import type { MaskedPerson, MyProfile } from '../../typings/people';
import { findNode } from '../grid/handlers';
import { blindIndex } from '../security/crypto';
import { writeAudit } from '../audit/audit';
import { inScope, loadActor, requireStaff } from './actor';
import { DAY_MS, newId, randomCode } from './codes';
import {
  MAX_CLAIM_ATTEMPTS,
  PEOPLE,
  getPersonByOpenid,
  idNumberHash,
  toMaskedPerson,
  toMyProfile,
  type PersonRecord,
} from './person';
import { duplicateId, personFields, type ProfileData } from './profile';

export const CLAIM_CODE_DAYS = 30;

const claimHash = (personId: string, code: string) => blindIndex('claim', `${personId}:${code.toUpperCase()}`);

function newClaimCode(ctx: HandlerContext, personId: string) {
  const code = randomCode(8);
  const expiresAt = new Date(ctx.now().getTime() + CLAIM_CODE_DAYS * DAY_MS);
  return {
    code,
    expiresAt,
    fields: { claimCodeHash: claimHash(personId, code), claimCodeExpiresAt: expiresAt, claimAttempts: 0 },
  };
}

/** `createOnBehalf`: a staff member registers someone in their scope; returns the claim code once. */
export async function createOnBehalf(
  input: ProfileData,
  ctx: HandlerContext,
): Promise<{ person: MaskedPerson; claimCode: string; claimCodeExpiresAt: string }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  if (input.phoneCode) throw invalid('phoneCode', '代为登记时请直接填写手机号');
  const village = await findNode(ctx.db, input.homeVillageId);
  if (village && !inScope(staff, village.path)) throw forbidden('只能登记本辖区的人员');
  const fields = await personFields(ctx, input, input.phone);
  const { data: holders } = await ctx.db
    .collection<PersonRecord>(PEOPLE)
    .where({ idHash: fields.idHash })
    .limit(1)
    .get();
  if (holders[0]) throw duplicateId(holders[0], 'staff');
  const _id = newId();
  const claim = newClaimCode(ctx, _id);
  const now = ctx.now();
  const person: PersonRecord = {
    _id,
    openid: null,
    ownerKey: `unclaimed:${_id}`,
    ...fields,
    enteredBy: staff.staffId,
    claimed: false,
    ...claim.fields,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.collection(PEOPLE).add({ data: person });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw duplicateId(null, 'staff');
    throw error;
  }
  await writeAudit(ctx, { action: 'person.createOnBehalf', targetType: 'person', targetId: _id, actor });
  return { person: toMaskedPerson(person), claimCode: claim.code, claimCodeExpiresAt: claim.expiresAt.toISOString() };
}

/** `reissueClaimCode`: a new claim code for an unclaimed profile in scope (the old one stops working). */
export async function reissueClaimCode(
  input: { personId: string },
  ctx: HandlerContext,
): Promise<{ claimCode: string; claimCodeExpiresAt: string }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const { data } = await ctx.db.collection<PersonRecord>(PEOPLE).where({ _id: input.personId }).limit(1).get();
  const person = data[0];
  if (!person || !inScope(staff, person.homePath)) throw notFound('人员不存在');
  if (person.claimed) throw new AppError('PRECONDITION_FAILED', '该档案已由本人认领');
  const claim = newClaimCode(ctx, person._id);
  await ctx.db
    .collection(PEOPLE)
    .doc(person._id)
    .update({ data: { ...claim.fields, updatedAt: ctx.now() } });
  await writeAudit(ctx, { action: 'person.reissueClaimCode', targetType: 'person', targetId: person._id, actor });
  return { claimCode: claim.code, claimCodeExpiresAt: claim.expiresAt.toISOString() };
}

const MISMATCH = '信息不匹配：请核对姓名、身份证号和认领码，或联系信息采集员';

/** `claimProfile`: link a profile entered on my behalf to my WeChat. */
export async function claimProfile(
  input: { name: string; idNumber: string; claimCode: string },
  ctx: HandlerContext,
): Promise<MyProfile> {
  const actor = await loadActor(ctx);
  if (await getPersonByOpenid(ctx.db, actor.openid)) throw new AppError('CONFLICT', '您的微信已关联个人档案');
  const people = ctx.db.collection<PersonRecord>(PEOPLE);
  const { data } = await people
    .where({ idHash: idNumberHash(input.idNumber) })
    .limit(1)
    .get();
  const person = data[0];
  if (!person || person.claimed || !person.claimCodeHash) throw notFound(MISMATCH);
  // Every check of a code takes one of the code's attempts first, atomically: parallel guesses cannot pass the limit.
  const attempt = await takeAttempt(
    ctx,
    PEOPLE,
    { _id: person._id, claimed: false },
    'claimAttempts',
    MAX_CLAIM_ATTEMPTS,
  );
  if (!attempt) throw new AppError('RATE_LIMITED', '认领失败次数过多，请联系信息采集员重新获取认领码');
  const expired = !person.claimCodeExpiresAt || new Date(person.claimCodeExpiresAt).getTime() < ctx.now().getTime();
  if (person.name !== input.name || person.claimCodeHash !== claimHash(person._id, input.claimCode) || expired) {
    throw notFound(expired && person.name === input.name ? '认领码已过期，请联系信息采集员重新获取' : MISMATCH);
  }
  const _ = ctx.db.command;
  const now = ctx.now();
  let updated = 0;
  try {
    const res = await people.where({ _id: person._id, claimed: false }).update({
      data: {
        openid: actor.openid,
        ownerKey: actor.openid,
        claimed: true,
        claimedAt: now,
        claimCodeHash: _.remove(),
        claimCodeExpiresAt: _.remove(),
        claimAttempts: _.remove(),
        updatedAt: now,
      },
    });
    updated = res.stats.updated;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('CONFLICT', '您的微信已关联个人档案');
    throw error;
  }
  if (updated !== 1) throw new AppError('CONFLICT', '该档案已被认领');
  await writeAudit(ctx, { action: 'person.claim', targetType: 'person', targetId: person._id, actor });
  const { data: after } = await people.where({ _id: person._id }).limit(1).get();
  return toMyProfile(after[0]);
}
