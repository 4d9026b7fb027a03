/**
 * Submitting an aid application (one claim per person or child and round, then the case) and resubmitting it
 * with a corrected form after a reviewer asked for more information. A step that fails leaves nothing half-made.
 */
import { randomBytes } from 'crypto';
import { type AidApplicationView, type AidForm } from '../../typings/aid';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { loadActor, requirePerson } from '../people/actor';
import { getPerson, type PersonRecord } from '../people/person';
import { writeAudit } from '../audit/audit';
import { actOnCase, requireCaseType, submitCase } from '../cases/service';
import { resolveFiling } from '../cases/filing';
import { getCase } from '../cases/store';
import { AID } from './case-types';
import { chinaDate } from '../../common/china-time';
import { requireRound } from './rounds';
import {
  AID_APPLICATIONS,
  AID_CLAIMS,
  AID_DRAFTS,
  applicationOfCase,
  stableId,
  type ApplicationDoc,
  type ResubmissionDoc,
} from './store';
import { applicationView } from './application-view';
import { assessForm, caseSummary, changedSections, formFields, withProfileIdentity } from './assessment';

/**
 * An undo that failed is logged, never swallowed (no personal data: which record only); the refusal the caller
 * gets is the original error (a claim left behind would refuse the person's next attempt as a duplicate).
 */
const compensationFailed = (ctx: HandlerContext, what: string) => (error: unknown) =>
  ctx.log.error(`aid submission: could not undo the ${what}`, error);

export const draftId = (openid: string, roundId: string) => stableId('aid-draft', openid, roundId);

const claimIdOf = (roundId: string, programme: string, idIndex: string, childIdIndex: string | null) =>
  stableId(
    'aid-claim',
    roundId,
    programme === 'student_aid' && childIdIndex ? `child:${childIdIndex}` : `person:${idIndex}`,
  );

