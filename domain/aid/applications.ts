/**
 * Applications: drafts, submission (identity, programme rules, content check, reference checks, versioned
 * eligibility, one claim per person or child and round, the case), views for the applicant and reviewers,
 * home visits and bank-card correction.
 */
import { readAll, readIn } from '../runtime/paging';
import { randomBytes } from 'crypto';
import {
  CATEGORY_NAMES,
  REFERENCE_DATASETS,
  type AidApplicationSummary,
  type AidApplicationView,
  type AidForm,
  type AidStage,
  type EligibilityResult,
  type PaymentView,
  type ReferenceDataset,
  type VerificationCheck,
  type aidContract,
} from '../../typings/aid';
import { verbLabel } from '../cases/verbs';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { inScope, loadActor, requirePerson, requireStaff, type Actor } from '../people/actor';
import { getPerson, personIdNumber, personPhone, type PersonRecord } from '../people/person';
import { writeAudit } from '../audit/audit';
import { blindIndex, decryptField, encryptField } from '../security/crypto';
import { maskIdNumber, maskName, maskPhone } from '../security/mask';
import { checkTexts } from '../content/check';
import { actOnCase, requireCaseType, submitCase } from '../cases/service';
import { resolveFiling } from '../cases/filing';
import { requireOwnFiles, requireStoredFiles } from '../cases/uploads';
import { getCase, getHistory, CASES, type CaseDoc } from '../cases/store';
import { gridIndex } from '../grid/cache';
import { findCaseType } from '../cases/registry';
import { stageView } from './stages';
import { AID, AidCaseSummarySchema, inStates, sealOf, type AidCaseSummary } from './case-types';
import { evaluateEligibility, type EligibilityFacts } from './eligibility';
import { explainCheck } from './check-explanations';
import { chinaDate, chinaDayStart } from '../../common/china-time';
import {
  archiveConfirmsFile,
  normaliseName,
  REFERENCE_COLLECTION,
  REFERENCE_IMPORTS,
  verifyAgainstReferences,
  type BusinessReferenceDoc,
  type PersonReferenceDoc,
  type VerificationLookups,
  type VerificationSubject,
} from './reference';
import { requireRound } from './rounds';
import {
  AID_APPLICATIONS,
  AID_CLAIMS,
  AID_DRAFTS,
  NOTICES,
  PAYMENTS,
  applicationOfCase,
  findById,
  povertyLineOf,
  stableId,
  type ApplicationDoc,
  type NoticeDoc,
  type PaymentDoc,
  type ResubmissionDoc,
  type RoundDoc,
} from './store';

export function paymentView(p: PaymentDoc): PaymentView {
  return {
    paymentId: p._id,
    batchId: p.batchId,
    amountFen: p.amountFen,
    status: p.status === 'recording' ? 'pending' : p.status,
    paidOn: p.paidOn,
    failureReason: p.failureReason,
    cardLast4: p.cardLast4,
  };
}

async function paymentsOf(ctx: HandlerContext, caseId: string | null): Promise<PaymentDoc[]> {
  if (!caseId) return [];
  const data = await readAll<PaymentDoc>(ctx.db, PAYMENTS, { caseId });
  return data.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
}

/** Where a person is shown in lists and notices: the unit for a local worker, else town + village. */
export function noticePlace(app: ApplicationDoc): string {
  return app.applicant.type === 'worker' && app.applicant.unitName
    ? app.applicant.unitName
    : `${app.applicant.townName}${app.applicant.villageName}`;
}

export { stageOf } from './stages';

