/**
 * Contract of the `aid` function: the aid programmes Golden-Autumn student aid (金秋助学) and hardship
 * assistance (困难帮扶) — rounds configured as data, applications (drafts, submit), reference-data checks,
 * public notices (公示) with objections, and disbursement to bank cards (打卡发放).
 *
 * The review steps (village → town → city) are case-engine actions (`cases.act`); the aid function adds what
 * is particular to aid. Money is always integer fen.
 */
import { z } from 'zod';
import { OnBehalfOfInput, VisitRecordInput } from './cases';
import { action, NoInput } from './api';
import {
  BankCard,
  CreditCode,
  DocId,
  fenField,
  GridId,
  IdNumber,
  Mobile,
  PersonName,
  plainText,
  textField,
} from './people';
import { CloudFileId, type CaseFiles } from './cases';
import { CalendarDate } from './dates';
import { choice, cloudFile, fieldError } from './fields';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const PROGRAMMES = ['student_aid', 'hardship_aid'] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const PROGRAMME_NAMES: Record<Programme, string> = { student_aid: '金秋助学', hardship_aid: '困难帮扶' };

export const APPLICANT_TYPES = ['worker', 'migrant', 'hardship_worker'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_NAMES: Record<ApplicantType, string> = {
  worker: '职工',
  migrant: '农民工',
  hardship_worker: '困难职工',
};

/** From senior high / secondary vocational up to postgraduate. */
export const SCHOOL_LEVELS = [
  'senior_high',
  'secondary_vocational',
  'higher_vocational',
  'undergraduate',
  'postgraduate',
] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];
export const SCHOOL_LEVEL_NAMES: Record<SchoolLevel, string> = {
  senior_high: '普通高中',
  secondary_vocational: '中等职业学校',
  higher_vocational: '高职（专科）',
  undergraduate: '本科',
  postgraduate: '研究生',
};
/** Which amount group a level belongs to. */
export const LEVEL_GROUP: Record<SchoolLevel, 'high_school' | 'university'> = {
  senior_high: 'high_school',
  secondary_vocational: 'high_school',
  higher_vocational: 'university',
  undergraduate: 'university',
  postgraduate: 'university',
};

export const STUDENT_EXCLUSIONS = [
  'military_academy',
  'fee_free_teacher',
  'high_fee_private',
  'self_funded_abroad',
  'funded_elsewhere',
] as const;
export type StudentExclusion = (typeof STUDENT_EXCLUSIONS)[number];
export const STUDENT_EXCLUSION_NAMES: Record<StudentExclusion, string> = {
  military_academy: '就读军事院校',
  fee_free_teacher: '公费师范生',
  high_fee_private: '高收费民办学校',
  self_funded_abroad: '自费出国留学',
  funded_elsewhere: '已获其他渠道同类资助',
};

/** Student-aid amount categories: level group × whether the family has a hardship file. */
export const STUDENT_CATEGORIES = [
  'university_file',
  'high_school_file',
  'university_no_file',
  'high_school_no_file',
] as const;
export type StudentCategory = (typeof STUDENT_CATEGORIES)[number];
/** 深度困难 / 相对困难 / 意外致困. */
export const HARDSHIP_CATEGORIES = ['deep', 'relative', 'accident'] as const;
export type HardshipCategory = (typeof HARDSHIP_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<StudentCategory | HardshipCategory, string> = {
  university_file: '大学（建档）',
  high_school_file: '高中（建档）',
  university_no_file: '大学（未建档）',
  high_school_no_file: '高中（未建档）',
  deep: '深度困难',
  relative: '相对困难',
  accident: '意外致困',
};

export const HARDSHIP_CAUSES = ['illness', 'accident', 'disability', 'unemployment', 'disaster', 'other'] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];
export const HARDSHIP_CAUSE_NAMES: Record<HardshipCause, string> = {
  illness: '重大疾病',
  accident: '重大意外事故',
  disability: '残疾',
  unemployment: '失业',
  disaster: '自然灾害',
  other: '其他',
};

