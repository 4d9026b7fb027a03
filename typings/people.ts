/**
 * Contracts of the `people` function (profiles, collectors entering on someone's behalf, staff
 * look-ups) and the `staff` function (roles and invitations), plus the field schemas shared with
 * the mini-program: ID number, mobile, bank card, credit code, person name, money in fen.
 * Every schema refuses arrays, objects (`{"$ne": null}`) and over-long strings with a Chinese
 * message naming the field; objects are strict, so a forged `openid`/`role`/`gridNodeId` is refused.
 */
import { z } from 'zod';
import { action, NoInput } from './api';
import { choice, cloudFile, fieldError, type FieldVerb } from './fields';
import {
  checkBankCard,
  checkCreditCode,
  checkIdNumber,
  checkMobile,
  checkPersonName,
  MAX_FEN,
  type Checked,
} from '../domain/security/validators';

export const PERSON_CATEGORIES = ['worker', 'migrant', 'hardship'] as const;
/** 职工 / 农民工 / 困难职工. */
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<PersonCategory, string> = {
  worker: '职工',
  migrant: '农民工',
  hardship: '困难职工',
};

export const STAFF_ROLES = ['city_admin', 'town_staff', 'village_collector'] as const;
/** 市总工会管理员 / 乡镇工作员 / 村（社区）信息采集员. */
export type StaffRole = (typeof STAFF_ROLES)[number];
export const ROLE_LABELS: Record<StaffRole, string> = {
  city_admin: '市总工会管理员',
  town_staff: '乡镇工作员',
  village_collector: '信息采集员',
};

export const CONSENT_KINDS = ['sensitive_data', 'public_notice'] as const;
/** `sensitive_data`: processing sensitive personal data; `public_notice`: being named (masked) in a 公示. */
export type ConsentKind = (typeof CONSENT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------

/**
 * A string of at most `max` characters, named by `label`: missing → `请填写<label>` (or `请选择…` with
 * `verb`), not text → `<label>必须是文字`, too long → `<label>不能超过 N 个字`.
 */
export function textField(label: string, max: number, verb: FieldVerb = '填写') {
  return z
    .string({ error: fieldError(label, `${label}必须是文字`, verb) })
    .max(max, { error: `${label}不能超过 ${max} 个字` });
}

/** A validated, normalised string field: blank → `请填写<label>`; `check` returns the normalised value or a message. */
function checkedField(label: string, max: number, check: (v: string) => Checked) {
  return textField(label, max).transform((value, ctx) => {
    if (!value.trim()) {
      ctx.addIssue({ code: 'custom', message: `请填写${label}` });
      return z.NEVER;
    }
    const result = check(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: `${label}${result.message}` });
      return z.NEVER;
    }
    return result.value;
  });
}

/** Citizen ID number: format, province, real past birth date, check digit; `x` → `X`. */
export const IdNumber = checkedField('身份证号', 40, (v) => checkIdNumber(v));
/** Mainland mobile, normalised to 11 digits. */
export const Mobile = checkedField('手机号', 30, checkMobile);
/** Person name (汉字 with `·`, or Latin letters). */
export const PersonName = checkedField('姓名', 40, checkPersonName);
/** Bank card: 15–19 digits; `luhnWarning` set (not refused) when the Luhn check fails. */
export const BankCard = textField('银行卡号', 40).transform((value, ctx) => {
  const result = checkBankCard(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: `银行卡号${result.message}` });
    return z.NEVER;
  }
  return result.value;
});
/** Unified social credit code; `override` (staff only) accepts an old code failing the check character. */
export function creditCodeField(override = false) {
  return textField('统一社会信用代码', 40).transform((value, ctx) => {
    const result = checkCreditCode(value, override);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: `统一社会信用代码${result.message}` });
      return z.NEVER;
    }
    return result.value;
  });
}
export const CreditCode = creditCodeField(false);
/** Money: integer fen, never floating point. */
export function fenField(label = '金额') {
  return z
    .number({ error: `${label}必须是数字（单位：分）` })
    .int({ error: `${label}必须是整数（单位：分）` })
    .min(0, { error: `${label}不能为负数` })
    .max(MAX_FEN, { error: `${label}过大` });
}
export const Fen = fenField();