/** The application as its applicant (`own`) or a reviewer sees it: identifiers masked either way. */
export async function applicationView(
  ctx: HandlerContext,
  app: ApplicationDoc,
  own: boolean,
): Promise<AidApplicationView> {
  const [c, history, payments, notice] = await Promise.all([
    app.caseId ? getCase(ctx.db, app.caseId) : Promise.resolve(null),
    app.caseId ? getHistory(ctx.db, app.caseId) : Promise.resolve([]),
    paymentsOf(ctx, app.caseId),
    app.noticeId ? findById<NoticeDoc>(ctx.db, NOTICES, app.noticeId) : Promise.resolve(null),
  ]);
  const decl = findCaseType(app.programme);
  const { stage, stageLabel } = stageView(app, c?.status ?? null, payments);
  const steps = history.map((h) => {
    const label = `${verbLabel(decl, h.action)}：${decl?.states[h.to]?.label ?? h.to}`;
    const why = h.reason ?? h.comment;
    return { at: new Date(h.at).toISOString(), label: why ? `${label}（${why}）` : label };
  });
  for (const p of payments) {
    if (p.status === 'paid' && p.paidOn)
      steps.push({
        at: chinaDayStart(p.paidOn).toISOString(),
        label: `到账：${(p.amountFen / 100).toFixed(2)}元（卡号尾号${p.cardLast4}）`,
      });
  }
  return {
    caseId: app.caseId ?? '',
    roundId: app.roundId,
    roundTitle: app.roundTitle,
    programme: app.programme,
    stage,
    stageLabel,
    caseStatus: c?.status ?? 'pending',
    category: app.category,
    categoryLabel: app.category ? (CATEGORY_NAMES[app.category as keyof typeof CATEGORY_NAMES] ?? app.category) : null,
    amountFen: app.amountFen,
    applicant: {
      name: own ? app.applicant.name : app.applicant.nameMasked,
      idNumber: app.applicant.idMasked,
      mobile: app.applicant.mobileMasked,
      type: app.applicant.type,
      villageId: app.applicant.villageId,
      unitName: app.applicant.unitName,
    },
    child: app.child
      ? {
          name: own ? app.child.name : app.child.nameMasked,
          idNumber: app.child.idMasked,
          school: app.child.school,
          level: app.child.level,
          admissionLetterFileId: app.child.admissionLetterFileId,
          declarations: app.child.declarations,
        }
      : null,
    household: {
      size: app.household.size,
      annualIncomeFen: app.household.annualIncomeFen,
      annualHardshipCostFen: app.household.annualHardshipCostFen,
      members: app.household.members,
    },
    hardshipCause: app.hardshipCause,
    bankCard: { bankName: app.bankCard.bankName, last4: app.bankCard.last4, luhnWarning: app.bankCard.luhnWarning },
    consents: app.consents,
    eligibility: app.eligibility,
    verification: app.verification.map((v) => ({ ...v, explanation: explainCheck(v, own ? 'person' : 'staff') })),
    homeVisits: app.homeVisits.map((v) => ({
      visitedOn: v.visitedOn,
      findings: v.findings,
      photoFileIds: v.photoFileIds,
      byName: v.byName,
      at: new Date(v.at).toISOString(),
    })),
    notice: notice
      ? {
          noticeId: notice._id,
          publishedAt: new Date(notice.publishedAt).toISOString(),
          endsAt: new Date(notice.endsAt).toISOString(),
        }
      : null,
    payments: payments.map(paymentView),
    resubmissions: (app.resubmissions ?? []).map((r) => ({
      revision: r.revision,
      at: new Date(r.at).toISOString(),
      changed: r.changed,
      rulesVersion: r.rulesVersion,
      eligible: r.eligible,
      amountFen: r.amountFen,
    })),
    steps,
    submittedAt: new Date(app.submittedAt).toISOString(),
  };
}

/** The application of a case the caller may see (own, or staff whose scope holds the applicant's village); NOT_FOUND otherwise. */
export async function visibleApplication(
  ctx: HandlerContext,
  actor: Actor,
  caseId: string,
): Promise<{ app: ApplicationDoc; own: boolean }> {
  const app = await applicationOfCase(ctx.db, caseId);
  if (!app) throw notFound('申请不存在');
  if ((app.openid && app.openid === actor.openid) || (actor.personId && app.personId === actor.personId))
    return { app, own: true };
  if (actor.staff && inScope(actor.staff, app.applicant.villagePath)) return { app, own: false };
  throw notFound('申请不存在');
}

/** When each reference dataset was last imported. */
async function importedAt(ctx: HandlerContext): Promise<Partial<Record<ReferenceDataset, string>>> {
  const out: Partial<Record<ReferenceDataset, string>> = {};
  await Promise.all(
    REFERENCE_DATASETS.map(async (dataset) => {
      const { data } = await ctx.db
        .collection(REFERENCE_IMPORTS)
        .where({ dataset })
        .orderBy('importedAt', 'desc')
        .limit(1)
        .get();
      if (data[0]) out[dataset] = String(data[0].importedAt);
    }),
  );
  return out;
}

