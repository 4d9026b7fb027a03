/**
 * The aid application form as short steps. The page holds strings and choices; this module turns
 * them into the contract's form (yuan → integer fen), validates with `AidFormSchema` and picks
 * the errors of the step on screen, so each step says exactly what is missing.
 */
import {
  AidFormSchema,
  APPLICANT_TYPE_NAMES,
  HARDSHIP_CAUSE_NAMES,
  SCHOOL_LEVEL_NAMES,
  STUDENT_EXCLUSION_NAMES,
  type AidApplicationView,
  type ApplicantType,
  type HardshipCause,
  type MyProfile,
  type Programme,
  type RoundView,
  type SchoolLevel,
  type StudentExclusion,
} from '@union/contracts';
import { check, errorKey, type FieldErrors } from '../utils/form';
import { parseYuan } from '../utils/format';
import type { AidSubmitInput } from './aid';

export interface MemberState {
  relation: 'self' | 'spouse' | 'child' | 'parent' | 'other';
  income: string;
}

export interface AidFormState {
  roundId: string;
  applicant: {
    name: string;
    idNumber: string;
    mobile: string;
    type: ApplicantType | '';
    villageId: string;
    unitName: string;
    employedSince: string;
    hardshipFileNo: string;
    /** The ID number of my profile, masked ('' = none): sent as nothing, the server takes it from the profile. */
    profileId: string;
    /** The phone of my profile, masked ('' = none: the phone is typed here). */
    profilePhone: string;
  };
  child: {
    name: string;
    idNumber: string;
    school: string;
    level: SchoolLevel | '';
    letter: string[];
    declarations: StudentExclusion[];
  };
  cause: { kind: HardshipCause | ''; description: string };
  members: MemberState[];
  hardshipCost: string;
  bankCard: { number: string; bankName: string; holderName: string };
  consents: { sensitiveData: boolean; publicNotice: boolean | null; guardian: boolean };
}

export const emptyAidForm = (roundId = ''): AidFormState => ({
  roundId,
  applicant: {
    name: '',
    idNumber: '',
    mobile: '',
    type: '',
    villageId: '',
    unitName: '',
    employedSince: '',
    hardshipFileNo: '',
    profileId: '',
    profilePhone: '',
  },
  child: { name: '', idNumber: '', school: '', level: '', letter: [], declarations: [] },
  cause: { kind: '', description: '' },
  members: [{ relation: 'self', income: '' }],
  hardshipCost: '',
  bankCard: { number: '', bankName: '', holderName: '' },
  consents: { sensitiveData: false, publicNotice: null, guardian: false },
});

export interface StepDef {
  key: string;
  title: string;
  /** Error-key prefixes that belong to this step. */
  prefixes: string[];
}

/** The steps of a programme's form. */
export function stepsFor(programme: Programme): StepDef[] {
  return [
    { key: 'applicant', title: '申请人', prefixes: ['applicant', 'roundId'] },
    programme === 'student_aid'
      ? { key: 'child', title: '子女上学情况', prefixes: ['child'] }
      : { key: 'cause', title: '困难情况', prefixes: ['hardshipCause'] },
    { key: 'household', title: '家庭收入', prefixes: ['household', 'members', 'hardshipCost'] },
    { key: 'bank', title: '收款银行卡', prefixes: ['bankCard'] },
    { key: 'consents', title: '确认与同意', prefixes: ['consents', 'comment', '_'] },
  ];
}

const opt = (v: string) => (v.trim() ? v.trim() : undefined);