export const HOUSEHOLD_RELATIONS = ['self', 'spouse', 'child', 'parent', 'other'] as const;

/** Reference datasets of other departments, imported to verify applications (数据互联互通). */
export const REFERENCE_DATASETS = ['civil_affairs', 'household', 'business'] as const;
export type ReferenceDataset = (typeof REFERENCE_DATASETS)[number];
/**
 * What an application is checked against: the imported datasets, and the union's own hardship archive
 * (困难职工档案, kept in the registry: `domain/registry/archive.ts`).
 */
export const VERIFICATION_SOURCES = [...REFERENCE_DATASETS, 'hardship_archive'] as const;
export type VerificationSource = (typeof VERIFICATION_SOURCES)[number];
export const REFERENCE_DATASET_NAMES: Record<VerificationSource, string> = {
  civil_affairs: '民政低保/特困名单',
  household: '户籍信息',
  hardship_archive: '工会困难职工档案',
  business: '市场主体登记信息',
};

/**
 * Where an aid application is: the stages the aid declarations group their states into (plus two overlays from
 * aid records). Their labels come from the declarations only, and arrive with each view (`stageLabel`).
 */
export const AID_STAGES = [
  'in_review',
  'approved',
  'in_notice',
  'notice_passed',
  'objection_upheld',
  'payment_pending',
  'paid',
  'payment_failed',
  'closed',
] as const;
export type AidStage = (typeof AID_STAGES)[number];

// ---------------------------------------------------------------------------------------------
// Field schemas

const Year = z
  .number({ error: '年度必须是数字' })
  .int({ error: '年度必须是整数' })
  .min(2000, { error: '年度不正确' })
  .max(2100, { error: '年度不正确' });

export const RoundAmount = z
  .object({
    category: choice([...STUDENT_CATEGORIES, ...HARDSHIP_CATEGORIES], '资助类别'),
    amountFen: fenField('资助金额'),
  })
  .strict();

/** A round (批次) as the city administrator configures it. */
export const RoundConfigSchema = z
  .object({
    programme: choice(PROGRAMMES, '项目', '项目只能是金秋助学或困难帮扶'),
    year: Year,
    title: plainText('批次名称', 60, 2),
    opensOn: CalendarDate('申报开始日期'),
    closesOn: CalendarDate('申报截止日期'),
    applicantTypes: z.array(choice(APPLICANT_TYPES, '资助对象')).min(1, { error: '请选择资助对象' }).max(3),
    levels: z.array(choice(SCHOOL_LEVELS, '资助学段')).max(5).default([]),
    amounts: z.array(RoundAmount).min(1, { error: '请设置资助标准' }).max(8),
    exclusions: z.array(choice(STUDENT_EXCLUSIONS, '不予资助情形')).max(5).default([]),
    /** Student aid without a hardship file: per-person monthly income below this multiple of the 低保 line. */
    noFileIncomeMultiple: z.number().int().min(1).max(5).default(2),
    /** Migrant workers qualify after this many months of actual employment. */
    migrantMinMonths: z.number().int().min(0).max(60).default(12),
    /** 意外致困: hardship costs above this percentage of household income. */
    accidentCostPercent: z.number().int().min(1).max(100).default(80),
    /** Notice period in working days. */
    noticeWorkingDays: z.number().int().min(1).max(30).default(5),
    /** Holidays and make-up working days (调休) for counting the notice period. */
    calendar: z
      .object({
        holidays: z.array(CalendarDate('节假日')).max(60).default([]),
        workdays: z.array(CalendarDate('调休工作日')).max(30).default([]),
      })
      .strict()
      .default({ holidays: [], workdays: [] }),
    /** How to object, printed on the notice (the union office's hotline and address). */
    objectionContact: plainText('异议受理方式', 120, 4),
  })
  .strict()
  .superRefine((round, ctx) => {
    if (round.closesOn < round.opensOn)
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: '申报截止日期不能早于开始日期' });
    const allowed: readonly string[] = round.programme === 'student_aid' ? STUDENT_CATEGORIES : HARDSHIP_CATEGORIES;
    round.amounts.forEach((a, i) => {
      if (!allowed.includes(a.category))
        ctx.addIssue({ code: 'custom', path: ['amounts', i, 'category'], message: '该类别不属于本项目' });
    });
    if (round.programme === 'student_aid' && round.levels.length === 0)
      ctx.addIssue({ code: 'custom', path: ['levels'], message: '请选择资助学段' });
  });
