/**
 * Contract of the `cases` function: one case-workflow engine for every application type
 * (appeals 诉求, consultations 咨询, and the aid programmes that register their own declarations).
 *
 * A case moves through the states its type declares; every transition is an immutable history
 * entry the applicant sees as a timeline. Forms are validated by the case type's own schema
 * (`appealFormSchema`, `consultationFormSchema`, …) on the phone and again in the function.
 */
import { z } from 'zod';
import { action, NoInput } from './api';
import { chinaMonth } from '../common/china-time';
import { choice, cloudFile, fieldError } from './fields';
import type { GridLevel } from './grid';
import { plainText, type StaffRole } from './people';
import { CalendarDate } from './dates';

// ---------------------------------------------------------------------------------------------
// Text fields: the same rules on the phone and in the function.

/** Zero-width and other invisible format characters people paste by accident (or to dodge filters). */
const INVISIBLE = /[\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF\u00AD]/;
/** Control characters except tab and newlines. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Emoji and pictographs (not allowed in names, allowed in free text). */
const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * Free text a person writes (facts, messages, comments), named by `label`: trimmed, bounded, no invisible
 * characters. Blank → `请填写<label>`; too short → `<label>至少 N 个字`; too long → `<label>不能超过 N 个字`.
 */
export function userText(label: string, min: number, max: number) {
  return z
    .string({ error: fieldError(label, `${label}必须是文字`) })
    .trim()
    .min(min, { error: fieldError(label, `${label}至少 ${min} 个字`) })
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((s) => !INVISIBLE.test(s) && !CONTROL.test(s), { message: `${label}含有看不见的字符，请删除后重试` });
}

/** A short name (employer, city): like {@link userText}, and no emoji. */
export function plainName(label: string, min: number, max: number) {
  return userText(label, min, max).refine((s) => !EMOJI.test(s), { message: `${label}不能包含表情符号` });
}

/** A document id as the database hands it out. */
export const CaseDocId = z
  .string({ error: fieldError('事项编号', '事项编号格式不正确') })
  .trim()
  .min(1, { error: '缺少事项编号' })
  .max(64, { error: '事项编号格式不正确' })
  .regex(/^[A-Za-z0-9_:.-]+$/, { error: '事项编号格式不正确' });

/** A file uploaded to cloud storage by the client (`cloud://env.bucket/path`). */
export const CloudFileId = cloudFile('附件');

// ---------------------------------------------------------------------------------------------
// Uploads: every file a case references lies under the uploader's own prefix.

/** Photo extensions (checked with `security.imgSecCheck`). */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp'] as const;
/** Document extensions (shown with `wx.openDocument`). */
export const DOCUMENT_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx'] as const;
/** Video extensions (activity posts): WeChat cannot check video, so a person reviews each before it is shown. */
export const VIDEO_EXTENSIONS = ['mp4'] as const;
export const UPLOAD_EXTENSIONS = [...IMAGE_EXTENSIONS, ...DOCUMENT_EXTENSIONS, ...VIDEO_EXTENSIONS] as const;
export type UploadExtension = (typeof UPLOAD_EXTENSIONS)[number];

/**
 * Where an upload goes: `uploads/<sha256(openid), first 16 hex>/<yyyymm>/<random>.<ext>`. The
 * function hands out the caller's prefix (`cases.uploadPath`); it accepts in a case only files under
 * the caller's own prefix, so nobody can attach someone else's file.
 */
export const UPLOAD_PATH = /^uploads\/([0-9a-f]{16})\/(\d{6})\/([A-Za-z0-9_-]{8,64})\.([a-z][a-z0-9]{2,3})$/;

/** The storage path of a new upload under `prefix` (`uploads/<hash>/`), in China time's month. */
export function uploadCloudPath(prefix: string, ext: UploadExtension, at: Date, random: string): string {
  return `${prefix}${chinaMonth(at)}/${random}.${ext}`;
}

/** True for a file id whose extension marks a photo. */
export function isImageFile(fileID: string): boolean {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileID)?.[1]?.toLowerCase() ?? '';
  return (IMAGE_EXTENSIONS as readonly string[]).includes(ext);
}

/** Ask for the storage path of one new upload (the extension decides how the file is checked). */
export const UploadPathInput = z
  .object({
    ext: z.enum(UPLOAD_EXTENSIONS, { message: '不支持的文件类型（可上传照片、视频或 PDF、Word、Excel 文件）' }),
  })
  .strict();

