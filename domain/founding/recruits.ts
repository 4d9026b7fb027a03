/**
 * Recruiting (发展会员): the preparatory group shares a join link (a QR code on its page) for its founding; a
 * worker with a profile opens it and joins once. The joins are recorded one per person and founding
 * (`founding_recruits`, id `<caseId>:<personId>`, so a retry or fifty taps join once), and the count is what the
 * group confirms at the end of recruiting (`inputs.ts`). The link's code is a keyed hash of the case id: nobody
 * can make one for another founding.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { blindIndex } from '../security/crypto';
import { loadActor, requirePerson, type Actor } from '../people/actor';
import { relation } from '../cases/machine';
import { getCase, type CaseDoc } from '../cases/store';
import type { JoinLink, JoinPreview } from '../../typings/founding';
import { foundingCaseType } from './types';
import { FOUNDING_LINKS, FOUNDING_RECRUITS, FOUNDING_TYPE, recruitCount } from './store';

/** The page a join link opens in the mini-program. */
export const JOIN_PAGE = 'pages/join/index';

/** A founding the actor may see, or NOT_FOUND. */
export async function visibleFounding(ctx: HandlerContext, actor: Actor, caseId: string): Promise<CaseDoc> {
  const c = await getCase(ctx.db, caseId);
  if (!c || c.type !== FOUNDING_TYPE || relation(c, actor) === 'none') throw notFound('建会申请不存在');
  return c;
}

const codeOf = (caseId: string) => blindIndex('founding_join', caseId).slice(0, 32);

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

export async function joinPreview(ctx: HandlerContext, code: string): Promise<JoinPreview> {
  const actor = await loadActor(ctx);
  const c = await linkedCase(ctx, code);
  const mine = actor.personId
    ? await ctx.db
        .collection(FOUNDING_RECRUITS)
        .doc(recruitId(c._id, actor.personId))
        .get()
        .catch(() => ({ data: null }))
    : { data: null };
  return {
    unitName: c.applicantName,
    stepLabel: foundingCaseType.states[c.status as keyof typeof foundingCaseType.states]?.label ?? '',
    open: c.status === foundingCaseType.state.recruiting,
    joined: Boolean(mine.data),
  };
}

/** Join the union being founded: once per person; only while the founding recruits. */
export async function joinFounding(ctx: HandlerContext, code: string): Promise<{ joined: boolean; recruits: number }> {
  const actor = await loadActor(ctx);
  const person = await requirePerson(ctx, actor);
  const c = await linkedCase(ctx, code);
  if (c.status !== foundingCaseType.state.recruiting)
    throw new AppError('PRECONDITION_FAILED', '该单位工会已停止发展会员，请联系筹备组');
  let joined = true;
  await ctx.db
    .collection(FOUNDING_RECRUITS)
    .add({ data: { _id: recruitId(c._id, person._id), caseId: c._id, personId: person._id, joinedAt: ctx.now() } })
    .catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
      joined = false;
    });
  return { joined, recruits: await recruitCount(ctx, c._id) };
}