export type AidRoundConfig = z.output<typeof RoundConfigSchema>;

export const ROUND_STATUSES = ['draft', 'open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const SaveRoundInput = z
  .object({
    roundId: DocId('批次编号').optional(),
    status: choice(ROUND_STATUSES, '批次状态'),
    config: RoundConfigSchema,
  })
  .strict();

export const PovertyLineInput = z
  .object({ year: Year, monthlyFen: fenField('低保标准').min(1, { error: '低保标准必须大于0' }) })
  .strict();

const Applicant = z
  .object({
    name: PersonName,
    /** Omitted: the ID number of the applicant's own profile (shown to them masked, corrected through the profile). */
    idNumber: IdNumber.optional(),
    /** Omitted: the phone of the applicant's own profile (required here when the profile has none). */
    mobile: Mobile.optional(),
    type: choice(APPLICANT_TYPES, '申请人类别'),
    /** Home village or community (户籍村/社区). */
    villageId: GridId('所在村（社区）'),
    unitName: plainText('工作单位', 60).optional(),
    unitCreditCode: CreditCode.optional(),
    /** Migrant workers: when the current employment started. */
    employedSince: CalendarDate('务工开始日期').optional(),
    /** Number in the union's hardship archive, if any. */
    hardshipFileNo: textField('困难职工档案号', 32)
      .regex(/^[A-Za-z0-9-]{1,32}$/, { error: '困难职工档案号格式不正确' })
      .optional(),
  })
  .strict();

const Child = z
  .object({
    name: PersonName,
    idNumber: IdNumber,
    school: plainText('学校名称', 60, 2),
    level: choice(SCHOOL_LEVELS, '学段'),
    /** Admission letter (录取通知书) photo uploaded to cloud storage. */
    admissionLetterFileId: cloudFile('录取通知书照片'),
    /** The exclusions that apply (empty when none). */
    declarations: z.array(choice(STUDENT_EXCLUSIONS, '不予资助情形')).max(5).default([]),
  })
  .strict();

const Household = z
  .object({
    members: z
      .array(
        z
          .object({
            relation: choice(HOUSEHOLD_RELATIONS, '家庭成员关系'),
            annualIncomeFen: fenField('年收入'),
          })
          .strict(),
      )
      .min(1, { error: '请填写家庭成员（含本人）' })
      .max(20, { error: '家庭成员最多20人' }),
    /** Yearly costs caused by the hardship (medical bills, accident costs). */
    annualHardshipCostFen: fenField('因病因灾支出').default(0),
  })
  .strict();

const Cause = z
  .object({
    kind: choice(HARDSHIP_CAUSES, '致困原因'),
    description: plainText('致困情况说明', 500).default(''),
  })
  .strict();

const BankCardInput = z
  .object({
    number: BankCard,
    bankName: plainText('开户银行', 40, 2),
    holderName: PersonName,
  })
  .strict();

const Consents = z
  .object({
    /** Consent to processing sensitive personal data (required). */
    sensitiveData: z.literal(true, { error: '须同意处理敏感个人信息才能申请' }),
    /** Consent to be named (masked) in the public notice; without it the person is left out of the notice. */
    publicNotice: z.boolean({ error: fieldError('是否同意公示', '请选择是否同意公示', '选择') }),
    /** The applicant is the child's guardian and consents to providing the child's data. */
    guardian: z.boolean({ error: '请确认监护人同意' }).default(false),
  })
  .strict();

/** The application form of both programmes. */
export const AidFormSchema = z
  .object({
    roundId: DocId('批次编号'),
    applicant: Applicant,
    child: Child.optional(),
    household: Household,
    hardshipCause: Cause.optional(),
    bankCard: BankCardInput,
    consents: Consents,
  })
  .strict();
export type AidFormInput = z.input<typeof AidFormSchema>;

/** A submission: the form, filed by the applicant, or by a collector or town staff for a person in their scope. */
export const AidSubmitInput = AidFormSchema.extend({ onBehalfOf: OnBehalfOfInput.optional() }).strict();
export type AidForm = z.output<typeof AidFormSchema>;

/** A draft: whatever has been typed so far (bounded), stored encrypted. */
export const SaveDraftInput = z
  .object({
    roundId: DocId('批次编号'),
    form: z
      .record(z.string(), z.unknown(), { error: '草稿必须是对象' })
      .refine((v) => JSON.stringify(v).length <= 20_000, {
        error: '草稿过大',
      }),
  })
  .strict();

const RoundIdInput = z.object({ roundId: DocId('批次编号') }).strict();
const CaseIdInput = z.object({ caseId: DocId('申请编号') }).strict();

/** A home visit to an aid case: the engine's visit record (`VisitRecordInput`) for one application. */
export const HomeVisitInput = VisitRecordInput.extend({ caseId: DocId('申请编号') }).strict();

export const PublishNoticeInput = z
  .object({
    roundId: DocId('批次编号'),
    /** Approved cases to publish; all approved, not yet published cases of the round when omitted. */
    caseIds: z.array(DocId('申请编号')).min(1).max(500).optional(),
    workingDays: z.number().int().min(1).max(30).optional(),
  })
  .strict();

const NoticeIdInput = z.object({ noticeId: DocId('公示编号') }).strict();

export const FileObjectionInput = z
  .object({
    noticeId: DocId('公示编号'),
    entryId: DocId('公示条目'),
    reason: plainText('异议理由', 1000, 5),
  })
  .strict();

export const ResolveObjectionInput = z
  .object({
    objectionId: DocId('异议编号'),
    outcome: choice(['dismissed', 'upheld'], '处理结果', '处理结果只能是“异议不成立”或“异议成立”'),
    reply: plainText('处理意见', 500, 2),
  })
  .strict();

export const ExportBankFileInput = z
  .object({
    batchId: DocId('发放批次'),
    format: z.enum(['csv', 'xlsx'], { error: '格式只能是 csv 或 xlsx' }).optional(),
    /**
     * Serve an earlier export of this batch again (a fresh download link, audited) instead of making a new file;
     * refused once that file has been deleted (batch recorded, or 24 hours after its export).
     */
    fileID: CloudFileId.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.format && !v.fileID) ctx.addIssue({ code: 'custom', path: ['format'], message: '请选择导出格式' });
  });