/** Look the subject up in every imported dataset and compare. */
export async function runVerification(ctx: HandlerContext, subject: VerificationSubject): Promise<VerificationCheck[]> {
  const at = await importedAt(ctx);
  const get = <T>(dataset: ReferenceDataset, id: string | undefined) =>
    at[dataset] && id ? findById<T>(ctx.db, REFERENCE_COLLECTION[dataset], id) : Promise.resolve(undefined);
  const [household, childHousehold, civilAffairs, hardshipArchive, business] = await Promise.all([
    get<PersonReferenceDoc>('household', subject.applicant.idIndex),
    get<PersonReferenceDoc>('household', subject.child?.idIndex),
    get<PersonReferenceDoc>('civil_affairs', subject.applicant.idIndex),
    get<PersonReferenceDoc>('hardship_archive', subject.applicant.idIndex),
    get<BusinessReferenceDoc>('business', subject.unit?.creditCode),
  ]);
  const lookups: VerificationLookups = {
    importedAt: at,
    household,
    childHousehold,
    civilAffairs,
    hardshipArchive,
    business,
  };
  return verifyAgainstReferences(subject, lookups);
}

type ApplicationHandlers = Pick<
  Handlers<typeof aidContract>,
  | 'saveDraft'
  | 'getDraft'
  | 'submit'
  | 'resubmit'
  | 'mine'
  | 'application'
  | 'roundApplications'
  | 'addHomeVisit'
  | 'correctBankCard'
>;

const draftId = (openid: string, roundId: string) => stableId('aid-draft', openid, roundId);

/** What checking a form against the caller's profile, the round, the references and the rules found. */
interface Assessment {
  village: GridNodeLike;
  town: GridNodeLike;
  idIndex: string;
  childIdIndex: string | null;
  verification: VerificationCheck[];
  eligibility: EligibilityResult;
  held: boolean;
}
/** A form whose applicant identifiers are known (typed, or taken from the applicant's profile). */
type CompleteAidForm = AidForm & { applicant: AidForm['applicant'] & { idNumber: string; mobile: string } };

/**
 * The applicant's ID number and phone from their own profile where the form leaves them out: the form shows
 * them (masked) from the profile and a correction goes through the profile's correction path.
 */
function withProfileIdentity(form: AidForm, person: PersonRecord): CompleteAidForm {
  const idNumber = form.applicant.idNumber ?? personIdNumber(person);
  const mobile = form.applicant.mobile ?? personPhone(person);
  if (!idNumber) throw invalid('applicant.idNumber', '请填写身份证号');
  if (!mobile) throw invalid('applicant.mobile', '请填写手机号');
  return { ...form, applicant: { ...form.applicant, idNumber, mobile } };
}

type GridNodeLike = { _id: string; name: string; level: string; path: readonly string[]; parentId?: string | null };

/**
 * The checks of a submission or a resubmission, in order: identity (the caller's own profile), programme
 * rules (guardian consent for a child, card in the applicant's name), village, content check, reference
 * checks, versioned eligibility on `today` (PRECONDITION_FAILED with the reasons when not eligible).
 */
