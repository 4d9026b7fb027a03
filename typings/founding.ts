/**
 * Contract of union founding (建会申报, the organisation research notes (§1): the request an enterprise's
 * contact files (a case of type `union_founding`, `domain/founding`), the structured inputs of each later step
 * (recruits confirmed, union groups, candidate list, election result, the approval with its 文号 and 任期, the
 * women workers' committee, the union's profile, the legal-person certificate), and the `founding` function
 * (join link and joining, the approval PDF, supervision).
 */
import { z } from 'zod';
import { action } from './api';
import { CalendarDate } from './dates';
import { cloudFile } from './fields';
import { CaseDocId, plainName, userText } from './cases';
import { CreditCode, GridId } from './people';

const count = (label: string, min: number, max: number) =>
  z
    .number({ error: `请填写${label}（数字）` })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能少于 ${min}` })
    .max(max, { error: `${label}不能超过 ${max}` });

/** An 18-character unified social credit code, normalised (upper case), with its check character verified. */
const CreditCodeText = CreditCode.transform((v) => v.code);

/** A person named in a founding document (筹备组 member, candidate, officer): a name, never an id number. */
const OfficerName = (label: string) => plainName(label, 2, 20);

/** One member of the proposed preparatory group (筹备组, 3–5 people). */
export const PrepMemberInput = z
  .object({ name: OfficerName('筹备组成员姓名'), post: userText('筹备组成员职务', 2, 20) })
  .strict();

/** The request (建会请示): enterprise facts, the workers, the proposed preparatory group and the reason. */
export const FoundingFormInput = z
  .object({
    unitName: plainName('单位名称', 2, 60),
    creditCode: CreditCodeText,
    townId: GridId('所在乡镇').refine((id) => /^t\d{2}$/.test(id), { message: '请选择单位所在的乡镇（街道）' }),
    address: userText('单位地址', 4, 100),
    legalRep: OfficerName('法定代表人'),
    industry: userText('所属行业', 2, 30),
    employees: count('职工人数', 1, 100_000),
    womenEmployees: count('女职工人数', 0, 100_000),
    prepGroup: z
      .array(PrepMemberInput, { error: '请填写筹备组成员' })
      .min(3, { error: '筹备组由 3 至 5 人组成' })
      .max(5, { error: '筹备组由 3 至 5 人组成' }),
    reason: userText('建会理由', 10, 1000),
    partyOpinion: userText('单位党政意见', 2, 300),
    materials: z.array(cloudFile('附件材料')).max(9, { error: '附件材料最多 9 个' }).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.womenEmployees > f.employees)
      ctx.addIssue({ code: 'custom', path: ['womenEmployees'], message: '女职工人数不能多于职工人数' });
    if (new Set(f.prepGroup.map((m) => m.name)).size !== f.prepGroup.length)
      ctx.addIssue({ code: 'custom', path: ['prepGroup'], message: '筹备组成员姓名重复' });
  });
export type FoundingForm = z.output<typeof FoundingFormInput>;

// ---------------------------------------------------------------------------------------------
// Step inputs

/** The recruits the preparatory group confirms at the end of recruiting: must equal the joins on record. */
export const RecruitsInput = z.object({ members: count('会员人数', 1, 100_000) }).strict();
export type Recruits = z.output<typeof RecruitsInput>;

export const UnionGroupInput = z
  .object({ name: userText('小组名称', 2, 30), leader: OfficerName('小组长姓名'), members: count('小组人数', 1, 5000) })
  .strict();
/** The union groups (工会小组) set up among the members. */
export const GroupsInput = z
  .object({ groups: z.array(UnionGroupInput).min(1, { error: '请至少建立一个工会小组' }).max(100) })
  .strict();
export type Groups = z.output<typeof GroupsInput>;

/** A candidate's post in the enterprise, as the chairman rule reads it (企业工会主席产生办法 art. 6). */
export const CANDIDATE_POSTS = ['staff', 'head', 'deputy_head', 'partner', 'hr_head'] as const;
export const CANDIDATE_POST_LABELS: Record<(typeof CANDIDATE_POSTS)[number], string> = {
  staff: '普通职工',
  head: '企业行政负责人',
  deputy_head: '企业行政副职',
  partner: '合伙人',
  hr_head: '人力资源部门负责人',
};
/** A candidate's kinship to the enterprise's head or a partner (近亲属). */
export const KINSHIPS = ['none', 'spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'] as const;
export const KINSHIP_LABELS: Record<(typeof KINSHIPS)[number], string> = {
  none: '无',
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '（外）祖父母',
  grandchild: '（外）孙子女',
};

export const CandidateInput = z
  .object({
    name: OfficerName('候选人姓名'),
    post: z.enum(CANDIDATE_POSTS, { error: '请选择候选人在企业的职务' }),
    kinship: z.enum(KINSHIPS, { error: '请选择候选人与企业负责人、合伙人的亲属关系' }),
    foreign: z.boolean({ error: '请说明候选人是否外籍职工' }),
    /** A chairman candidate (主席候选人). */
    forChairman: z.boolean().default(false),
  })
  .strict();
export type Candidate = z.output<typeof CandidateInput>;

export const ASSEMBLY_KINDS = ['members', 'delegates'] as const;
export const ASSEMBLY_LABELS: Record<(typeof ASSEMBLY_KINDS)[number], string> = {
  members: '会员大会',
  delegates: '会员代表大会',
};

/** The candidate list reported to the upper union (候选人名单), with the seats and the assembly. */
export const CandidatesInput = z
  .object({
    assembly: z.enum(ASSEMBLY_KINDS, { error: '请选择召开会员大会还是会员代表大会' }),
    delegates: count('会员代表人数', 0, 10_000).default(0),
    committeeSeats: count('委员会委员名额', 1, 31),
    auditSeats: count('经费审查委员会委员名额', 0, 9),
    committee: z.array(CandidateInput).min(1, { error: '请填写委员会候选人' }).max(60),
    audit: z.array(CandidateInput).max(20).default([]),
  })
  .strict();
export type Candidates = z.output<typeof CandidatesInput>;

export const CandidateVoteInput = z
  .object({ name: OfficerName('候选人姓名'), votes: count('得票数', 0, 100_000) })
  .strict();

/** The election result (选举结果): those due and present, each candidate's votes, the chairman elected. */
export const ElectionInput = z
  .object({
    due: count('应到人数', 1, 100_000),
    present: count('实到人数', 0, 100_000),
    womenMembers: count('女会员人数', 0, 100_000),
    committee: z.array(CandidateVoteInput).min(1).max(60),
    audit: z.array(CandidateVoteInput).max(20).default([]),
    chairman: OfficerName('当选主席'),
    heldOn: CalendarDate('选举日期'),
  })
  .strict();
export type Election = z.output<typeof ElectionInput>;

/** 文号 as the upper union numbers its documents: `松工〔2026〕15号`. */
export const DOC_NUMBER = /^[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d{1,4}号$/;

/** The approval (批复) of the election result: its document number (文号), typed by the town's staff. */
export const DocNumberInput = z
  .string({ error: '请填写文号' })
  .trim()
  .regex(DOC_NUMBER, { error: '文号格式应如“松工〔2026〕15号”' });

/** The term (任期) in years, typed as a digit: 3 to 5 years, as the 批复 states it. */
export const TermYearsInput = z
  .string({ error: '请填写任期（年）' })
  .trim()
  .regex(/^[345]$/, { error: '任期为 3 至 5 年，请填写 3、4 或 5' })
  .transform(Number);

/** The approval as the case keeps it. */
export interface Approval {
  docNumber: string;
  termYears: number;
  issuedOn: string;
  termEnd: string;
}

/** The women workers' committee (女职工委员会). */
export const WomenCommitteeInput = z
  .object({
    chair: OfficerName('女职工委员会主任'),
    members: z.array(OfficerName('女职工委员会委员')).min(2, { error: '女职工委员会至少 3 人' }).max(15),
  })
  .strict();
export type WomenCommittee = z.output<typeof WomenCommitteeInput>;

/** The union's profile (工会信息完善). */
export const UnionProfileInput = z
  .object({
    unionName: plainName('工会全称', 4, 60),
    address: userText('工会地址', 4, 100),
    fullTimeStaff: count('专职工会干部人数', 0, 100),
    womenOfficer: OfficerName('女职工委员').optional(),
  })
  .strict();
export type UnionProfile = z.output<typeof UnionProfileInput>;

/** The legal-person certificate (工会法人资格证书): its code and validity. */
export const CertificateInput = z
  .object({
    unionCreditCode: CreditCodeText,
    issuedOn: CalendarDate('发证日期'),
    validUntil: CalendarDate('有效期至'),
  })
  .strict()
  .refine((c) => c.validUntil > c.issuedOn, { message: '有效期应晚于发证日期', path: ['validUntil'] });
export type Certificate = z.output<typeof CertificateInput>;

// ---------------------------------------------------------------------------------------------
// The `founding` function

/** What the preparatory group shares: a join link (and its QR code on the page) for one founding. */
export interface JoinLink {
  caseId: string;
  unitName: string;
  /** The mini-program path a worker opens (`pages/join/index?code=…`). */
  path: string;
  code: string;
  recruits: number;
  /**
   * The QR code the group prints or forwards (a GIF data URL for `<image src>`): the https link registered under
   * 扫普通链接二维码打开小程序 with the code (`<UNION_JOIN_QR_URL>?code=…`); WeChat's scanner opens the join page
   * with the link as `q`.
   */
  qr: string;
  qrUrl: string;
}

/** What a worker sees before joining through a link. */
/** The worker's own application filed through a join link: a joining (入会申请) or a transfer (会员关系转接) case. */
export interface JoinApplication {
  caseId: string;
  title: string;
  statusLabel: string;
}

export interface JoinPreview {
  unitName: string;
  stepLabel: string;
  open: boolean;
  joined: boolean;
  /** What joining through this link filed for the viewer, to follow on its case page. */
  application: JoinApplication | null;
  /**
   * The union the viewer is already a member of, when it is not this unit's: joining here is a transfer
   * (会员关系转接), which the viewer chooses — never a second membership.
   */
  memberOf: string | null;
}

const JoinCode = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: '入会二维码无效，请重新扫码' });

export const JoinCodeInput = z.object({ code: JoinCode }).strict();

/** Joining through the link: `transfer` — the member of another union chose to move the membership here. */
export const FoundingJoinInput = z.object({ code: JoinCode, transfer: z.boolean().optional() }).strict();

export interface JoinResult {
  /** False when this person had already joined through the link (a repeat changes nothing). */
  joined: boolean;
  recruits: number;
  application: JoinApplication | null;
}

/** Supervision (督导): requests by step and overdue, for the town or the city. */
export interface FoundingBoard {
  scopeName: string;
  steps: { state: string; label: string; count: number; overdue: number }[];
  /** Unions founded through this service (entered the registry), in scope. */
  foundedOnline: number;
  open: number;
  overdue: number;
}

export const BoardInput = z.object({ nodeId: GridId('范围').optional() }).strict();

/** The approval document as a link the viewer may open for a few minutes. */
export interface ApprovalDocument {
  docNumber: string;
  title: string;
  url: string;
  issuedOn: string;
}

export const foundingContract = {
  /** The preparatory group (the case's applicant): the join link of its founding while recruiting. */
  joinLink: action(z.object({ caseId: CaseDocId }).strict()).returns<JoinLink>(),
  /** Any signed-in person: what a join link is for. */
  joinPreview: action(JoinCodeInput).returns<JoinPreview>(),
  /**
   * A worker with a profile joins the union being founded (once; idempotent) through the membership flow: a
   * 入会申请 to the town's union as 预备会员 of the unit (the registry step moves them into the new union), or, for a
   * member of another union who chose it, a 会员关系转接.
   */
  join: action(FoundingJoinInput).returns<JoinResult>(),
  /** The applicant or staff in scope: a short-lived link to the approval PDF. */
  approval: action(z.object({ caseId: CaseDocId }).strict()).returns<ApprovalDocument>(),
  /** Town staff and the city: requests by step, overdue ones, unions founded online. */
  board: action(BoardInput).returns<FoundingBoard>(),
};