export const RecordPaymentInput = z
  .object({
    paymentId: DocId('发放记录'),
    result: choice(['paid', 'failed'], '发放结果', '发放结果只能是成功或失败'),
    /** Bank's value date `YYYY-MM-DD` for a paid item. */
    paidOn: CalendarDate('到账日期').optional(),
    failureReason: plainText('失败原因', 200).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.result === 'failed' && !v.failureReason)
      ctx.addIssue({ code: 'custom', path: ['failureReason'], message: '请填写失败原因' });
  });

/** Resubmit after `request_info` with the corrected form (same schema as a submission) and an optional note. */
export const ResubmitInput = z
  .object({
    caseId: DocId('申请编号'),
    /** The case version the applicant saw (CONFLICT when the case moved on meanwhile). */
    version: z.number({ error: '版本号必须是数字' }).int().min(1).optional(),
    form: AidFormSchema,
    comment: plainText('补充说明', 500, 2).optional(),
  })
  .strict();

export const CorrectBankCardInput = z.object({ caseId: DocId('申请编号'), bankCard: BankCardInput }).strict();

export const RoundApplicationsInput = z
  .object({ roundId: DocId('批次编号'), stage: z.enum(AID_STAGES, { error: '阶段不正确' }).optional() })
  .strict();

/** City admin's notice list: newest first, keyset cursor from the previous page. */
export const AdminNoticesInput = z
  .object({
    cursor: z
      .string()
      .max(80)
      .regex(/^\d{1,15}\|[A-Za-z0-9_-]{1,64}$/, { message: '分页标记无效' })
      .optional(),
    limit: z.number({ error: '每页条数必须是数字' }).int().min(1).max(50).optional(),
  })
  .strict();

