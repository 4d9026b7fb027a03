/**
 * Consent on behalf: someone without a smartphone signs the paper consent forms (processing sensitive data;
 * being named in public notices) when a collector enters their profile. The collector (or town staff / the
 * city admin, inside their scope) records each form with a photo of the signed paper, marked `onBehalf`;
 * only for a profile entered on someone's behalf and not yet claimed — once the person has claimed it they
 * record (and withdraw) consents themselves, and see these paper records with their own in `viewMyData`.
 * `hasConsent` answers from the latest record of either kind, so a later withdrawal wins.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import type { ConsentKind, ConsentView } from '../../typings/people';
import { requireOwnFiles, requireStoredFiles } from '../cases/uploads';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { inScope, loadActor, requireStaff, type StaffScope } from './actor';
import { newId } from './codes';
import { PEOPLE, type PersonRecord } from './person';
import { CONSENTS, consentView, listConsents } from './profile';

async function personInScope(ctx: HandlerContext, staff: StaffScope, personId: string): Promise<PersonRecord> {
  const { data } = await ctx.db.collection<PersonRecord>(PEOPLE).where({ _id: personId }).limit(1).get();
  const person = data[0];
  if (!person || person.erased || !inScope(staff, person.homePath)) throw notFound('人员不存在');
  return person;
}

/** `recordConsentOnBehalf`: append a paper consent (or refusal) for an unclaimed profile entered on behalf. */
export async function recordConsentOnBehalf(
  input: { personId: string; kind: ConsentKind; version: string; granted: boolean; formPhotoFileId: string },
  ctx: HandlerContext,
): Promise<ConsentView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const person = await personInScope(ctx, staff, input.personId);
  if (!person.enteredBy) throw new AppError('PRECONDITION_FAILED', '只有代为登记的人员可以代录纸质同意书', 'personId');
  if (person.claimed)
    throw new AppError('PRECONDITION_FAILED', '该档案已由本人认领，同意事项请本人在小程序中办理', 'personId');
  // The photo must be one this staff member uploaded in this environment, and still be in storage.
  const photo = [{ field: 'formPhotoFileId', fileID: input.formPhotoFileId }];
  requireOwnFiles(photo, actor.openid);
  await requireStoredFiles(ctx, photo);
  const at = ctx.now();
  const doc = {
    _id: newId(),
    openid: null,
    personId: person._id,
    kind: input.kind,
    version: input.version,
    granted: input.granted,
    at,
    onBehalf: true,
    formPhotoFileId: input.formPhotoFileId,
    recordedBy: staff.staffId,
    recordedByName: maskName(staff.name),
  };
  await ctx.db.collection(CONSENTS).add({ data: doc });
  await writeAudit(ctx, {
    action: 'person.consentOnBehalf',
    targetType: 'person',
    targetId: person._id,
    detail: { kind: input.kind, granted: input.granted },
    actor,
  });
  return consentView(doc);
}

/** `listConsents`: staff in scope see a person's consent records (paper ones with the form photo). */
export async function listPersonConsents(
  input: { personId: string },
  ctx: HandlerContext,
): Promise<{ consents: ConsentView[] }> {
  const staff = requireStaff(await loadActor(ctx));
  const person = await personInScope(ctx, staff, input.personId);
  return { consents: await listConsents(ctx, person.openid ?? `none:${person._id}`, person._id) };
}