/** Take the round's claim on a person or child; DUPLICATE naming the field when someone holds it. */
async function takeClaim(
  ctx: HandlerContext,
  claimId: string,
  data: { roundId: string; applicationId: string; caseId: string | null },
  programme: string,
): Promise<void> {
  try {
    await ctx.db.collection(AID_CLAIMS).add({ data: { _id: claimId, ...data, createdAt: ctx.now() } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    throw new AppError(
      'DUPLICATE',
      programme === 'student_aid' ? '该子女已在本批次提交过申请，不能重复申请' : '您已在本批次提交过申请，不能重复申请',
      programme === 'student_aid' ? 'child.idNumber' : 'applicant.idNumber',
    );
  }
}

/** The person a staff member files for (resolveFiling checked scope and consent), with an ID number on file. */
async function personOnBehalf(ctx: HandlerContext, personId: string): Promise<PersonRecord> {
  const person = await getPerson(ctx.db, personId);
  if (!person?.idEnc)
    throw new AppError('PROFILE_REQUIRED', '该人员的实名信息不完整，请先完善身份证号', 'onBehalfOf.personId');
  return person;
}

/** Submit an application; returns the new application (see `assessForm` for the order of checks). */
export async function submitApplication(
  input: AidForm & { onBehalfOf?: { personId: string; consentFileId: string } },
  ctx: HandlerContext,
): Promise<AidApplicationView> {
  const { onBehalfOf, ...rest } = input;
  const actor = await loadActor(ctx);
  const round = await requireRound(ctx, rest.roundId).catch(() => {
    throw new AppError('NOT_FOUND', '申报批次不存在', 'roundId');
  });
  if (round.status !== 'open') throw new AppError('PRECONDITION_FAILED', '该批次未开放申报', 'roundId');
  const programme = round.config.programme;
  // The applicant files for themself, or a collector / town staff member for a person in their scope (代办).
  const filing = await resolveFiling(ctx, actor, requireCaseType(programme), onBehalfOf);
  const person = onBehalfOf
    ? await personOnBehalf(ctx, onBehalfOf.personId)
    : await requirePerson(ctx, actor, ['idNumber']);
  const form = withProfileIdentity(rest, person);
  const now = ctx.now();
  const x = await assessForm(ctx, person, actor.openid, round, form, chinaDate(now));

  // One claim per (round, child) for student aid and per (round, applicant) for hardship aid.
  const claimId = claimIdOf(round._id, programme, x.idIndex, x.childIdIndex);
  const applicationId = randomBytes(16).toString('hex');
  await takeClaim(ctx, claimId, { roundId: round._id, applicationId, caseId: null }, programme);

  const app: ApplicationDoc = {
    _id: applicationId,
    caseId: null,
    roundId: round._id,
    roundTitle: round.config.title,
    programme,
    openid: person.openid ?? '',
    personId: person._id,
    ...formFields(form, x, now),
    homeVisits: [],
    noticeId: null,
    objectionUpheld: false,
    submittedAt: now,
    updatedAt: now,
  };
  let caseId: string;
  try {
    await ctx.db.collection(AID_APPLICATIONS).add({ data: app });
    caseId = await submitCase(ctx, actor, filing, programme, caseSummary(app, x.village._id));
  } catch (error) {
    // Nothing half-made: release the claim and the application.
    await ctx.db.collection(AID_APPLICATIONS).doc(applicationId).remove().catch(compensationFailed(ctx, 'application'));
    await ctx.db.collection(AID_CLAIMS).doc(claimId).remove().catch(compensationFailed(ctx, 'claim'));
    throw error;
  }
  await Promise.all([
    ctx.db.collection(AID_APPLICATIONS).doc(applicationId).update({ data: { caseId } }),
    ctx.db.collection(AID_CLAIMS).doc(claimId).update({ data: { caseId } }),
    ctx.db
      .collection(AID_DRAFTS)
      .doc(draftId(actor.openid, round._id))
      .remove()
      .catch(() => undefined),
  ]);
  return applicationView(ctx, { ...app, caseId }, true);
}

/**
 * Resubmit after a reviewer asked for more information, with the corrected form: the same schema and checks as
 * a submission (reference checks and versioned eligibility again), the round's claim moved when the child
 * changed (duplicates still refused), then the engine's `resubmit` step with a new sealed summary.
 */
export async function resubmitApplication(
  input: { caseId: string; version?: number; form: AidForm; comment?: string },
  ctx: HandlerContext,
): Promise<AidApplicationView> {
  const actor = await loadActor(ctx);
  const app = await applicationOfCase(ctx.db, input.caseId);
  if (!app || app.openid !== actor.openid) throw notFound('申请不存在');
  const person = await requirePerson(ctx, actor, ['idNumber']);
  const c = await getCase(ctx.db, input.caseId);
  if (!c || c.status !== AID.state.info_requested)
    throw new AppError('PRECONDITION_FAILED', '只有被退回补充材料的申请可以更正后重新提交');
  const version = input.version ?? c.version;
  if (version !== c.version)
    throw new AppError('CONFLICT', '该申请已更新，请刷新后再操作', 'version', { version: c.version });
  const form = withProfileIdentity(input.form, person);
  if (form.roundId !== app.roundId) throw invalid('form.roundId', '不能更改申报批次');
  const round = await requireRound(ctx, app.roundId);
  const now = ctx.now();
  // The window rule looks at the day the application was first filed in time, not the day of the correction.
  const today = chinaDate(now);
  const filedOn = chinaDate(new Date(app.submittedAt));
  const evalDay = today > round.config.closesOn && filedOn <= round.config.closesOn ? round.config.closesOn : today;
  const x = await assessForm(ctx, person, actor.openid, round, form, evalDay);
  const fields = formFields(form, x, now);
  const changed = changedSections(app, fields);
  if (changed.length === 0 && !input.comment) throw invalid('form', '申请表没有更正，请修改后再提交或填写补充说明');

  const oldClaim = claimIdOf(app.roundId, app.programme, app.applicant.idIndex, app.child?.idIndex ?? null);
  const newClaim = claimIdOf(app.roundId, app.programme, x.idIndex, x.childIdIndex);
  if (newClaim !== oldClaim)
    await takeClaim(
      ctx,
      newClaim,
      { roundId: app.roundId, applicationId: app._id, caseId: input.caseId },
      app.programme,
    );
  const revision = Number((c.form as { revision?: number }).revision ?? 0) + 1;
  const summary = caseSummary({ ...app, ...fields }, x.village._id, revision);
  const comment = input.comment ?? `已更正申请表：${changed.join('、')}`;
  try {
    await actOnCase(ctx, actor, { caseId: input.caseId, action: 'resubmit', version, comment, form: summary });
  } catch (error) {
    if (newClaim !== oldClaim)
      await ctx.db.collection(AID_CLAIMS).doc(newClaim).remove().catch(compensationFailed(ctx, 'new claim'));
    throw error;
  }
  const resubmission: ResubmissionDoc = {
    revision,
    at: now,
    changed,
    rulesVersion: x.eligibility.rulesVersion,
    eligible: x.eligibility.eligible,
    category: x.eligibility.category,
    amountFen: x.eligibility.amountFen,
  };
  const _ = ctx.db.command;
  await ctx.db
    .collection(AID_APPLICATIONS)
    .doc(app._id)
    .update({
      data: {
        ...fields,
        // Replaced whole (the update merges objects otherwise): a field dropped by the correction must go.
        applicant: _.set(fields.applicant),
        child: _.set(fields.child),
        household: _.set(fields.household),
        hardshipCause: _.set(fields.hardshipCause),
        bankCard: _.set(fields.bankCard),
        consents: _.set(fields.consents),
        eligibility: _.set(fields.eligibility),
        verification: _.set(fields.verification),
        resubmissions: _.push(resubmission),
        updatedAt: now,
      },
    });
  if (newClaim !== oldClaim)
    await ctx.db.collection(AID_CLAIMS).doc(oldClaim).remove().catch(compensationFailed(ctx, 'old claim'));
  await writeAudit(ctx, {
    action: 'aid.resubmit',
    targetType: 'aid_application',
    targetId: app._id,
    detail: { revision, changed },
    actor,
  });
  return applicationView(
    ctx,
    { ...app, ...fields, resubmissions: [...(app.resubmissions ?? []), resubmission], updatedAt: now },
    true,
  );
}