async function assessForm(
  ctx: HandlerContext,
  person: { idHash: string; name: string },
  openid: string,
  round: RoundDoc,
  form: CompleteAidForm,
  today: string,
): Promise<Assessment> {
  const programme = round.config.programme;
  const a = form.applicant;
  const idIndex = blindIndex('id', a.idNumber);
  if (idIndex !== person.idHash) throw invalid('applicant.idNumber', '申请人身份证号须与您的实名信息一致');
  if (normaliseName(a.name) !== normaliseName(person.name))
    throw invalid('applicant.name', '申请人姓名须与您的实名信息一致');
  if (normaliseName(form.bankCard.holderName) !== normaliseName(a.name))
    throw invalid('bankCard.holderName', '银行卡须为申请人本人名下');
  if (a.type === 'migrant' && !a.employedSince)
    throw invalid('applicant.employedSince', '农民工须填写本次务工开始日期');
  if (programme === 'student_aid') {
    if (!form.child) throw invalid('child', '金秋助学须填写子女就学信息');
    // Children's data only from a guardian who consents.
    if (!form.consents.guardian) throw invalid('consents.guardian', '提供子女信息须由监护人勾选同意');
    if (form.child.idNumber === a.idNumber) throw invalid('child.idNumber', '子女身份证号不能与申请人相同');
    // The admission letter photo: one the applicant uploaded in this environment, still in storage.
    const letter = [{ field: 'child.admissionLetterFileId', fileID: form.child.admissionLetterFileId }];
    requireOwnFiles(letter, openid);
    await requireStoredFiles(ctx, letter);
  } else {
    if (form.child) throw invalid('child', '困难帮扶不需填写子女信息');
    if (!form.hardshipCause) throw invalid('hardshipCause', '请填写致困原因');
  }
  const grid = await gridIndex(ctx.db);
  const village = grid.get(a.villageId);
  const town = village?.parentId ? grid.get(village.parentId) : undefined;
  if (!village || village.level !== 'village' || !town) throw invalid('applicant.villageId', '请选择所在村（社区）');

  const verdict = await checkTexts(
    ctx,
    [{ field: 'hardshipCause.description', text: form.hardshipCause?.description }],
    2,
  );

  const nameIndex = blindIndex('name', normaliseName(a.name));
  const child = form.child;
  const childIdIndex = child ? blindIndex('id', child.idNumber) : null;
  const declaresFile = a.type === 'hardship_worker' || Boolean(a.hardshipFileNo);
  const verification = await runVerification(ctx, {
    applicant: {
      idIndex,
      nameIndex,
      town: town.name,
      village: village.name,
      householdSize: form.household.members.length,
      declaresHardshipFile: declaresFile,
      fileNoIndex: a.hardshipFileNo ? blindIndex('name', `file:${a.hardshipFileNo.toUpperCase()}`) : null,
    },
    child:
      child && childIdIndex
        ? { idIndex: childIdIndex, nameIndex: blindIndex('name', normaliseName(child.name)) }
        : null,
    unit: a.unitCreditCode ? { creditCode: a.unitCreditCode.code, name: a.unitName ?? '' } : null,
  });

  const facts: EligibilityFacts = {
    applicantType: a.type,
    employedSince: a.employedSince,
    hasHardshipFile: declaresFile && archiveConfirmsFile(verification) !== false,
    fileNote:
      !declaresFile && archiveConfirmsFile(verification) === true
        ? 'archive_undeclared'
        : declaresFile && archiveConfirmsFile(verification) === false
          ? 'declared_unconfirmed'
          : undefined,
    householdSize: form.household.members.length,
    annualHouseholdIncomeFen: form.household.members.reduce((sum, m) => sum + m.annualIncomeFen, 0),
    annualHardshipCostFen: form.household.annualHardshipCostFen,
    hardshipCause: form.hardshipCause?.kind,
    child: child ? { level: child.level, declarations: child.declarations } : undefined,
  };
  const eligibility = evaluateEligibility(
    { ...round.config, rulesVersion: round.rulesVersion },
    await povertyLineOf(ctx.db, round.config.year),
    facts,
    today,
  );
  if (!eligibility.eligible) {
    const failed = eligibility.reasons.filter((r) => !r.passed).map((r) => r.message);
    throw new AppError('PRECONDITION_FAILED', `不符合申请条件：${failed.join('；')}`, undefined, { eligibility });
  }
  return { village, town, idIndex, childIdIndex, verification, eligibility, held: verdict.held };
}

/** The form's data as an application stores it: identifiers encrypted, with blind indexes and masked forms. */
function formFields(
  form: CompleteAidForm,
  x: Assessment,
  now: Date,
): Pick<
  ApplicationDoc,
  | 'applicant'
  | 'child'
  | 'household'
  | 'hardshipCause'
  | 'bankCard'
  | 'consents'
  | 'eligibility'
  | 'verification'
  | 'category'
  | 'amountFen'
  | 'held'
