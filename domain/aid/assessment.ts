/**
 * Checking an aid form and shaping what is stored: the applicant's identity from their profile, the programme's
 * rules, content check, reference checks and versioned eligibility (`assessForm`); the stored fields with
 * identifiers encrypted (`formFields`); the sealed case summary (`caseSummary`); what a resubmission changed.
 */
import { type AidForm, type EligibilityResult, type VerificationCheck } from '../../typings/aid';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import { personIdNumber, personPhone, type PersonRecord } from '../people/person';
import { blindIndex, decryptField, encryptField } from '../security/crypto';
import { maskIdNumber, maskName, maskPhone } from '../security/mask';
import { checkTexts } from '../content/check';
import { requireOwnFiles, requireStoredFiles } from '../cases/uploads';
import { gridIndex } from '../grid/cache';
import { AidCaseSummarySchema, sealOf, type AidCaseSummary } from './case-types';
import { evaluateEligibility, type EligibilityFacts } from './eligibility';
import { archiveConfirmsFile, normaliseName } from './reference';
import { povertyLineOf, type ApplicationDoc, type RoundDoc } from './store';
import { runVerification } from './verification';

/** What checking a form against the caller's profile, the round, the references and the rules found. */
export interface Assessment {
  village: GridNodeLike;
  town: GridNodeLike;
  idIndex: string;
  childIdIndex: string | null;
  verification: VerificationCheck[];
  eligibility: EligibilityResult;
  held: boolean;
}
/** A form whose applicant identifiers are known (typed, or taken from the applicant's profile). */
export type CompleteAidForm = AidForm & { applicant: AidForm['applicant'] & { idNumber: string; mobile: string } };

/**
 * The applicant's ID number and phone from their own profile where the form leaves them out: the form shows
 * them (masked) from the profile and a correction goes through the profile's correction path.
 */
export function withProfileIdentity(form: AidForm, person: PersonRecord): CompleteAidForm {
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
export async function assessForm(
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
export function formFields(
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
export function caseSummary(
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

/** The sections of a form a resubmission changed (labels shown in the history; never values). */
export function changedSections(before: ApplicationDoc, after: ReturnType<typeof formFields>): string[] {
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