export const ObjectionsInput = z
  .object({ noticeId: DocId('公示编号').optional(), status: z.enum(['open', 'dismissed', 'upheld']).optional() })
  .strict();

// ---------------------------------------------------------------------------------------------
// Views

export interface EligibilityReason {
  code: string;
  passed: boolean;
  message: string;
}

/** The verdict of the versioned rules at submit, with every reason. */
export interface EligibilityResult {
  eligible: boolean;
  rulesVersion: string;
  category: string | null;
  amountFen: number;
  reasons: EligibilityReason[];
}

/** Whose data a check compared. */
export const CHECK_SUBJECT_NAMES: Record<'applicant' | 'child' | 'unit', string> = {
  applicant: '申请人',
  child: '子女',
  unit: '工作单位',
};

/** One automatic check against a reference dataset: never carries the reference's personal data. */
export interface VerificationCheck {
  dataset: VerificationSource;
  datasetName: string;
  /** Whose data was checked. */
  subject: 'applicant' | 'child' | 'unit';
  status: 'match' | 'mismatch' | 'not_found' | 'not_loaded';
  /** Fields that differed (`name`, `village`, `category`…), never their values. */
  differences: string[];
  message: string;
  /** When the dataset used was imported (for the live hardship archive: when it was read). */
  datasetImportedAt: string | null;
  /**
   * In words for the one reading it (the applicant: what to bring; staff: what to verify): what was found, whether
   * it stops or changes the application, what to do. Present in application views.
   */
  explanation?: { result: string; effect: string; todo: string };
}

export interface RoundView {
  roundId: string;
  status: RoundStatus;
  config: AidRoundConfig;
  rulesVersion: string;
  povertyLineFen: number | null;
  acceptingApplications: boolean;
}

export interface HomeVisitView {
  visitedOn: string;
  findings: string;
  photoFileIds: string[];
  byName: string;
  at: string;
}

export interface PaymentView {
  paymentId: string;
  batchId: string;
  amountFen: number;
  status: 'pending' | 'paid' | 'failed' | 'superseded';
  paidOn: string | null;
  failureReason: string | null;
  cardLast4: string;
}

/** An aid application as its applicant or a reviewer sees it (identifiers masked). */
export interface AidApplicationView {
  caseId: string;
  roundId: string;
  roundTitle: string;
  programme: Programme;
  stage: AidStage;
  stageLabel: string;
  caseStatus: string;
  category: string | null;
  categoryLabel: string | null;
  amountFen: number;
  applicant: {
    name: string;
    idNumber: string;
    mobile: string;
    type: ApplicantType;
    villageId: string;
    unitName: string | null;
  };
  child: {
    name: string;
    idNumber: string;
    school: string;
    level: SchoolLevel;
    admissionLetterFileId: string;
    declarations: StudentExclusion[];
  } | null;
  household: {
    size: number;
    annualIncomeFen: number;
    annualHardshipCostFen: number;
    members: { relation: string; annualIncomeFen: number }[];
  };
  hardshipCause: { kind: HardshipCause; description: string } | null;
  bankCard: { bankName: string; last4: string; luhnWarning: boolean };
  consents: { sensitiveData: boolean; publicNotice: boolean; guardian: boolean };
  eligibility: EligibilityResult;
  verification: VerificationCheck[];
  homeVisits: HomeVisitView[];
  notice: { noticeId: string; publishedAt: string; endsAt: string } | null;
  payments: PaymentView[];
  /** Corrected forms resubmitted after a request for more information (sections changed, new verdict). */
  resubmissions?: {
    revision: number;
    at: string;
    changed: string[];
    rulesVersion: string;
    eligible: boolean;
    amountFen: number;
  }[];
  /** Dated steps: review (from the case engine), notice and payment. */
  steps: { at: string; label: string }[];
  submittedAt: string;
}

