/**
 * Recruiting (发展会员): the preparatory group shares a join link (a QR code on its page) for its founding; a
 * worker with a profile opens it and joins once, through the membership flow: a 入会申请 (`member_join`) for the
 * founding's unit — the town's union approves it and holds them as 预备会员 until the registry step writes the new
 * union, which takes them (`takePendingMembers`) — or, for a member of another union who chooses it, a 会员关系转接.
 * The joins are recorded one per person and founding (`founding_recruits`, id `<caseId>:<personId>`, so a retry or
 * fifty taps join once; a refused or withdrawn case drops it), and the count is what the group confirms at the end
 * of recruiting (`inputs.ts`). The link's code is a keyed hash of the case id: nobody
 * can make one for another founding.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { blindIndex } from '../security/crypto';
import { qrDataUrl } from '../membership/card';
import { loadActor, requirePerson, type Actor } from '../people/actor';
import { relation } from '../cases/machine';
import { getCase, type CaseDoc } from '../cases/store';
import type { FoundingForm, JoinApplication, JoinLink, JoinPreview, JoinResult } from '../../typings/founding';
import type { PersonRecord } from '../people/person';
import { findCaseType } from '../cases/registry';
import { casePerson, submitCase } from '../cases/service';
import { JOIN_TYPE, TRANSFER_TYPE, joinForm, transferForm } from '../membership/apply';
import { memberOf, unitRecord, type MemberRecord } from '../membership/members';
import { ensureUnit } from './registry-entry';
import { foundingCaseType } from './types';
import { FOUNDING_LINKS, FOUNDING_RECRUITS, FOUNDING_TYPE, recruitCount, type RecruitRecord } from './store';

/** The page a join link opens in the mini-program. */
export const JOIN_PAGE = 'pages/join/index';

/** A founding the actor may see, or NOT_FOUND. */
export async function visibleFounding(ctx: HandlerContext, actor: Actor, caseId: string): Promise<CaseDoc> {
  const c = await getCase(ctx.db, caseId);
  if (!c || c.type !== FOUNDING_TYPE || relation(c, actor) === 'none') throw notFound('建会申请不存在');
  return c;
}

const codeOf = (caseId: string) => blindIndex('founding_join', caseId).slice(0, 32);

/**
 * The https prefix registered in the mini-program's console under 扫普通链接二维码打开小程序 (rule → `pages/join/index`),
 * from the `founding` function's variable `UNION_JOIN_QR_URL` (declared in `cloudbaserc.json`: a deploy refuses to
 * run without it; the local cloud sets a stand-in). Unset or not https, no QR code is made: a printed code that
 * opens nothing would be shared before anyone noticed.
 */