/** The caller's upload prefix and a fresh path under it. */
export interface UploadPath {
  prefix: string;
  cloudPath: string;
}

// ---------------------------------------------------------------------------------------------
// The engine's vocabulary.

/**
 * An action's name: a verb its case type declares (`accept`, `approve`, aid's `publish`…). The engine's common
 * verbs and each type's own verbs live with the engine and the declarations; the contract only fixes the shape.
 */
export type CaseAction = string;

/** A verb as an input carries it (the case's type decides whether it exists). */
export const CaseVerb = z
  .string()
  .regex(/^[a-z][a-z_]{1,31}$/, { message: '不支持的操作' })
  .refine((v) => v !== 'submit', { message: '不支持的操作' });

/** Who took a step: the applicant, a staff role, or the system (timer). */
export type CaseRole = 'applicant' | StaffRole | 'system';

/** What an action needs besides the case and version. */
export type ActionNeed = 'comment' | 'reason' | 'targetNode' | 'rating' | 'form';

/** An action the caller may take now, as offered with the case detail. */
export interface AvailableAction {
  action: CaseAction;
  label: string;
  needs: ActionNeed[];
  /** Structured inputs the action takes (an opinion, a visit record…): the client shows a field for each. */
  inputs?: ActionInputInfo[];
}

/**
 * How the client asks for a structured input: a text area, a home-visit record (date, findings, photos), or photo
 * proof taken on site (photos, where they were taken or that the place was refused, a note), or a collective-contract
 * step's record (`agreement`: dates, counts and names, filled on the contract page, `domain/agreements`).
 */
export type ActionInputKind =
  | 'text'
  | 'visit'
  | 'photos'
  | 'task_report'
  | 'extension'
  | 'agreement'
  | 'founding_recruits'
  | 'founding_groups'
  | 'founding_candidates'
  | 'founding_election'
  | 'founding_women'
  | 'founding_profile'
  | 'founding_certificate';

/** One structured input of an action, as offered with the case detail. */
export interface ActionInputInfo {
  /** The key under `inputs` in `cases.act`. */
  name: string;
  label: string;
  kind: ActionInputKind;
  required: boolean;
  /** For `text`: the length limits. */
  minLength?: number;
  maxLength?: number;
}

/** One entry of the applicant-visible timeline (from `case_history`). */
export interface TimelineEntry {
  seq: number;
  action: CaseAction;
  actionLabel: string;
  from: string | null;
  to: string;
  toLabel: string;
  at: string;
  role: CaseRole;
  /** Masked name of the person or staff member who acted (`张*三`), or `系统`. */
  actorName: string;
  comment?: string;
  /**
   * The step's text is a message of the thread (a comment or a reply): pages show it once, in the thread, and
   * the timeline only notes the step. The text of other steps (a request for more, a refusal) stays here.
   */
  inThread?: boolean;
  /** Grid node the case went to, for transfer/escalate. */
  nodeName?: string;
  /** The step's structured inputs in words (`审核意见：情况属实`), those the viewer may see. */
  details?: string[];
  /** Staff acted for the applicant (代办). */
  onBehalf?: boolean;
}

/** A message of a case thread (consultation questions/answers, appeal comments and replies). */
export interface CaseMessage {
  _id: string;
  seq: number;
  author: 'applicant' | 'staff';
  authorName: string;
  text: string;
  at: string;
  /** Held for staff review by the content check; the other party does not see it until released. */
  held: boolean;
  /** Photos and documents sent with the message (hidden from the other party while held; absent = none). */
  attachments?: string[];
}