/** One application of a round as a staff overview lists it (masked). */
export interface RoundApplicationItem {
  caseId: string;
  maskedName: string;
  /** Village (town + village) or unit. */
  place: string;
  category: string | null;
  categoryLabel: string | null;
  amountFen: number;
  stage: AidStage;
  stageLabel: string;
  caseStatus: string;
  noticeId: string | null;
  publicNotice: boolean;
  submittedAt: string;
}

export interface AidApplicationSummary {
  caseId: string;
  roundTitle: string;
  programme: Programme;
  stage: AidStage;
  stageLabel: string;
  caseStatus: string;
  amountFen: number;
  paidOn: string | null;
  submittedAt: string;
}

/** One line of a public notice: exactly what the security rules allow (masked name, place, programme, amount). */
export interface NoticeEntry {
  entryId: string;
  maskedName: string;
  /** Village / community or unit. */
  place: string;
  programme: string;
  amountFen: number;
}

export interface NoticeView {
  noticeId: string;
  title: string;
  programme: string;
  publishedOn: string;
  endsOn: string;
  howToObject: string;
  entries: NoticeEntry[];
  /**
   * To the city admin who publishes it only: applications that entered the notice period. Those whose applicant
   * did not consent to be named are not listed; a notice listing nobody is not served to the public at all.
   */
  caseCount?: number;
}

export interface NoticeSummary {
  noticeId: string;
  title: string;
  programme: string;
  publishedOn: string;
  endsOn: string;
  count: number;
}

/** One notice as the city admin's list shows it: counts only, no entries or names. */
export interface AdminNoticeItem {
  noticeId: string;
  roundId: string;
  title: string;
  programme: string;
  /** `running` while served to the public; `ended` once its period is over; `publishing` while being written. */
  status: 'publishing' | 'running' | 'ended';
  publishedOn: string;
  endsOn: string;
  /** Cases in the notice period (listed or not), and those listed (publication consent). */
  caseCount: number;
  listedCount: number;
  /** Objections not yet settled. */
  openObjections: number;
  /** The payment batch made from this notice, if any. */
  batch: { batchId: string; status: 'open' | 'exported' | 'completed' } | null;
}

export interface ObjectionView {
  objectionId: string;
  noticeId: string;
  entryId: string;
  /** City admin only. */
  caseId?: string;
  /** The city admin and the person who filed it. */
  reason?: string;
  status: 'open' | 'dismissed' | 'upheld';
  reply: string | null;
  filedAt: string;
  /** When it was settled (null while open). */
  resolvedAt: string | null;
  /** What it is about, in words: the notice's title and the line as published (masked name, village or unit). */
  noticeTitle: string;
  entryName: string;
  entryPlace: string;
}