export function joinQrBase(): string {
  const url = process.env.UNION_JOIN_QR_URL?.trim() ?? '';
  if (!/^https:\/\/[^\s?#]+$/.test(url))
    throw new AppError(
      'INTERNAL',
      url
        ? '入会二维码的链接地址（UNION_JOIN_QR_URL）应为 https 开头、不带参数的地址，请管理员在云函数 founding 的环境变量中改正'
        : '入会二维码的链接地址（UNION_JOIN_QR_URL）尚未配置，请管理员在云函数 founding 的环境变量中设置后再分享',
    );
  return url;
}

/** The link in the join QR code. */
export const joinQrUrl = (code: string): string => `${joinQrBase()}?code=${code}`;

/** The join link of the applicant's founding while it recruits. */
export async function joinLink(ctx: HandlerContext, caseId: string): Promise<JoinLink> {
  const actor = await loadActor(ctx);
  const c = await visibleFounding(ctx, actor, caseId);
  if (relation(c, actor) !== 'applicant') throw new AppError('FORBIDDEN', '只有建会单位的联系人可以分享入会二维码');
  if (c.status !== foundingCaseType.state.recruiting)
    throw new AppError('PRECONDITION_FAILED', '筹备组获批后、发展会员阶段才能分享入会二维码');
  const code = codeOf(c._id);
  await ctx.db
    .collection(FOUNDING_LINKS)
    .add({ data: { _id: code, caseId: c._id, createdAt: ctx.now() } })
    .catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  return {
    caseId: c._id,
    unitName: c.applicantName,
    code,
    path: `${JOIN_PAGE}?code=${code}`,
    recruits: await recruitCount(ctx, c._id),
    qr: qrDataUrl(joinQrUrl(code)),
    qrUrl: joinQrUrl(code),
  };
}

async function linkedCase(ctx: HandlerContext, code: string): Promise<CaseDoc> {
  const link = await ctx.db
    .collection(FOUNDING_LINKS)
    .doc(code)
    .get()
    .catch(() => ({ data: null }));
  const caseId = (link.data as { caseId?: string } | null)?.caseId;
  const c = caseId ? await getCase(ctx.db, caseId) : null;
  if (!c || c.type !== FOUNDING_TYPE || codeOf(c._id) !== code) throw notFound('入会二维码无效，请向筹备组重新索取');
  return c;
}

const recruitId = (caseId: string, personId: string) => `${caseId}:${personId}`;

async function recruitOf(ctx: HandlerContext, caseId: string, personId: string): Promise<RecruitRecord | null> {
  const { data } = await ctx.db
    .collection<RecruitRecord>(FOUNDING_RECRUITS)
    .where({ _id: recruitId(caseId, personId) })
    .limit(1)
    .get();
  return data[0] ?? null;
}

/** The membership case a recruit's joining filed, as the worker follows it. */
async function applicationOf(ctx: HandlerContext, joinCaseId: string | null): Promise<JoinApplication | null> {
  const c = joinCaseId ? await getCase(ctx.db, joinCaseId) : null;
  if (!c) return null;
  const decl = findCaseType(c.type);
  return { caseId: c._id, title: decl?.title ?? '', statusLabel: decl?.states[c.status]?.label ?? '' };
}

/** The person's membership when it is held for another unit (or none): joining here would be a transfer. */
async function otherMembership(ctx: HandlerContext, personId: string, c: CaseDoc): Promise<MemberRecord | null> {
  const member = await memberOf(ctx, personId);
  if (!member || member.status === 'left') return null;
  const unit = member.unitId ? await unitRecord(ctx, member.unitId) : null;
  return unit?.creditCode === (c.form as FoundingForm).creditCode ? null : member;
}

export async function joinPreview(ctx: HandlerContext, code: string): Promise<JoinPreview> {
  const actor = await loadActor(ctx);
  const c = await linkedCase(ctx, code);
  const mine = actor.personId ? await recruitOf(ctx, c._id, actor.personId) : null;
  const other = actor.personId && !mine ? await otherMembership(ctx, actor.personId, c) : null;
  return {
    unitName: c.applicantName,
    stepLabel: foundingCaseType.states[c.status as keyof typeof foundingCaseType.states]?.label ?? '',
    open: c.status === foundingCaseType.state.recruiting,
    joined: Boolean(mine),
    application: await applicationOf(ctx, mine?.joinCaseId ?? null),
    memberOf: other?.unionName ?? null,
  };
}

/**
 * File the worker's membership case for the founding's unit (in the registry from the first join on): a 入会申请
 * (to the town's union, as 预备会员 of the unit, until the new union is written); for a member of another union a
 * 会员关系转接 — only when they chose it; nothing for one already held for this unit (they move with it).
 */
async function fileMembership(
  ctx: HandlerContext,
  actor: Actor,
  person: PersonRecord,
  c: CaseDoc,
  transfer: boolean,
): Promise<string | null> {
  const unit = await ensureUnit(ctx, c);
  const filer = casePerson(person);
  const member = await memberOf(ctx, person._id);
  if (member && member.status !== 'left') {
    if (member.unitId === unit._id) return null;
    if (!transfer)
      throw new AppError(
        'CONFLICT',
        `您已是${member.unionName}会员，不能重复入会。如已到${unit.name}工作，请选择“转入本单位工会”办理会员关系转接`,
        'transfer',
      );
    const reason = `到${unit.name}工作，通过建会筹备组的入会二维码转入`;
    const form = await transferForm(ctx, member, { to: 'unit', unitId: unit._id, reason: reason.slice(0, 200) });
    return submitCase(ctx, actor, filer, TRANSFER_TYPE, form);
  }
  const note = `通过${unit.name}建会筹备组的入会二维码申请入会`.slice(0, 200);
  return submitCase(ctx, actor, filer, JOIN_TYPE, await joinForm(ctx, filer, { unitId: unit._id, note }));
}

/**
 * Join the union being founded, once per person, only while the founding recruits: the recruit is claimed first
 * (`<caseId>:<personId>`: of fifty taps one files), then the membership case is filed; if filing fails the claim
 * is given back, so nothing is half-written.
 */
export async function joinFounding(
  ctx: HandlerContext,
  input: { code: string; transfer?: boolean },
): Promise<JoinResult> {
  const actor = await loadActor(ctx);
  const person = await requirePerson(ctx, actor);
  const c = await linkedCase(ctx, input.code);
  if (c.status !== foundingCaseType.state.recruiting)
    throw new AppError('PRECONDITION_FAILED', '该单位工会已停止发展会员，请联系筹备组');
  const recruits = ctx.db.collection(FOUNDING_RECRUITS);
  const _id = recruitId(c._id, person._id);
  const record: RecruitRecord = { _id, caseId: c._id, personId: person._id, joinedAt: ctx.now(), joinCaseId: null };
  try {
    await recruits.add({ data: record });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const mine = await recruitOf(ctx, c._id, person._id);
    return {
      joined: false,
      recruits: await recruitCount(ctx, c._id),
      application: await applicationOf(ctx, mine?.joinCaseId ?? null),
    };
  }
  let joinCaseId: string | null;
  try {
    joinCaseId = await fileMembership(ctx, actor, person, c, input.transfer === true);
  } catch (error) {
    await recruits.doc(_id).remove();
    throw error;
  }
  if (joinCaseId) await recruits.doc(_id).update({ data: { joinCaseId } });
  return { joined: true, recruits: await recruitCount(ctx, c._id), application: await applicationOf(ctx, joinCaseId) };
}