/** The contract's form from the page's state, plus errors for money typed wrongly. */
export function toAidInput(f: AidFormState, programme: Programme): { input: AidSubmitInput; moneyErrors: FieldErrors } {
  const moneyErrors: FieldErrors = {};
  const fen = (text: string, key: string): number | undefined => {
    if (!text.trim()) return undefined;
    const v = parseYuan(text);
    if (v === null) moneyErrors[key] = '请填写正确的金额（元），例如 36000 或 36000.50';
    return v ?? undefined;
  };
  const applicant: Record<string, unknown> = {
    name: f.applicant.name,
    // Left out when my profile has it: the server takes it from there (corrections go through the profile).
    idNumber: f.applicant.profileId && !f.applicant.idNumber.trim() ? undefined : f.applicant.idNumber,
    mobile: f.applicant.profilePhone && !f.applicant.mobile.trim() ? undefined : f.applicant.mobile,
    type: f.applicant.type || undefined,
    villageId: f.applicant.villageId,
  };
  for (const k of ['unitName', 'employedSince', 'hardshipFileNo'] as const) {
    const v = opt(f.applicant[k]);
    if (v) applicant[k] = v;
  }
  const input: Record<string, unknown> = {
    roundId: f.roundId,
    applicant,
    household: {
      members: f.members.map((m, i) => ({
        relation: m.relation,
        annualIncomeFen: fen(m.income, `members_${i}_income`) ?? (m.income.trim() ? 0 : undefined),
      })),
      annualHardshipCostFen: fen(f.hardshipCost, 'hardshipCost') ?? 0,
    },
    bankCard: { number: f.bankCard.number, bankName: f.bankCard.bankName, holderName: f.bankCard.holderName },
    consents: {
      sensitiveData: f.consents.sensitiveData,
      publicNotice: f.consents.publicNotice ?? undefined,
      guardian: f.consents.guardian,
    },
  };
  if (programme === 'student_aid') {
    input.child = {
      name: f.child.name,
      idNumber: f.child.idNumber,
      school: f.child.school,
      level: f.child.level || undefined,
      admissionLetterFileId: f.child.letter[0] ?? '',
      declarations: f.child.declarations,
    };
  } else {
    input.hardshipCause = { kind: f.cause.kind || undefined, description: f.cause.description };
  }
  return { input: input as AidSubmitInput, moneyErrors };
}

/** Map contract paths to the page's field keys (`household.members.0.annualIncomeFen` → `members_0_income`). */
export function pageKey(path: string): string {
  return errorKey(
    path
      .replace(/^household\.members\.(\d+)\.annualIncomeFen$/, 'members.$1.income')
      .replace(/^household\.annualHardshipCostFen$/, 'hardshipCost')
      .replace(/^child\.admissionLetterFileId$/, 'child.letter')
      .replace(/^hardshipCause\./, 'cause.'),
  );
}

/** Validate the whole form; errors keyed for the page. */
export function checkAidForm(
  f: AidFormState,
  programme: Programme,
): { ok: true; input: AidSubmitInput } | { ok: false; errors: FieldErrors } {
  const { input, moneyErrors } = toAidInput(f, programme);
  const errors: FieldErrors = { ...moneyErrors };
  const checked = check(AidFormSchema, input);
  if (!checked.ok) for (const [k, v] of Object.entries(checked.errors)) errors[pageKey(k.replace(/_/g, '.'))] ??= v;
  if (programme === 'student_aid' && !f.consents.guardian)
    errors.consents_guardian ??= '提供子女信息须由监护人勾选同意';
  if (programme === 'student_aid' && !f.child.letter.length) errors.child_letter ??= '请上传录取通知书照片';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input };
}

/** The errors that belong to a step (by page key prefix). */
export function errorsOfStep(errors: FieldErrors, step: StepDef): FieldErrors {
  const prefixes = step.prefixes.map((p) => (p === 'hardshipCause' ? 'cause' : p));
  return Object.fromEntries(
    Object.entries(errors).filter(([k]) => prefixes.some((p) => k === p || k.startsWith(`${p}_`))),
  );
}

/** The index of the first step holding one of `errors` (or -1). */
export function firstStepWithErrors(errors: FieldErrors, steps: StepDef[]): number {
  return steps.findIndex((s) => Object.keys(errorsOfStep(errors, s)).length > 0);
}

/** Choices for the pickers, limited to what the round allows (all of them when the round is not at hand). */
export function choicesFor(round: RoundView | null) {
  const types = round?.config.applicantTypes ?? (Object.keys(APPLICANT_TYPE_NAMES) as ApplicantType[]);
  const levels = round?.config.levels ?? (Object.keys(SCHOOL_LEVEL_NAMES) as SchoolLevel[]);
  return {
    applicantTypes: types.map((value) => ({ value, label: APPLICANT_TYPE_NAMES[value] })),
    levels: levels.map((value) => ({ value, label: SCHOOL_LEVEL_NAMES[value] })),
    exclusions: (Object.keys(STUDENT_EXCLUSION_NAMES) as StudentExclusion[]).map((value) => ({
      value,
      label: STUDENT_EXCLUSION_NAMES[value],
    })),
    causes: (Object.keys(HARDSHIP_CAUSE_NAMES) as HardshipCause[]).map((value) => ({
      value,
      label: HARDSHIP_CAUSE_NAMES[value],
    })),
    relations: [
      { value: 'self', label: '本人' },
      { value: 'spouse', label: '配偶' },
      { value: 'child', label: '子女' },
      { value: 'parent', label: '父母' },
      { value: 'other', label: '其他' },
    ],
  };
}