export interface PaymentBatchView {
  batchId: string;
  roundId: string;
  noticeId: string;
  status: 'open' | 'exported' | 'completed';
  count: number;
  totalFen: number;
  paidCount: number;
  failedCount: number;
  payments: (PaymentView & { caseId: string; maskedName: string })[];
  /** The bank files exported for this batch, and whether each is still in storage. */
  exports?: { fileID: string; format: 'csv' | 'xlsx'; at: string; deletedAt: string | null }[];
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// Contract

export const aidContract = {
  /** Rounds open for applications now (any caller). */
  rounds: action(NoInput).returns<{ rounds: RoundView[] }>(),
  /** City admin: every round. */
  allRounds: action(NoInput).returns<{ rounds: RoundView[] }>(),
  /** City admin: create or update a round (audited). */
  saveRound: action(SaveRoundInput).returns<RoundView>(),
  /** City admin: the 低保 line (monthly, per person) of a year. */
  setPovertyLine: action(PovertyLineInput).returns<{ year: number; monthlyFen: number }>(),
  /** Keep what has been typed (server side, encrypted). */
  saveDraft: action(SaveDraftInput).returns<{ savedAt: string }>(),
  /** The caller's draft for a round, or null. */
  getDraft: action(RoundIdInput).returns<{ form: Record<string, unknown>; savedAt: string } | null>(),
  /** Submit an application (idempotent on the request id); eligibility and reference checks run here. */
  submit: action(AidSubmitInput).returns<AidApplicationView>(),
  /**
   * After a reviewer asked for more information: resubmit the corrected form (validated, reference-checked and
   * judged by the versioned rules again; idempotent on the request id). A note alone goes through `cases.act`.
   */
  resubmit: action(ResubmitInput).returns<AidApplicationView>(),
  /** The caller's applications. */
  mine: action(NoInput).returns<{ items: AidApplicationSummary[] }>(),
  /** One application: the applicant's own, or a case in a staff member's scope (masked). */
  application: action(CaseIdInput).returns<AidApplicationView>(),
  /**
   * Short-lived links to an application's photos (the admission letter, the home-visit photos), for the applicant or
   * staff whose scope covers the application; a staff member's view is audited.
   */
  files: action(CaseIdInput).returns<CaseFiles>(),
  /** Staff: the applications of a round inside the caller's scope, with stage and amount (masked). */
  roundApplications: action(RoundApplicationsInput).returns<{
    items: RoundApplicationItem[];
    totals: { count: number; approvedFen: number; paidFen: number };
  }>(),
  /** Village collector: record a home visit (入户核实) with photos. */
  addHomeVisit: action(HomeVisitInput).returns<AidApplicationView>(),
  /** Applicant (or city admin): correct the bank card after a failed payment. */
  correctBankCard: action(CorrectBankCardInput).returns<AidApplicationView>(),
  /** City admin: publish approved cases of a round as a notice (audited). */
  publishNotice: action(PublishNoticeInput).returns<NoticeView>(),
  /** Notices being served now (anyone). */
  notices: action(NoInput).returns<{ notices: NoticeSummary[] }>(),
  /** City admin: every notice (running and ended), newest first, with counts, open objections and its batch. */
  adminNotices: action(AdminNoticesInput).returns<{ items: AdminNoticeItem[]; nextCursor: string | null }>(),
  /** One notice being served (anyone); NOT_FOUND once its period is over. */
  notice: action(NoticeIdInput).returns<NoticeView>(),
  /** File an objection to one entry of a notice being served (anyone with an openid). */
  fileObjection: action(FileObjectionInput).returns<ObjectionView>(),
  /** City admin: objections. */
  objections: action(ObjectionsInput).returns<{ items: ObjectionView[] }>(),
  /** The objections the caller filed, newest first, with their status and the answer. */
  myObjections: action(NoInput).returns<{ items: ObjectionView[] }>(),
  /** City admin: settle an objection (upheld → the case is not paid). */
  resolveObjection: action(ResolveObjectionInput).returns<ObjectionView>(),
  /** City admin: a payment batch from a notice that has run out with no open objection. */
  createPaymentBatch: action(NoticeIdInput).returns<PaymentBatchView>(),
  /** City admin: one batch. */
  paymentBatch: action(z.object({ batchId: DocId('发放批次') }).strict()).returns<PaymentBatchView>(),
  /**
   * City admin: the bank file (full account numbers; audited), uploaded to storage; or, with `fileID`, an earlier
   * export served again. Files are deleted once the batch is fully recorded or 24 hours after their export.
   */
  exportBankFile: action(ExportBankFileInput).returns<{
    fileID: string;
    tempFileURL: string;
    count: number;
    totalFen: number;
    /** When the file will be deleted from storage at the latest. */
    deleteBy?: string;
  }>(),
  /** City admin: record a payment as paid or failed (idempotent). */
  recordPayment: action(RecordPaymentInput).returns<PaymentView>(),
  /** City admin: a new batch retrying failed payments whose bank card has been corrected. */
  retryFailed: action(z.object({ batchId: DocId('发放批次') }).strict()).returns<PaymentBatchView>(),
};
