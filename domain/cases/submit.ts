/**
 * Submitting a case: validate the form, route it, check its text and photos, and write the case, its first
 * history entry and its pending messages in one transaction; then send the messages, create the children of a
 * fan-out, and run the type's hook. Who files and about whom is a {@link Filing} (the person about themself, staff
 * for a person, staff issuing work from their node).
 */
import { randomBytes } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { checkTexts } from '../content/check';
import { deliverAll } from '../notify/outbox';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { loadCalendar } from '../calendar/holidays';
import { gridIndex } from '../grid/cache';
import type { CasePerson } from './declaration';
import { checkPhotos, formFiles, mergeVerdicts, parseForm, requireCaseType, type EngineOptions } from './forms';
import type { EngineActor } from './machine';
import { insertCase, newCaseDoc } from './new-case';
import { createChildren } from './fanout';
import { newCaseNotices, statusNotifications } from './notify';
import type { CaseInitiator, CaseSubject } from './parties';
import { runHook } from './hooks';
import { requireStoredFiles } from './uploads';
import { submissionEntry, type CaseDoc, type HistoryDoc } from './store';

/** The person as routing and eligibility see it. */
export function casePerson(person: {
  _id: string;
  openid: string | null;
  name: string;
  homeVillageId?: string | null;
  homePath?: string[] | null;
  categories?: readonly string[];
  workCity?: string | null;
  employer?: string | null;
  employerTownId?: string | null;
}): CasePerson {
  return {
    ...person,
    personId: person._id,
    openid: person.openid ?? '',
    maskedName: maskName(person.name),
  };
}

/** Who files a case and for whom: the person about themself, staff for a person (代办), or staff issuing work. */
export interface Filing {
  /** The person the case is about (routing, eligibility), or null for work issued to a node or an organisation. */
  person: CasePerson | null;
  initiator: CaseInitiator;
}

/** A person filing about themself. */
export const selfFiling = (person: CasePerson): Filing => ({
  person,
  initiator: { kind: 'person', personId: person.personId },
});

/** Who the history says submitted it. */
function submitter(initiator: CaseInitiator, person: CasePerson | null) {
  if (initiator.kind === 'proxy')
    return { actorId: initiator.staffId, actorName: `${initiator.staffName}（代办）`, onBehalf: true };
  if (initiator.kind === 'node')
    return { actorId: initiator.staffId, actorName: initiator.staffName, role: initiator.role };
  return { actorId: initiator.personId, actorName: person?.maskedName ?? '' };
}

/** Who the case is about, and the name lists show for it. */
async function subjectOf(
  ctx: HandlerContext,
  decl: ReturnType<typeof requireCaseType>,
  form: Record<string, unknown>,
  filing: Filing,
): Promise<{ subject: CaseSubject; name: string }> {
  if (decl.subject) return decl.subject(form, filing, ctx);
  if (!filing.person) throw new AppError('PRECONDITION_FAILED', `${decl.title}须为具体的人提交`, 'type');
  return { subject: { kind: 'person', personId: filing.person.personId }, name: filing.person.maskedName };
}

/** Submit a new case. Returns the new case id. */
export async function submitCase(
  ctx: HandlerContext,
  actor: EngineActor,
  filingOrPerson: Filing | CasePerson,
  type: string,
  rawForm: unknown,
  opts: EngineOptions = {},
): Promise<string> {
  const filing = 'initiator' in filingOrPerson ? (filingOrPerson as Filing) : selfFiling(filingOrPerson as CasePerson);
  const { person, initiator } = filing;
  const decl = requireCaseType(type);
  const form = parseForm(decl, rawForm, actor.openid);
  await requireStoredFiles(ctx, formFiles(decl, form));
  await decl.verifyFiles?.(form, ctx);
  const { nodeId } = await decl.route(form, person, initiator);
  const node = (await gridIndex(ctx.db)).get(nodeId);
  if (!node) throw new AppError('PROFILE_REQUIRED', '个人资料中的网格信息无效，请更新后重试', 'homeVillageId');
  const { subject, name } = await subjectOf(ctx, decl, form, filing);
  const eligibility = decl.evaluateEligibility
    ? decl.evaluateEligibility(form, person, decl.loadRefData ? await decl.loadRefData(ctx.db) : {})
    : null;
  const texts = decl.texts(form).map((t) => ({ field: `form.${t.field}`, text: t.text }));
  const [textVerdict, imageVerdict] = await Promise.all([
    checkTexts(ctx, texts, 2),
    checkPhotos(ctx, opts, formFiles(decl, form)),
  ]);
  const verdict = mergeVerdicts(textVerdict, imageVerdict);
  const now = ctx.now();
  const _id = randomBytes(16).toString('hex');
  const doc = newCaseDoc(decl, {
    _id,
    form,
    node,
    now,
    cal: await loadCalendar(ctx.db, now),
    applicantOpenid: initiator.kind === 'person' ? actor.openid : (person?.openid ?? ''),
    personId: person?.personId ?? '',
    applicantName: name,
    applicantNodeId: person?.homeVillageId ?? node._id,
    initiator,
    subject,
    verdict,
    eligibility,
  });
  if (decl.fanOut) doc.fanOut = { childType: decl.fanOut.childType, total: 0, created: 0, pending: true };
  const state = doc.status;
  const history: HistoryDoc = submissionEntry(_id, state, node, submitter(initiator, person), now);
  // Staff filing at their own node are not told about the case they have just filed.
  const notes = [
    ...(await statusNotifications(ctx, decl, doc, state, `已提交至${node.name}`, now)),
    ...(await newCaseNotices(ctx, decl, doc, node._id, now)).filter((n) => n.touser !== actor.openid),
  ];
  await insertCase(ctx, doc, history, notes);
  await deliverAll(ctx, notes);
  if (initiator.kind === 'proxy') await auditOnBehalf(ctx, actor, doc);
  // The children the submission sends out: as many as fit the budget now, the timer creates the rest.
  if (decl.fanOut) await createChildren(ctx, _id);
  await runHook(ctx, decl, { caseId: _id, type: decl.type, action: 'submit', from: null, to: state, seq: 1 });
  return _id;
}

/** A case filed for someone is audited with whom it is for (the consent form's photo is on the case). */
async function auditOnBehalf(ctx: HandlerContext, actor: EngineActor, c: CaseDoc): Promise<void> {
  await writeAudit(ctx, {
    action: 'case.fileOnBehalf',
    targetType: 'case',
    targetId: c._id,
    detail: { type: c.type, personId: c.personId },
    actor: {
      openid: actor.openid,
      personId: actor.personId,
      staff: actor.staff ? { ...actor.staff, gridPath: [...actor.staff.gridPath] } : null,
    },
  }).catch((error: unknown) => ctx.log.error('audit entry failed', error));
}