> {
  const a = form.applicant;
  const child = form.child;
  const card = form.bankCard.number;
  return {
    applicant: {
      name: a.name,
      nameMasked: maskName(a.name),
      idEnc: encryptField(a.idNumber),
      idIndex: x.idIndex,
      idMasked: maskIdNumber(a.idNumber),
      mobileEnc: encryptField(a.mobile),
      mobileMasked: maskPhone(a.mobile),
      type: a.type,
      villageId: x.village._id,
      villagePath: [...x.village.path],
      villageName: x.village.name,
      townName: x.town.name,
      unitName: a.unitName ?? null,
      unitCreditCode: a.unitCreditCode?.code ?? null,
      employedSince: a.employedSince ?? null,
      hardshipFileNo: a.hardshipFileNo ?? null,
    },
    child:
      child && x.childIdIndex
        ? {
            name: child.name,
            nameMasked: maskName(child.name),
            idEnc: encryptField(child.idNumber),
            idIndex: x.childIdIndex,
            idMasked: maskIdNumber(child.idNumber),
            school: child.school,
            level: child.level,
            admissionLetterFileId: child.admissionLetterFileId,
            declarations: child.declarations,
          }
        : null,
    household: {
      members: form.household.members,
      annualHardshipCostFen: form.household.annualHardshipCostFen,
      size: form.household.members.length,
      annualIncomeFen: form.household.members.reduce((sum, m) => sum + m.annualIncomeFen, 0),
    },
    hardshipCause: form.hardshipCause
      ? { kind: form.hardshipCause.kind, description: form.hardshipCause.description }
      : null,
    bankCard: {
      numberEnc: encryptField(card.number),
      last4: card.number.slice(-4),
      bankName: form.bankCard.bankName,
      holderName: form.bankCard.holderName,
      luhnWarning: card.luhnWarning,
      updatedAt: now,
    },
    consents: {
      sensitiveData: form.consents.sensitiveData,
      publicNotice: form.consents.publicNotice,
      guardian: form.consents.guardian,
    },
    eligibility: x.eligibility,
    verification: x.verification,
    category: x.eligibility.category,
    amountFen: x.eligibility.amountFen,
    held: x.held,
  };
}

