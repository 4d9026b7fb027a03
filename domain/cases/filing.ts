/**
 * Who may file a case of a type, and for whom: the caller about themself (their profile is required), a staff
 * member for a person in their scope (the type allows it, the person's signed paper consent is uploaded and in
 * storage; recorded on the case and audited), or a staff member issuing work from their node (the type says so).
 */
import { ROLE_LABELS } from '../../typings/people';
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, notFound } from '../runtime/errors';
import { maskName } from '../security/mask';
import { getPerson } from '../people/person';
import { inScope, requirePerson, type Actor } from '../people/actor';
import type { AnyCaseType } from './declaration';
import { casePerson, type Filing } from './submit';
import { requireOwnFiles, requireStoredFiles } from './uploads';

/** The filing for a request: for oneself, on someone's behalf, or issued by staff. */
export async function resolveFiling(
  ctx: HandlerContext,
  actor: Actor,
  decl: AnyCaseType,
  onBehalfOf?: { personId: string; consentFileId: string },
): Promise<Filing> {
  if (decl.initiation?.by === 'parent')
    throw new AppError('PRECONDITION_FAILED', `${decl.title}由上级统一下发，不能单独提交`, 'type');
  if (onBehalfOf) return filingOnBehalf(ctx, actor, decl, onBehalfOf);
  if (decl.initiation?.by === 'staff') {
    const staff = actor.staff;
    if (!staff || !decl.initiation.roles.includes(staff.role)) throw forbidden(`您不能发起${decl.title}`);
    return {
      person: null,
      initiator: {
        kind: 'node',
        nodeId: staff.gridNodeId,
        nodePath: [...staff.gridPath],
        staffId: staff.staffId,
        staffName: maskName(staff.name),
        role: staff.role,
        openid: actor.openid,
      },
    };
  }
  const person = await requirePerson(ctx, actor);
  return { person: casePerson(person), initiator: { kind: 'person', personId: person._id } };
}

async function filingOnBehalf(
  ctx: HandlerContext,
  actor: Actor,
  decl: AnyCaseType,
  onBehalfOf: { personId: string; consentFileId: string },
): Promise<Filing> {
  const staff = actor.staff;
  if (!staff || !decl.onBehalf?.includes(staff.role))
    throw forbidden(`${decl.title}不能由${staff ? ROLE_LABELS[staff.role] : '您'}代为提交`);
  const person = await getPerson(ctx.db, onBehalfOf.personId);
  if (!person || person.erased || !inScope(staff, person.homePath)) throw notFound('人员不存在或不在您的辖区');
  if (person.openid === actor.openid)
    throw new AppError('PRECONDITION_FAILED', '为本人提交请直接提交，不用代办', 'onBehalfOf.personId');
  // The signed paper consent: a photo this staff member uploaded in this environment, still in storage.
  const consent = [{ field: 'onBehalfOf.consentFileId', fileID: onBehalfOf.consentFileId }];
  requireOwnFiles(consent, actor.openid);
  await requireStoredFiles(ctx, consent);
  return {
    person: casePerson(person),
    initiator: {
      kind: 'proxy',
      personId: person._id,
      staffId: staff.staffId,
      staffName: maskName(staff.name),
      role: staff.role,
      openid: actor.openid,
      nodeId: staff.gridNodeId,
      consentFileId: onBehalfOf.consentFileId,
    },
  };
}