/**
 * Start a new form from my profile: my name, home village, applicant type, and my ID number and phone as the
 * profile has them (shown masked to confirm; left out of the submission, so the server takes them from the
 * profile; a correction goes through the profile's correction path).
 */
export function prefillFromProfile(f: AidFormState, p: MyProfile | null): AidFormState {
  if (!p) return f;
  const type: ApplicantType = p.categories.includes('hardship')
    ? 'hardship_worker'
    : p.categories.includes('migrant')
      ? 'migrant'
      : 'worker';
  const g = withProfileIdentity(f, p);
  return {
    ...g,
    applicant: {
      ...g.applicant,
      name: p.name,
      villageId: p.homeVillageId,
      type,
      unitName: p.employer ?? '',
    },
    bankCard: { ...f.bankCard, holderName: p.name },
  };
}

/** My profile's ID number and phone (masked) on the form, e.g. again after I corrected them in my data. */
export function withProfileIdentity(f: AidFormState, p: MyProfile | null): AidFormState {
  if (!p) return f;
  return {
    ...f,
    applicant: {
      ...f.applicant,
      name: f.applicant.name || p.name,
      profileId: p.idNumber ?? '',
      profilePhone: p.phone ?? '',
      idNumber: p.idNumber ? '' : f.applicant.idNumber,
      mobile: p.phone ? '' : f.applicant.mobile,
    },
  };
}

/** Yuan text for an amount in fen (`2400050` → `24000.5`), as the person would type it. */
const yuanText = (fen: number): string => (fen ? String(fen / 100) : '');

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const RELATIONS: ReadonlyArray<MemberState['relation']> = ['self', 'spouse', 'child', 'parent', 'other'];

/** Copy the values of `raw` whose type matches the template's (strings, booleans, string lists), nothing else. */
function mergeShape<T extends object>(template: T, raw: unknown): T {
  if (!isRecord(raw)) return template;
  const out: Record<string, unknown> = { ...(template as Record<string, unknown>) };
  for (const [k, empty] of Object.entries(template)) {
    const v = raw[k];
    if (Array.isArray(empty)) {
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v;
    } else if (empty === null) {
      if (typeof v === 'boolean') out[k] = v;
    } else if (typeof empty === 'object') {
      out[k] = mergeShape(empty as object, v);
    } else if (typeof v === typeof empty) {
      out[k] = v;
    }
  }
  return out as T;
}

/**
 * A draft saved on the server (whatever was typed, any shape) back into the page's form for this round:
 * only known fields of the right type are taken, so an old or damaged draft cannot break the page.
 */
export function restoreAidForm(raw: unknown, roundId: string): AidFormState {
  const base = mergeShape(emptyAidForm(roundId), raw);
  const members = isRecord(raw) && Array.isArray(raw.members) ? raw.members : [];
  const restored = members
    .filter(isRecord)
    .map((m) => ({
      relation: RELATIONS.includes(m.relation as MemberState['relation'])
        ? (m.relation as MemberState['relation'])
        : 'other',
      income: typeof m.income === 'string' ? m.income : '',
    }))
    .slice(0, 20);
  return { ...base, roundId, members: restored.length ? restored : base.members };
}

/**
 * The form of a submitted application (as its applicant sees it) to correct and resubmit. Identifiers
 * arrive masked (ID numbers, phone, bank card): those stay empty, to be typed again; nothing is unmasked.
 */
export function prefillFromApplication(a: AidApplicationView): AidFormState {
  const f = emptyAidForm(a.roundId);
  const plain = (v: string | null | undefined) => (v && !v.includes('*') ? v : '');
  return {
    ...f,
    applicant: {
      ...f.applicant,
      name: plain(a.applicant.name),
      type: a.applicant.type,
      villageId: a.applicant.villageId,
      unitName: a.applicant.unitName ?? '',
    },
    child: a.child
      ? {
          name: plain(a.child.name),
          idNumber: '',
          school: a.child.school,
          level: a.child.level,
          letter: a.child.admissionLetterFileId ? [a.child.admissionLetterFileId] : [],
          declarations: [...a.child.declarations],
        }
      : f.child,
    cause: a.hardshipCause ? { ...a.hardshipCause } : f.cause,
    members: a.household.members.length
      ? a.household.members.map((m) => ({
          relation: RELATIONS.includes(m.relation as MemberState['relation'])
            ? (m.relation as MemberState['relation'])
            : 'other',
          income: yuanText(m.annualIncomeFen),
        }))
      : f.members,
    hardshipCost: yuanText(a.household.annualHardshipCostFen),
    bankCard: { number: '', bankName: a.bankCard.bankName, holderName: plain(a.applicant.name) },
    consents: { ...a.consents },
  };
}
