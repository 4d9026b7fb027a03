/**
 * Contract of collective contracts (集体合同 and its special kinds, `domain/agreements`): the offer that starts a
 * case about an enterprise, the records each step takes (the written answer, the meeting plan, the data handed
 * over, the draft, the workers' congress vote with its counts, the signatures, the filing, the review opinion,
 * the publication) and the `agreements` function's reads (the filing pack).
 *
 * Named "agreements" because "contracts" in this repository means the typed function contracts of `typings/`.
 */
import { z } from 'zod';
import { action } from './api';
import { CalendarDate } from './dates';
import { choice, fieldError } from './fields';
import { CaseDocId, userText } from './cases';
import { IdNumber, PersonName } from './people';

export const AGREEMENT_KINDS = ['comprehensive', 'wage', 'women', 'safety'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_KIND_LABELS: Record<AgreementKind, string> = {
  comprehensive: '综合集体合同',
  wage: '工资专项集体合同',
  women: '女职工权益保护专项集体合同',
  safety: '安全生产专项集体合同',
};

/** Which side sent the offer to negotiate (要约). */
export const OFFER_SIDES = ['union', 'enterprise'] as const;
export const OFFER_SIDE_LABELS: Record<(typeof OFFER_SIDES)[number], string> = {
  union: '工会（职工方）',
  enterprise: '企业方',
};

/** A whole number within bounds, with the field named in the message. */
export function wholeNumber(label: string, min: number, max: number) {
  return z
    .number({ error: fieldError(label, `${label}必须是整数`) })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能少于 ${min}` })
    .max(max, { error: `${label}不能超过 ${max}` });
}

/** The case's form: an offer to negotiate a contract of one kind with one enterprise (a unit of the registry). */
export const AgreementFormInput = z
  .object({
    kind: choice(AGREEMENT_KINDS, '合同类型'),
    unitId: z.string({ error: '请选择企业' }).trim().min(1, { error: '请选择企业' }).max(64, { error: '企业无效' }),
    offeredBy: choice(OFFER_SIDES, '要约方'),
    offeredOn: CalendarDate('要约日期'),
    /** What the offer asks to negotiate (the issues), in a few lines. */
    summary: userText('要约内容', 4, 500),
    /** The contract this one renews (its case), when it is a renewal. */
    renews: CaseDocId.nullable().default(null),
  })
  .strict();
export type AgreementForm = z.output<typeof AgreementFormInput>;

/** The other side's written answer (书面回应), within 20 days of the offer. */
export const AnswerInput = z
  .object({
    answeredOn: CalendarDate('回应日期'),
    /** An answer may not refuse without reason: a refusal carries one and ends the case. */
    agreed: z.boolean({ error: '请选择是否同意协商' }),
    content: userText('回应内容', 2, 500),
  })
  .strict();
export type AnswerRecord = z.output<typeof AnswerInput>;

/** The first negotiation meeting, planned (wage talks: within 10 working days of the answer). */
export const MeetingInput = z
  .object({ meetingOn: CalendarDate('协商会议日期'), place: userText('会议地点', 2, 60) })
  .strict();
export type MeetingRecord = z.output<typeof MeetingInput>;

/** The enterprise hands over wage and finance data (wage talks: 5 working days before the meeting). */
export const DataHandoverInput = z
  .object({ handedOverOn: CalendarDate('提供资料日期'), items: userText('提供的资料', 2, 300) })
  .strict();
export type DataHandoverRecord = z.output<typeof DataHandoverInput>;

/** The draft both chief negotiators signed, with the term it proposes (1–3 years; a wage contract 1 year). */
export const DraftInput = z
  .object({
    draftedOn: CalendarDate('草案形成日期'),
    startsOn: CalendarDate('合同起始日期'),
    termYears: wholeNumber('合同期限（年）', 1, 3),
    unionChief: userText('职工方首席代表', 2, 20),
    enterpriseChief: userText('企业方首席代表', 2, 20),
    highlights: userText('主要条款', 4, 1000),
  })
  .strict();
export type DraftRecord = z.output<typeof DraftInput>;

/** The workers' congress (or assembly) vote on the draft, as counted. */
export const VoteInput = z
  .object({
    heldOn: CalendarDate('表决日期'),
    delegatesTotal: wholeNumber('应到代表人数', 1, 5000),
    present: wholeNumber('实到代表人数', 0, 5000),
    inFavour: wholeNumber('赞成票', 0, 5000),
    against: wholeNumber('反对票', 0, 5000),
    abstain: wholeNumber('弃权票', 0, 5000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.present > v.delegatesTotal)
      ctx.addIssue({ code: 'custom', path: ['present'], message: '实到代表人数不能多于应到代表人数' });
    if (v.inFavour + v.against + v.abstain > v.present)
      ctx.addIssue({ code: 'custom', path: ['inFavour'], message: '赞成、反对、弃权票合计不能多于实到代表人数' });
  });
export type VoteRecord = z.output<typeof VoteInput>;

/** The signatures of both chief negotiators. */
export const SigningInput = z.object({ signedOn: CalendarDate('签字日期') }).strict();
export type SigningRecord = z.output<typeof SigningInput>;

/** The filing (报送) with the labour department, within 10 days of the signatures. */
export const FilingInput = z
  .object({
    filedOn: CalendarDate('报送日期'),
    office: userText('受理部门', 2, 40),
    channel: choice(['counter', 'online', 'mail'] as const, '报送方式'),
    receiptNo: userText('受理单号', 0, 40).default(''),
  })
  .strict();
export type FilingRecord = z.output<typeof FilingInput>;
export const FILING_CHANNEL_LABELS: Record<FilingRecord['channel'], string> = {
  counter: '窗口报送',
  online: '网上报送',
  mail: '邮寄报送',
};

/** The labour department's review opinion (审查意见书): the contract is renegotiated and filed again. */
export const ReviewOpinionInput = z
  .object({ receivedOn: CalendarDate('收到审查意见日期'), opinion: userText('审查意见', 4, 1000) })
  .strict();
export type ReviewOpinionRecord = z.output<typeof ReviewOpinionInput>;

/** Publication to all workers (公布), within 10 days of entry into force. */
export const PublicationInput = z
  .object({
    publishedOn: CalendarDate('公布日期'),
    method: userText('公布方式', 2, 100),
  })
  .strict();
export type PublicationRecord = z.output<typeof PublicationInput>;

/** One material of the filing pack (C7), and whether the case has it on record. */
export interface FilingPackItem {
  item: string;
  onRecord: boolean;
  detail: string;
}

/** One countdown of a contract in words (`书面回应要约 · 2026-12-27 截止 · 还剩 20 天`). */
export interface AgreementCountdown {
  key: string;
  label: string;
  /** Last day `YYYY-MM-DD` (24:00 UTC+8). */
  dueOn: string;
  /** `还剩 3 天` / `已逾期 2 天` / `今天截止`. */
  words: string;
  overdue: boolean;
}

/** A unit (enterprise) chosen by id. */
const UnitId = z.string({ error: '请选择单位' }).trim().min(1, { error: '请选择单位' }).max(64, { error: '单位无效' });

/** Labour-contract signing (劳动合同签订) of one enterprise on a date: an indicator, not per-contract storage. */
export const LabourRecordInput = z
  .object({
    unitId: UnitId,
    recordedOn: CalendarDate('统计日期'),
    employees: wholeNumber('职工人数', 1, 200_000),
    signed: wholeNumber('已签订劳动合同人数', 0, 200_000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.signed > v.employees)
      ctx.addIssue({ code: 'custom', path: ['signed'], message: '已签订人数不能多于职工人数' });
  });
export type LabourRecord = z.output<typeof LabourRecordInput>;

export const CONGRESS_FORMS = ['delegates', 'assembly'] as const;
export const CONGRESS_FORM_LABELS: Record<(typeof CONGRESS_FORMS)[number], string> = {
  delegates: '职工代表大会',
  assembly: '职工大会',
};

/** A resolution put to the congress, as counted (passed: more than half of all delegates in favour). */
export const ResolutionInput = z
  .object({
    title: userText('决议事项', 2, 100),
    inFavour: wholeNumber('赞成票', 0, 200_000),
    against: wholeNumber('反对票', 0, 200_000),
    abstain: wholeNumber('弃权票', 0, 200_000),
  })
  .strict();

/** One 厂务公开 item reported to the congress or posted, with its date. */
export const OpenAffairInput = z
  .object({ item: userText('公开事项', 2, 100), disclosedOn: CalendarDate('公开日期') })
  .strict();

/**
 * One session of a workers' congress (届/次): who should and did attend, the delegates' make-up (checked:
 * front-line ≥ 50%, middle managers and above ≤ 20%, the size by the number of workers), the agenda, every
 * resolution with its votes, and the 厂务公开 items.
 */
export const CongressSessionInput = z
  .object({
    unitId: UnitId,
    termNo: wholeNumber('届次', 1, 99),
    sessionNo: wholeNumber('会议次数', 1, 99),
    heldOn: CalendarDate('会议日期'),
    form: choice(CONGRESS_FORMS, '会议形式'),
    delegatesTotal: wholeNumber('应到人数', 1, 200_000),
    present: wholeNumber('实到人数', 0, 200_000),
    frontLine: wholeNumber('一线职工代表人数', 0, 200_000),
    managers: wholeNumber('中层以上管理人员代表人数', 0, 200_000),
    women: wholeNumber('女职工代表人数', 0, 200_000),
    agenda: z
      .array(userText('议程', 2, 100))
      .min(1, { error: '请填写会议议程' })
      .max(20, { error: '议程最多 20 项' }),
    resolutions: z.array(ResolutionInput).max(20, { error: '决议最多 20 项' }).default([]),
    openAffairs: z.array(OpenAffairInput).max(30, { error: '厂务公开事项最多 30 项' }).default([]),
  })
  .strict();
export type CongressSession = z.output<typeof CongressSessionInput>;

/** A proposal (提案) put to a workers' congress: 案由, the measures proposed, the proposer and seconders. */
export const ProposalFormInput = z
  .object({
    unitId: z.string({ error: '请选择单位' }).trim().min(1, { error: '请选择单位' }).max(64, { error: '单位无效' }),
    title: userText('案由', 2, 60),
    measures: userText('建议措施', 4, 1000),
    proposer: userText('提案人', 2, 20),
    seconders: userText('附议人', 0, 100).default(''),
  })
  .strict();
export type ProposalForm = z.output<typeof ProposalFormInput>;

/** A view's scope: a town or the city (default: the caller's own node). */
export const AgreementBoardInput = z
  .object({
    nodeId: z
      .string()
      .regex(/^(city|t\d{2})$/, { error: '请选择乡镇' })
      .optional(),
  })
  .strict();
export const AgreementUnitInput = z.object({ unitId: UnitId }).strict();

/** One enterprise's line on a view. */
export interface BoardRow {
  unitId: string;
  name: string;
  place: string;
  /** `工资专项 履行中（2027-12-31 期满）；综合 协商中` or `无集体合同`. */
  contracts: string;
  labour: string;
  congress: string;
  flags: ('expiring' | 'overdue' | 'no_contract' | 'no_congress')[];
}

export interface Board {
  scopeName: string;
  year: string;
  /** One line in Chinese, e.g. `万家乡 企业 12 家：有效集体合同 8 家 …`. */
  summary: string;
  counts: {
    enterprises: number;
    inForce: number;
    expiring: number;
    overdue: number;
    noContract: number;
    noCongress: number;
  };
  rows: BoardRow[];
}

/** One enterprise: its contracts, labour-contract records, congress sessions, in words. */
export interface EnterpriseView {
  unitId: string;
  name: string;
  place: string;
  employees: number;
  /** Today in China time by the server's clock (forms start their dates from it). */
  today: string;
  contracts: { caseId: string; kindLabel: string; statusLabel: string; next: string }[];
  labour: { recordedOn: string; line: string }[];
  sessions: { sessionId: string; title: string; lines: string[] }[];
  /** True for the staff who keep its records (town staff of its town); others only read. */
  canRecord: boolean;
  /** Proposals (提案) to its congress: 案由, state, proposer and date in words. */
  proposals: { caseId: string; title: string; statusLabel: string; line: string }[];
  /** The enterprise's union contacts (masked name, whether they can receive reminders). */
  contacts: { personId: string; line: string }[];
}

export const AgreementCaseInput = z.object({ caseId: CaseDocId }).strict();

/** Name a person as a contact of the enterprise's union: by name and ID number (matched with their profile). */
export const UnitContactInput = z.object({ unitId: UnitId, name: PersonName, idNumber: IdNumber }).strict();
/** Remove a contact of the enterprise's union. */
export const RemoveUnitContactInput = z
  .object({
    unitId: UnitId,
    personId: z
      .string({ error: '请选择联系人' })
      .trim()
      .min(1, { error: '请选择联系人' })
      .max(64, { error: '联系人无效' }),
  })
  .strict();

export const agreementsContract = {
  /** Staff in scope: the contract's countdowns and filing-pack checklist in words. */
  outline: action(AgreementCaseInput).returns<{
    title: string;
    statusLabel: string;
    countdowns: AgreementCountdown[];
    pack: FilingPackItem[];
    lines: string[];
    /** Today in China time by the server's clock (forms start their dates from it). */
    today: string;
  }>(),
  /** Staff in scope: the filing pack as an xlsx workbook (a 10-minute link); audited. */
  filingPack: action(AgreementCaseInput).returns<{ url: string; fileName: string }>(),
  /** Staff whose scope covers the enterprise: record labour-contract signing on a date (that date's record replaced). */
  recordLabour: action(LabourRecordInput).returns<{ recordId: string; rate: string }>(),
  /** Staff whose scope covers the enterprise: record a congress session (its rules checked). */
  recordSession: action(CongressSessionInput).returns<{ sessionId: string; lines: string[] }>(),
  /** Staff: the view of a town or the city (their own node by default; only inside their scope). */
  board: action(AgreementBoardInput).returns<Board>(),
  /** Staff: the view as an xlsx workbook (a 10-minute link); audited. */
  exportBoard: action(AgreementBoardInput).returns<{ url: string; fileName: string }>(),
  /** Staff whose scope covers the enterprise: its records in words. */
  enterprise: action(AgreementUnitInput).returns<EnterpriseView>(),
  /** Town staff of the enterprise's town (or the city): name a contact of its union (reminders); audited. */
  addContact: action(UnitContactInput).returns<{ personId: string }>(),
  /** Town staff of the enterprise's town (or the city): remove a contact; audited. */
  removeContact: action(RemoveUnitContactInput).returns<{ personId: string }>(),
};