const INVISIBLE = /[\u0000-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;
/**
 * Free text typed by a person (city, employer…): trimmed, no control or invisible characters; with `min`, blank →
 * `请填写<label>` and too short → `<label>至少 N 个字`.
 */
export function plainText(label: string, max: number, min = 0) {
  const text = textField(label, max)
    .trim()
    .refine((v) => !INVISIBLE.test(v), { message: `${label}含有看不见的字符，请删除后重试` });
  return min > 0 ? text.min(min, { error: fieldError(label, `${label}至少 ${min} 个字`) }) : text;
}
/** A grid node id (`city`, `t15`, `t15-v01`), chosen by a person: missing → `请选择<label>`. */
export const GridId = (label = '网格') =>
  textField(label, 16, '选择').regex(/^(city|t\d{2}(-v\d{2})?)$/, {
    error: fieldError(label, `所选的${label}不存在，请重新选择`, '选择'),
  });
/** A document id. */
export const DocId = (label = '编号') =>
  textField(label, 64).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: fieldError(label, `${label}不正确`) });

const Categories = z
  .array(choice(PERSON_CATEGORIES, '人员类别', '人员类别只能是职工、农民工或困难职工'), {
    error: fieldError('人员类别', '人员类别必须是列表', '选择'),
  })
  .min(1, { error: '请选择人员类别' })
  .max(3, { error: '人员类别最多3项' })
  .transform((list) => [...new Set(list)]);

/** The profile fields a person (or a collector on their behalf) enters. */
export const ProfileFields = z
  .object({
    name: PersonName,
    idNumber: IdNumber,
    /** Typed mobile (browser preview), or … */
    phone: Mobile.optional(),
    /** … the code from `<button open-type="getPhoneNumber">` (WeChat), exchanged on the server. */
    phoneCode: textField('手机号授权码', 128).min(1, { error: '手机号授权码不能为空' }).optional(),
    homeVillageId: GridId('户籍村（社区）'),
    categories: Categories,
    workCity: plainText('务工城市', 30).optional(),
    employer: plainText('工作单位', 60).optional(),
    employerTownId: GridId('单位所在乡镇').optional(),
  })
  .strict();

export const SaveProfileInput = ProfileFields.refine((v) => !(v.phone && v.phoneCode), {
  message: '手机号与手机号授权码只能填一个',
  path: ['phone'],
});

/** Fields that may be corrected later (all optional, at least one). */
export const CorrectMyDataInput = z
  .object({
    changes: ProfileFields.partial().strict(),
    reason: plainText('更正原因', 200).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v.changes).length > 0, { message: '请至少更正一项', path: ['changes'] });

export const RequestDeletionInput = z.object({ reason: plainText('删除原因', 200).optional() }).strict();

export const RecordConsentInput = z
  .object({
    kind: choice(CONSENT_KINDS, '同意类型'),
    /** Version of the text the person read, e.g. `2026-01`. */
    version: textField('文本版本', 32).regex(/^[\w.-]{1,32}$/, { error: '文本版本不正确' }),
    granted: z.boolean({ error: fieldError('是否同意', '是否同意只能选“同意”或“不同意”', '选择') }),
  })
  .strict();

/** A photo of a signed paper form in this environment's cloud storage (`cloud://env.bucket/path`). */
export const SignedFormFileId = cloudFile('签字的同意书照片');

/**
 * Staff record a paper consent form signed by someone without a smartphone whose profile they entered
 * (sensitive-data processing, or being named in public notices), with a photo of the signed form.
 */
export const RecordConsentOnBehalfInput = z
  .object({
    personId: DocId('人员编号'),
    kind: choice(CONSENT_KINDS, '同意类型'),
    /** Version of the paper form's text, e.g. `2026-01`. */
    version: textField('文本版本', 32).regex(/^[\w.-]{1,32}$/, { error: '文本版本不正确' }),
    granted: z.boolean({ error: fieldError('是否同意', '是否同意只能选“同意”或“不同意”', '选择') }),
    /** Photo of the signed form, uploaded by the staff member (`cases.uploadPath`). */
    formPhotoFileId: SignedFormFileId,
  })
  .strict();

export const ClaimProfileInput = z
  .object({
    name: PersonName,
    idNumber: IdNumber,
    claimCode: textField('认领码', 16).regex(/^[A-Za-z0-9]{8}$/, { error: '认领码应为8位字母或数字' }),
  })
  .strict();