/** The sealed case summary of an application (no identifiers); `revision` > 0 after resubmissions. */
function caseSummary(
  app: Pick<
    ApplicationDoc,
    '_id' | 'personId' | 'programme' | 'roundId' | 'roundTitle' | 'eligibility' | 'verification'
  >,
  villageId: string,
  revision?: number,
): AidCaseSummary {
  const body: Omit<AidCaseSummary, 'seal'> = {
    applicationId: app._id,
    personId: app.personId,
    programme: app.programme,
    roundId: app.roundId,
    roundTitle: app.roundTitle,
    category: app.eligibility.category ?? '',
    amountFen: app.eligibility.amountFen,
    villageId,
    eligible: app.eligibility.eligible,
    reasons: app.eligibility.reasons.map((r) => r.message),
    rulesVersion: app.eligibility.rulesVersion,
    checks: app.verification.map((c) => ({
      dataset: c.dataset,
      subject: c.subject,
      status: c.status,
      differences: c.differences,
    })),
    ...(revision ? { revision } : {}),
  };
  return AidCaseSummarySchema.parse({ ...body, seal: sealOf(body) });
}

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
async function submitApplication(
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
    await ctx.db
      .collection(AID_APPLICATIONS)
      .doc(applicationId)
      .remove()
      .catch(() => undefined);
    await ctx.db
      .collection(AID_CLAIMS)
      .doc(claimId)
      .remove()
      .catch(() => undefined);
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

/** The sections of a form a resubmission changed (labels shown in the history; never values). */
function changedSections(before: ApplicationDoc, after: ReturnType<typeof formFields>): string[] {
  const applicantOf = (a: ApplicationDoc['applicant']) => [
    decryptField(a.mobileEnc),
    a.type,
    a.villageId,
    a.unitName,
    a.unitCreditCode,
    a.employedSince,
    a.hardshipFileNo,
  ];
  const childOf = (c: ApplicationDoc['child']) =>
    c ? [c.idIndex, c.name, c.school, c.level, c.admissionLetterFileId, c.declarations] : null;
  const cardOf = (b: ApplicationDoc['bankCard']) => [decryptField(b.numberEnc), b.bankName, b.holderName];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const out: string[] = [];
  if (!same(applicantOf(before.applicant), applicantOf(after.applicant))) out.push('申请人信息');
  if (!same(childOf(before.child), childOf(after.child))) out.push('子女就学信息');
  if (
    !same(before.household.members, after.household.members) ||
    before.household.annualHardshipCostFen !== after.household.annualHardshipCostFen
  )
    out.push('家庭成员及收入');
  if (!same(before.hardshipCause, after.hardshipCause)) out.push('致困原因');
  if (!same(cardOf(before.bankCard), cardOf(after.bankCard))) out.push('银行卡');
  if (!same(before.consents, after.consents)) out.push('授权同意');
  return out;
}

/**
 * Resubmit after a reviewer asked for more information, with the corrected form: the same schema and checks as
 * a submission (reference checks and versioned eligibility again), the round's claim moved when the child
 * changed (duplicates still refused), then the engine's `resubmit` step with a new sealed summary.
 */
async function resubmitApplication(
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
      await ctx.db
        .collection(AID_CLAIMS)
        .doc(newClaim)
        .remove()
        .catch(() => undefined);
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
    await ctx.db
      .collection(AID_CLAIMS)
      .doc(oldClaim)
      .remove()
      .catch(() => undefined);
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

export const applicationHandlers: ApplicationHandlers = {
  async saveDraft({ roundId, form }, ctx) {
    const actor = await loadActor(ctx);
    const savedAt = ctx.now();
    await ctx.db
      .collection(AID_DRAFTS)
      .doc(draftId(actor.openid, roundId))
      .set({ data: { openid: actor.openid, roundId, formEnc: encryptField(JSON.stringify(form)), savedAt } });
    return { savedAt: savedAt.toISOString() };
  },

  async getDraft({ roundId }, ctx) {
    const actor = await loadActor(ctx);
    const draft = await findById<{ openid: string; formEnc: string; savedAt: Date }>(
      ctx.db,
      AID_DRAFTS,
      draftId(actor.openid, roundId),
    );
    if (!draft || draft.openid !== actor.openid) return null;
    return {
      form: JSON.parse(decryptField(draft.formEnc)) as Record<string, unknown>,
      savedAt: new Date(draft.savedAt).toISOString(),
    };
  },

  submit: submitApplication,

  resubmit: resubmitApplication,

  async mine(_input, ctx) {
    const actor = await loadActor(ctx);
    const data = (
      await readAll<ApplicationDoc>(
        ctx.db,
        AID_APPLICATIONS,
        actor.personId ? { personId: actor.personId } : { openid: actor.openid },
      )
    ).sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime());
    const caseIds = data.map((a) => a.caseId).filter((id): id is string => Boolean(id));
    const [cases, payments] = await Promise.all([
      readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds).then((d) => ({ data: d })),
      readIn<PaymentDoc>(ctx.db, PAYMENTS, 'caseId', caseIds).then((d) => ({ data: d })),
    ]);
    const statusOf = new Map(cases.data.map((c) => [c._id, c.status]));
    const items: AidApplicationSummary[] = data
      .filter((a) => a.caseId)
      .map((a) => {
        const own = payments.data.filter((p) => p.caseId === a.caseId);
        const { stage, stageLabel } = stageView(a, statusOf.get(a.caseId as string) ?? null, own);
        return {
          caseId: a.caseId as string,
          roundTitle: a.roundTitle,
          programme: a.programme,
          stage,
          stageLabel,
          caseStatus: statusOf.get(a.caseId as string) ?? 'pending',
          amountFen: a.amountFen,
          paidOn: own.find((p) => p.status === 'paid')?.paidOn ?? null,
          submittedAt: new Date(a.submittedAt).toISOString(),
        };
      });
    return { items };
  },

  async application({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const { app, own } = await visibleApplication(ctx, actor, caseId);
    return applicationView(ctx, app, own);
  },

  async roundApplications({ roundId, stage }, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const _ = ctx.db.command;
    // Scope and round in the query, every page read: a staff member sees every application of their grid node.
    const mine = (
      await readAll<ApplicationDoc>(ctx.db, AID_APPLICATIONS, {
        roundId,
        caseId: _.neq(null),
        'applicant.villagePath': staff.gridNodeId,
      })
    ).sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime());
    const caseIds = mine.map((a) => a.caseId as string);
    const statusOf = new Map<string, string>();
    const paymentsOf = new Map<string, PaymentDoc[]>();
    const [cases, payments] = await Promise.all([
      readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds, {}, { status: true }),
      readIn<PaymentDoc>(ctx.db, PAYMENTS, 'caseId', caseIds),
    ]);
    for (const c of cases) statusOf.set(c._id, c.status);
    for (const p of payments) paymentsOf.set(p.caseId, [...(paymentsOf.get(p.caseId) ?? []), p]);
    const items = mine
      .map((a) => {
        const caseId = a.caseId as string;
        const { stage: s, stageLabel } = stageView(a, statusOf.get(caseId) ?? null, paymentsOf.get(caseId) ?? []);
        return {
          caseId,
          maskedName: a.applicant.nameMasked,
          place: noticePlace(a),
          category: a.category,
          categoryLabel: a.category ? (CATEGORY_NAMES[a.category as keyof typeof CATEGORY_NAMES] ?? a.category) : null,
          amountFen: a.amountFen,
          stage: s,
          stageLabel,
          caseStatus: statusOf.get(caseId) ?? 'pending',
          noticeId: a.noticeId,
          publicNotice: a.consents.publicNotice,
          submittedAt: new Date(a.submittedAt).toISOString(),
        };
      })
      .filter((i) => !stage || i.stage === stage);
    const approved = new Set<AidStage>([
      AID.stage.approved,
      AID.stage.in_notice,
      AID.stage.notice_passed,
      AID.stage.payment_pending,
      AID.stage.payment_failed,
      AID.stage.paid,
    ]);
    const paidFen = [...paymentsOf.values()]
      .flat()
      .filter((p) => p.status === 'paid')
      .reduce((sum, p) => sum + p.amountFen, 0);
    return {
      items,
      totals: {
        count: items.length,
        approvedFen: items.filter((i) => approved.has(i.stage)).reduce((sum, i) => sum + i.amountFen, 0),
        paidFen,
      },
    };
  },

  async addHomeVisit({ caseId, visitedOn, findings, photoFileIds }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['village_collector']);
    const { app } = await visibleApplication(ctx, actor, caseId);
    const c = await getCase(ctx.db, caseId);
    if (!c || c.status !== AID.state.village_review)
      throw new AppError('PRECONDITION_FAILED', '只有待村级核实的申请可以登记入户核实');
    if (visitedOn > chinaDate(ctx.now())) throw invalid('visitedOn', '走访日期不能晚于今天');
    // Visit photos: ones this collector uploaded in this environment, still in storage.
    const photos = photoFileIds.map((fileID, i) => ({ field: `photoFileIds.${i}`, fileID }));
    requireOwnFiles(photos, actor.openid);
    await requireStoredFiles(ctx, photos);
    // The engine's step puts the visit on record (village approval requires it) and in the timeline; the aid
    // declaration's hook adds it to the application.
    await actOnCase(ctx, actor, {
      caseId,
      action: AID.verb.record_visit,
      version: c.version,
      inputs: { visit: { visitedOn, findings, photoFileIds } },
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.field?.startsWith('inputs.visit.'))
        throw new AppError(error.code, error.message, error.field.slice('inputs.visit.'.length), error.details);
      throw error;
    });
    const fresh = await applicationOfCase(ctx.db, caseId);
    return applicationView(ctx, fresh ?? app, false);
  },

  async correctBankCard({ caseId, bankCard }, ctx) {
    const actor = await loadActor(ctx);
    const { app, own } = await visibleApplication(ctx, actor, caseId);
    if (!own) requireStaff(actor, ['city_admin']);
    const c = await getCase(ctx.db, caseId);
    if (!c || c.status === AID.state.paid || inStates(AID.closed, c.status))
      throw new AppError('PRECONDITION_FAILED', '该申请已结束，不能更正银行卡');
    const live = (await paymentsOf(ctx, caseId)).some((p) => p.status === 'pending' || p.status === 'recording');
    if (live) throw new AppError('PRECONDITION_FAILED', '发放进行中，暂不能更正银行卡');
    if (normaliseName(bankCard.holderName) !== normaliseName(app.applicant.name))
      throw invalid('bankCard.holderName', '银行卡须为申请人本人名下');
    const now = ctx.now();
    const card = {
      numberEnc: encryptField(bankCard.number.number),
      last4: bankCard.number.number.slice(-4),
      bankName: bankCard.bankName,
      holderName: bankCard.holderName,
      luhnWarning: bankCard.number.luhnWarning,
      updatedAt: now,
    };
    await ctx.db
      .collection(AID_APPLICATIONS)
      .doc(app._id)
      .update({ data: { bankCard: card, updatedAt: now } });
    await writeAudit(ctx, {
      action: 'aid.correctBankCard',
      targetType: 'aid_application',
      targetId: app._id,
      detail: { byApplicant: own },
      actor,
    });
    return applicationView(ctx, { ...app, bankCard: card }, own);
  },
};