/** A case as lists show it (no form details, masked name). */
export interface CaseSummary {
  _id: string;
  type: string;
  typeTitle: string;
  status: string;
  statusLabel: string;
  category: string;
  categoryLabel: string;
  /** A short, non-sensitive title (e.g. `欠薪 · 某某建筑公司`). */
  title: string;
  applicantName: string;
  nodeId: string;
  nodeName: string;
  level: GridLevel;
  open: boolean;
  dueAt: string | null;
  overdue: boolean;
  /** How many times the case was escalated for being overdue. */
  overdueCount: number;
  /** Content held for staff review (the case text or a message). */
  held: boolean;
  /** Where the applicant lives (town + village, or town), for staff telling cases apart. */
  applicantPlace: string;
  /** The page this case opens on for its applicant (its type's; `?id=` is added). */
  detailPage: string;
  /** Its open cases belong on the home page's "waiting" list (its type says). */
  onHome: boolean;
  /** Since when the case waits at its current step (for staff: 已等 3 天). */
  stepSince: string | null;
  /** Consultations: since when the person waits for an answer (null when answered). */
  waitingSince: string | null;
  /** Minutes waited so far (for the inbox), null when not waiting. */
  waitingMinutes: number | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One labelled line of what was submitted, as its viewer may see it: built on the server from the case type's
 * declaration (only declared fields; money in 元, dates as days, choices in words, names masked per role), so a
 * page renders every type the same way and never shows an internal id, a hash or a field name.
 */
export interface SubmissionLine {
  key: string;
  label: string;
  /** The value in words; '' for `files`. */
  value: string;
  /** `text` on one line with its label; `longtext` as a block that wraps; `files` as thumbnails; `note` a remark. */
  kind: 'text' | 'longtext' | 'files' | 'note';
  /** `files`: the uploaded files (photos shown as thumbnails). */
  files?: string[];
  /** Something staff should look at (a failed check, a difference): shown highlighted. */
  attention?: boolean;
}

/** How staff reach the applicant: the phone masked, revealed in full by `cases.revealPhone` (audited). */
export interface CaseContact {
  /** Masked name of the applicant. */
  name: string;
  /** `138****5678`, or null when the person left no phone. */
  phoneMasked: string | null;
}

/** A case with everything the caller may see and do. */
export interface CaseDetail extends CaseSummary {
  version: number;
  /** The submitted form as stored (for resubmission forms); pages show {@link CaseDetail.submission}. */
  form: Record<string, unknown>;
  /** What was submitted, as labelled lines for this viewer (the applicant sees their own data in full). */
  submission: SubmissionLine[];
  /** Staff handling the case: how to reach the applicant (null for the applicant and others). */
  contact: CaseContact | null;
  timeline: TimelineEntry[];
  messages: CaseMessage[];
  availableActions: AvailableAction[];
  rating: { score: number; satisfied: boolean; comment?: string } | null;
  reopenCount: number;
  eligibility?: { eligible: boolean; reasons: string[]; rulesVersion: string } | null;
  /**
   * How the caller relates to the case: `applicant` (it is about them), `staff` (in scope now), `proxy` (their
   * node filed it for the person), `initiator` (their node issued it), `readonly` (staff whose node handled it
   * before it moved on: they see it and where it is now, and take no action).
   */
  access: CaseAccess;
  /** Who filed it when not the person themself (`王*（信息采集员）代办`, `翠林山村 王*（信息采集员）发起`). */
  filedBy?: string;
  /** A case that fanned out: its children's progress. */
  children?: CaseChildren;
  /** Staff: a page with more of the case (its type's), and the button's words. */
  moreDetail?: { page: string; label: string };
  /** The applicant corrects the form on this page after a request for more information (its type's). */
  resubmitPage?: string;
  /** Staff: the case's files listed apart, from which function, under which heading (its type's). */
  files?: { source: 'case' | 'aid'; heading: string };
}

/** The progress of the child cases one submission created (one task sent to many villages). */
export interface CaseChildren {
  /** The children's type, e.g. `走访任务`. */
  typeTitle: string;
  total: number;
  /** Children created so far (all of them once `pending` is false). */
  created: number;
  pending: boolean;
  /** How many children are at each stage (the child type's declared stages, else its states). */
  byStage: { key: string; label: string; count: number }[];
}

/** How a caller relates to a case they may see. */
export type CaseAccess = 'applicant' | 'staff' | 'proxy' | 'initiator' | 'readonly';

/** A page of a list with a keyset cursor (opaque to the client). */
export interface CasePage<T = CaseSummary> {
  items: T[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// Appeal and consultation forms.

export const APPEAL_CATEGORIES = [
  'wage_arrears',
  'labor_contract',
  'work_injury',
  'social_insurance',
  'work_safety',
  'other',
] as const;
export type AppealCategory = (typeof APPEAL_CATEGORIES)[number];
export const APPEAL_CATEGORY_LABELS: Record<AppealCategory, string> = {
  wage_arrears: '欠薪',
  labor_contract: '劳动合同',
  work_injury: '工伤',
  social_insurance: '社会保险',
  work_safety: '劳动安全',
  other: '其他',
};

export const CONTACT_PREFERENCES = ['phone', 'wechat', 'visit'] as const;
export const CONTACT_PREFERENCE_LABELS: Record<(typeof CONTACT_PREFERENCES)[number], string> = {
  phone: '电话联系',
  wechat: '微信里回复',
  visit: '上门或到工会面谈',
};

/** The appeal (诉求) form. */
export const appealFormSchema = z
  .object({
    category: choice(APPEAL_CATEGORIES, '诉求类别'),
    facts: userText('事实经过', 10, 2000),
    employer: plainName('用人单位', 2, 60),
    /** The city where the person works now. */
    workCity: plainName('务工城市', 2, 30),
    /** Photos and documents uploaded to storage by the client. */
    attachments: z.array(CloudFileId).max(9, { message: '最多 9 个附件' }).default([]),
    contactPreference: choice(CONTACT_PREFERENCES, '联系方式'),
    /** Wage arrears: the amount owed, integer fen. */
    amountOwedFen: z
      .number({ error: fieldError('拖欠金额', '拖欠金额必须是数字') })
      .int({ error: '拖欠金额最多精确到分' })
      .min(0, { error: '拖欠金额不能是负数' })
      .max(100_000_000_00, { error: '拖欠金额过大，请核对' })
      .optional(),
  })
  .strict();
export type AppealForm = z.output<typeof appealFormSchema>;

export const CONSULTATION_CATEGORIES = ['policy', 'employment', 'school', 'hardship', 'rights'] as const;
export type ConsultationCategory = (typeof CONSULTATION_CATEGORIES)[number];
export const CONSULTATION_CATEGORY_LABELS: Record<ConsultationCategory, string> = {
  policy: '政策咨询',
  employment: '创业就业',
  school: '子女入学',
  hardship: '困难帮扶',
  rights: '权益维护',
};

/** The consultation (咨询) form: a category and the first question. */
export const consultationFormSchema = z
  .object({
    category: choice(CONSULTATION_CATEGORIES, '咨询类别'),
    question: userText('咨询内容', 5, 1000),
  })
  .strict();
export type ConsultationForm = z.output<typeof consultationFormSchema>;

// ---------------------------------------------------------------------------------------------
// Inputs.

const CaseType = z
  .string()
  .trim()
  .regex(/^[a-z][a-z_]{1,31}$/, { message: '不支持的事项类型' });

/** Submit a case: the form is validated against the case type's schema (fields named `form.<field>`). */
/**
 * Filing for someone else (代办): a collector or town staff member files for a person in their scope who has no
 * smartphone, with a photo of the person's signed paper consent (uploaded by the filer).
 */
export const OnBehalfOfInput = z
  .object({
    personId: CaseDocId,
    /** The signed paper consent to file this for them (a photo the filer uploaded). */
    consentFileId: CloudFileId,
  })
  .strict();

export const SubmitCaseInput = z
  .object({ type: CaseType, form: z.record(z.string(), z.unknown()), onBehalfOf: OnBehalfOfInput.optional() })
  .strict();

export const RatingInput = z
  .object({
    score: z
      .number({ error: fieldError('评分', '评分必须是 1–5 颗星', '选择') })
      .int({ error: '评分必须是 1–5 颗星' })
      .min(1, { error: '评分必须是 1–5 颗星' })
      .max(5, { error: '评分必须是 1–5 颗星' }),
    satisfied: z.boolean(),
    comment: userText('评价内容', 1, 500).optional(),
  })
  .strict();

/** A home-visit record (入户核实): when, what was found, photos taken there by the visiting staff member. */
export const VisitRecordInput = z
  .object({
    visitedOn: CalendarDate('走访日期'),
    findings: plainText('走访情况', 1000, 5),
    photoFileIds: z.array(cloudFile('走访照片')).max(9, { error: '走访照片最多 9 张' }).default([]),
  })
  .strict();
export type VisitRecord = z.output<typeof VisitRecordInput>;

/**
 * Photo proof of on-site work: photos taken there (uploaded by the actor), where (or that the person refused to
 * share the place: recorded, never faked), and a note. The server's time of the step stamps it.
 */
export const PhotoProofInput = z
  .object({
    photoFileIds: z
      .array(cloudFile('现场照片'))
      .min(1, { error: '请拍摄现场照片' })
      .max(9, { error: '现场照片最多 9 张' }),
    location: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .strict()
      .nullable()
      .default(null),
    note: userText('情况说明', 0, 500).default(''),
  })
  .strict();
export type PhotoProof = z.output<typeof PhotoProofInput>;

/** The structured inputs of an action by name; each is validated by the case type's declaration. */
const ActionInputs = z
  .record(z.string().regex(/^[a-z][A-Za-z_]{0,31}$/, { message: '不支持的输入项' }), z.unknown())
  .refine((v) => Object.keys(v).length <= 8 && JSON.stringify(v).length <= 20_000, { message: '输入内容过多' });

/** Take an action on a case, at the version the caller saw (compare-and-set). */
export const ActCaseInput = z
  .object({
    caseId: CaseDocId,
    action: CaseVerb,
    version: z.number().int().min(1),
    comment: userText('说明', 1, 1000).optional(),
    reason: userText('理由', 2, 500).optional(),
    targetNodeId: CaseDocId.optional(),
    rating: RatingInput.optional(),
    /**
     * The corrected form: only on an action the case type declares to carry one (the applicant's `resubmit`
     * after `request_info`, a staff `correct` with a reason); any other action with a form is refused.
     */
    form: z.record(z.string(), z.unknown()).optional(),
    /** Photos and documents sent with the comment or reply, uploaded under the caller's own prefix. */
    attachments: z.array(CloudFileId).max(9, { message: '最多 9 个附件' }).optional(),
    /** Structured inputs the action declares (`opinion`, `visit`…), validated by the case type. */
    inputs: ActionInputs.optional(),
  })
  .strict();

export const CaseIdInput = z.object({ caseId: CaseDocId }).strict();

/**
 * A file of a case as a viewer gets it: what it is and a short-lived link (a few minutes), handed out by a function
 * after checking the case's scope — the storage rules let no client read a file someone else uploaded.
 */
export interface CaseFile {
  /** The file (to match it with the submission's lines); a phone cannot read someone else's file by it. */
  fileID: string;
  /** Where it belongs: `form.attachments.0`, `message.<id>.0`, `child.admissionLetterFileId`, `homeVisits.0.photos.1`. */
  field: string;
  /** What it is, in Chinese: 照片或材料 1, 录取通知书, 入户核实照片（2026-03-02）. */
  label: string;
  /** Images show as thumbnails that open full size; documents open with the system viewer. */
  kind: 'image' | 'document';
  /** The link, or null when the file is no longer in storage. */
  url: string | null;
  /** When the link stops working (ISO). */
  expiresAt: string;
}

/** The files of a case the caller may see. */
export interface CaseFiles {
  files: CaseFile[];
}

/** Opaque keyset cursor returned by a list. */
const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_:.|-]+$/, { message: '分页标记无效' });

export const MyCasesInput = z
  .object({ type: CaseType.optional(), cursor: Cursor.optional(), limit: z.number().int().min(1).max(50).optional() })
  .strict();

/** A staff queue: open cases in the caller's scope, ordered by due date. */
export const QueueInput = z
  .object({
    type: CaseType.optional(),
    status: z
      .string()
      .regex(/^[a-z_]{2,32}$/, { message: '状态无效' })
      .optional(),
    overdue: z.boolean().optional(),
    townId: CaseDocId.optional(),
    villageId: CaseDocId.optional(),
    /** Only cases whose responsible node is at this level. */
    level: z.enum(['city', 'town', 'village']).optional(),
    held: z.boolean().optional(),
    cursor: Cursor.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const ReleaseInput = z.object({ caseId: CaseDocId, messageId: CaseDocId.optional() }).strict();

export const IncidentIdInput = z.object({ incidentId: CaseDocId }).strict();
export const IncidentsInput = z.object({ cursor: Cursor.optional() }).strict();

/** A holiday or an adjusted working day (调休) of the calendar. */
export const HolidayInput = z
  .object({
    date: CalendarDate('日期'),
    kind: z.enum(['holiday', 'workday']),
    name: plainName('节假日名称', 1, 30),
  })
  .strict();

/** A side effect that failed after its retries (a subscribe message, a case type's hook), for an administrator. */
export interface Incident {
  _id: string;
  kind: 'subscribe_message' | 'hook';
  caseId: string | null;
  status: 'failed' | 'sent';
  attempts: number;
  lastError: string;
  createdAt: string;
  updatedAt: string;
}

/** A case type as the client may list it. */
export interface CaseTypeInfo {
  type: string;
  title: string;
  categories: { value: string; label: string }[];
  /** People file it about themselves (else staff issue it, or only another case creates it). */
  personFiled: boolean;
  /** Staff roles that may file it for a person in their scope (代办). */
  onBehalf: StaffRole[];
  /** Staff roles that issue it from their node. */
  issuedBy: StaffRole[];
  /** How the mini-program lists, opens and files it. */
  client: CaseTypeClient;
  /** Its states and stages with the words people see. */
  states: { key: string; label: string }[];
  stages: { key: string; label: string }[];
  /** Its actions with their labels and the inputs each declares (the first state's rule that declares any). */
  verbs: { verb: string; label: string; inputs: ActionInputInfo[] }[];
  /** Its form's shown fields, in order, with their labels and formats (as the submission lines show them). */
  fields: CaseTypeField[];
}

/** One shown field of a type's form. */
export interface CaseTypeField {
  key: string;
  label: string;
  format: 'text' | 'longtext' | 'money' | 'files' | 'node' | 'list' | 'yesno';
  /** Value → words, for a field with fixed choices. */
  options?: Record<string, string>;
}

/** What the mini-program needs of a case type to list, open and file it (declared with the type). */
export interface CaseTypeClient {
  /** Where a person files it (absent: not filed from the catalogue). */
  submitPage?: string;
  /** Its tile on the home page. */
  catalogue?: { key: string; name: string; hint: string; order: number };
  /** Where one case opens for its applicant (`?id=<caseId>` is added). */
  detailPage: string;
  /** A page with more of the case for staff, and the button's words (aid: the application with its checks). */
  moreDetail?: { page: string; label: string };
  /** Where the applicant corrects the form after a request for more information (`?resubmit=<caseId>` is added). */
  resubmitPage?: string;
  /** Staff: the case's files listed apart on its page, from which function (aid: the letter and visit photos too). */
  files?: { source: 'case' | 'aid'; heading: string };
  /** The staff queue's filter for it, and the page title when filtered to it. */
  queue: { label: string; title: string };
  /** Its open cases are listed as "waiting" on the home page (aid applications have their own list). */
  onHome: boolean;
}

export const casesContract = {
  /** The case types people can submit, with their categories. */
  types: action(NoInput).returns<{ types: CaseTypeInfo[] }>(),
  /** Where the caller uploads a file a case may reference (their own prefix). */
  uploadPath: action(UploadPathInput).returns<UploadPath>(),
  /** Submit a case (idempotent on the client request id). */
  submit: action(SubmitCaseInput).returns<CaseDetail>(),
  /** One case with its timeline, messages and the actions the caller may take now. */
  get: action(CaseIdInput).returns<CaseDetail>(),
  /**
   * Short-lived links to the case's files (the form's and the thread's), for its applicant or staff whose scope
   * covers it; a staff member's view is audited.
   */
  files: action(CaseIdInput).returns<CaseFiles>(),
  /** Staff handling the case: the applicant's phone in full, to call them (audited). */
  revealPhone: action(CaseIdInput).returns<{ phone: string }>(),
  /** The caller's own cases, newest first. */
  mine: action(MyCasesInput).returns<CasePage>(),
  /** Take an action on a case (compare-and-set on `version`). */
  act: action(ActCaseInput).returns<CaseDetail>(),
  /** Staff queue: open cases in scope, by due date (consultations: unanswered first). */
  queue: action(QueueInput).returns<CasePage>(),
  /** Staff: release content held by the content check (the case text or one message). */
  release: action(ReleaseInput).returns<CaseDetail>(),
  /** City admin: failed side effects. */
  incidents: action(IncidentsInput).returns<{ items: Incident[]; nextCursor: string | null }>(),
  /** City admin: retry a failed side effect. */
  retryIncident: action(IncidentIdInput).returns<Incident>(),
  /** City admin: add or change a holiday / adjusted working day. */
  setHoliday: action(HolidayInput).returns<{ date: string; kind: 'holiday' | 'workday' }>(),
};