export const ResolveDataRequestInput = z
  .object({
    requestId: DocId('申请编号'),
    outcome: choice(['done', 'refused'], '处理结果', '处理结果只能是“已办理”或“不予办理”'),
    note: plainText('处理说明', 200, 2),
  })
  .strict();

export const PersonIdInput = z.object({ personId: DocId('人员编号') }).strict();

export const ViewPersonInput = z
  .object({ personId: DocId('人员编号'), unmask: z.boolean({ error: 'unmask 必须是布尔值' }).optional() })
  .strict();

export const SearchPeopleInput = z
  .object({
    nodeId: GridId().optional(),
    category: choice(PERSON_CATEGORIES, '人员类别').optional(),
    idNumber: IdNumber.optional(),
    name: plainText('姓名', 20).optional(),
    claimed: z.boolean({ error: 'claimed 必须是布尔值' }).optional(),
    skip: z.number({ error: 'skip 必须是数字' }).int().min(0).max(100_000).optional(),
    limit: z.number({ error: 'limit 必须是数字' }).int().min(1).max(100).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Views (what the functions answer)
// ---------------------------------------------------------------------------------------------

/** A person as a staff list shows it: masked. */
export interface MaskedPerson {
  personId: string;
  name: string;
  idNumber: string;
  phone: string | null;
  gender: 'male' | 'female';
  homeVillageId: string;
  categories: PersonCategory[];
  workCity: string | null;
  employer: string | null;
  claimed: boolean;
  /** True when a collector entered the profile on the person's behalf. */
  enteredOnBehalf: boolean;
  masked: true;
}

/** A person in full (own data, or a role that needs it; audited). */
export interface FullPerson extends Omit<MaskedPerson, 'masked'> {
  birthDate: string;
  masked: false;
}

/** The caller's own profile (`me`): own name in full, ID and phone masked. */
export interface MyProfile extends Omit<MaskedPerson, 'masked' | 'name'> {
  name: string;
  birthDate: string;
  masked: true;
}

export interface ConsentView {
  kind: ConsentKind;
  version: string;
  granted: boolean;
  at: string;
  /** True for a paper form a collector recorded on the person's behalf (the person may withdraw it). */
  onBehalf?: boolean;
  /** Photo of the signed paper form (on-behalf records only). */
  formPhotoFileId?: string;
  /** Who recorded it on the person's behalf (masked name). */
  recordedBy?: string;
}

export interface DataRequestView {
  requestId: string;
  type: 'view' | 'correct' | 'delete';
  /** `refused` only for a deletion the city union declined (with a note to the person). */
  status: 'done' | 'pending' | 'refused';
  fields?: string[];
  at: string;
  note?: string;
}

/** A pending request as the city union sees it (masked name, the person's village). */
export interface PendingDataRequest {
  requestId: string;
  type: 'delete';
  personId: string | null;
  name: string | null;
  homeVillageId: string | null;
  reason: string | null;
  at: string;
}

/** Everything held about the caller (`viewMyData`). */
export interface MyData {
  profile: FullPerson | null;
  consents: ConsentView[];
  requests: DataRequestView[];
  /** What each service holds about me (my appeals, consultations, aid applications…), as labelled sections. */
  held?: DataSection[];
}

/** One section of a person's data: a heading and labelled values (never ids or hashes). */
export interface DataSection {
  title: string;
  lines: { label: string; value: string }[];
}

export interface StaffView {
  staffId: string;
  name: string;
  role: StaffRole;
  gridNodeId: string;
  /** The node in words (`万家乡翠林山村`); '' when the grid does not know it. */
  gridName: string;
  gridPath: string[];
  active: boolean;
  since: string;
  revokedAt?: string;
}

export interface InvitationView {
  invitationId: string;
  role: StaffRole;
  gridNodeId: string;
  /** The node in words (`万家乡翠林山村`). */
  gridName: string;
  inviteeName: string;
  expiresAt: string;
  status: 'pending' | 'used' | 'expired' | 'revoked';
}

// ---------------------------------------------------------------------------------------------
// Contracts
// ---------------------------------------------------------------------------------------------

export const peopleContract = {
  /** My profile (ID and phone masked), or null when none: completion is asked only when a service needs it. */
  me: action(NoInput).returns<MyProfile | null>(),
  /** Create or complete my profile; gender and birth date come from the ID number. */
  saveProfile: action(SaveProfileInput).returns<MyProfile>(),
  /** My data in full, consents and requests (audited, logged as a `view` request). */
  viewMyData: action(NoInput).returns<MyData>(),
  /** Correct my data (logged as a `correct` request naming the fields, never the values). */
  correctMyData: action(CorrectMyDataInput).returns<MyProfile>(),
  /** Ask for my data to be deleted (logged; handled by the city union). */
  requestDeletion: action(RequestDeletionInput).returns<DataRequestView>(),
  /** Record a consent (or its withdrawal) with the version of the text read. */
  recordConsent: action(RecordConsentInput).returns<ConsentView>(),
  /** Collector: create a profile for someone without a smartphone; returns a one-time claim code. */
  createOnBehalf: action(ProfileFields).returns<{
    person: MaskedPerson;
    claimCode: string;
    claimCodeExpiresAt: string;
  }>(),
  /** Collector: a fresh claim code for an unclaimed profile in scope (the old one stops working). */
  reissueClaimCode: action(PersonIdInput).returns<{ claimCode: string; claimCodeExpiresAt: string }>(),
  /**
   * Collector (or staff above, in scope): record a signed paper consent form for a person whose profile they
   * entered and who has not claimed it yet, with a photo of the form; marked on-behalf, audited.
   */
  recordConsentOnBehalf: action(RecordConsentOnBehalfInput).returns<ConsentView>(),
  /** Staff in scope: the consents of a person (on-behalf ones with the form photo). */
  listConsents: action(PersonIdInput).returns<{ consents: ConsentView[] }>(),
  /** The person claims a profile entered on their behalf: name + ID number + claim code. */
  claimProfile: action(ClaimProfileInput).returns<MyProfile>(),
  /** Staff: people in scope, masked. */
  searchPeople: action(SearchPeopleInput).returns<{ people: MaskedPerson[]; total: number }>(),
  /** Staff: one person in scope; `unmask` (town staff and city admin only) shows full values and is audited. */
  viewPerson: action(ViewPersonInput).returns<MaskedPerson | FullPerson>(),
  /** City admin: pending deletion requests. */
  listDataRequests: action(NoInput).returns<{ requests: PendingDataRequest[] }>(),
  /** City admin: carry out (erase the person's personal data) or refuse a deletion request, with a note. */
  resolveDataRequest: action(ResolveDataRequestInput).returns<DataRequestView>(),
};

export const IssueInvitationInput = z
  .object({
    role: choice(STAFF_ROLES, '角色'),
    gridNodeId: GridId('负责的乡镇或村（社区）'),
    inviteeName: PersonName,
  })
  .strict();

export const RedeemInvitationInput = z
  .object({
    code: textField('邀请码', 16).regex(/^[A-Za-z0-9]{10}$/, { error: '邀请码应为10位字母或数字' }),
    name: PersonName,
  })
  .strict();

export const RevokeRoleInput = z
  .object({ staffId: DocId('工作人员编号'), reason: plainText('撤销原因', 200, 2) })
  .strict();

export const ListStaffInput = z
  .object({
    nodeId: GridId().optional(),
    /** Part of a name (`周`, `新员`). */
    name: plainText('姓名', 20).optional(),
    limit: z.number({ error: 'limit 必须是数字' }).int().min(1).max(500).optional(),
    role: choice(STAFF_ROLES, '角色').optional(),
    includeRevoked: z.boolean({ error: 'includeRevoked 必须是布尔值' }).optional(),
  })
  .strict();

export const staffContract = {
  /** The caller's role and scope (null when not staff). */
  myRoles: action(NoInput).returns<{ staff: StaffView | null; hasProfile: boolean }>(),
  /** City admin → town staff (a town) or collector; town staff → collector (a village of their town). */
  issueInvitation: action(IssueInvitationInput).returns<{
    invitationId: string;
    code: string;
    role: StaffRole;
    gridNodeId: string;
    expiresAt: string;
  }>(),
  /** The invited person redeems the single-use code from their own WeChat. */
  redeemInvitation: action(RedeemInvitationInput).returns<StaffView>(),
  /** Revoke a role below the caller, inside the caller's scope. */
  revokeRole: action(RevokeRoleInput).returns<StaffView>(),
  /** Staff in the caller's scope (or a node inside it), by name; `total` counts all that match. */
  listStaff: action(ListStaffInput).returns<{ staff: StaffView[]; total: number }>(),
  /** Invitations issued inside the caller's scope. */
  listInvitations: action(NoInput).returns<{ invitations: InvitationView[] }>(),
};
