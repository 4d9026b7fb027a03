/**
 * The structured inputs of the founding steps. Each is validated by its schema (`typings/founding.ts`), then its
 * `confirm` checks the rules against what the server knows of the case — the members who joined through the join
 * link, the candidate list the town approved — and refuses with the rule's reason naming the field; what it
 * accepts is put on the case's `data` in the same transaction as the step (members, the approved list, the
 * election outcome, the approval, the officers).
 */
import { createHash } from 'crypto';
import type { z } from 'zod';
import {
  DocNumberInput,
  TermYearsInput,
  ASSEMBLY_LABELS,
  CandidatesInput,
  CertificateInput,
  ElectionInput,
  GroupsInput,
  RecruitsInput,
  UnionProfileInput,
  WomenCommitteeInput,
  type Approval,
  type Candidates,
  type Certificate,
  type Election,
  type Groups,
  type Recruits,
  type UnionProfile,
  type WomenCommittee,
} from '../../typings/founding';
import { AppError } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { chinaDate } from '../../common/china-time';
import type { InputConfirmation, InputDecl } from '../cases/inputs';
import type { CaseSnapshot } from '../cases/declaration';
import {
  checkCandidates,
  checkElection,
  needsWomenCommittee,
  unionForm,
  UNION_FORM_LABELS,
  type RuleRefusal,
} from './rules';
import { FOUNDING_CLAIMS, FOUNDING_TYPE, recruitCount } from './store';

/** Refuse with a rule's reason under the input's field. */
function refuse(at: InputConfirmation, r: RuleRefusal): never {
  throw new AppError('INVALID_INPUT', r.message, `${at.field}.${r.field}`);
}

/** What the case knows so far (put there by earlier steps' `confirm`). */
export interface FoundingData {
  members?: number;
  candidates?: Candidates;
  outcome?: { committee: string[]; audit: string[]; chairman: string };
  womenMembers?: number;
  /** The 批复: its 文号 and date (`docNumber` input) and its term (`termYears` input). */
  approvalDoc?: { docNumber: string; issuedOn: string };
  approvalTerm?: { termYears: number };
  womenCommittee?: WomenCommittee;
  profile?: UnionProfile;
  certificate?: Certificate;
  /** The registry's union id once the union entered the registry. */
  unionId?: string;
  groups?: Groups['groups'];
}

export const foundingData = (c: Pick<CaseSnapshot, 'data'>): FoundingData => (c.data ?? {}) as FoundingData;

const schemaOf = <T>(s: z.ZodType<T>) => s;

export const recruitsInput: InputDecl<Recruits> = {
  label: '会员人数',
  kind: 'founding_recruits',
  schema: schemaOf(RecruitsInput),
  summary: (v) => `发展会员 ${v.members} 人（${UNION_FORM_LABELS[unionForm(v.members)]}）`,
  async confirm(value, at) {
    const joined = await recruitCount(at.ctx, at.caseId);
    if (joined === 0) throw new AppError('INVALID_INPUT', '还没有职工通过入会二维码加入，请先发展会员', at.field);
    if (value.members !== joined)
      throw new AppError(
        'INVALID_INPUT',
        `已通过入会二维码加入的会员为 ${joined} 人，与填写的 ${value.members} 人不一致，请刷新后确认`,
        `${at.field}.members`,
      );
    return { value, data: { members: joined } };
  },
};

export const groupsInput: InputDecl<Groups> = {
  label: '工会小组',
  kind: 'founding_groups',
  schema: schemaOf(GroupsInput),
  texts: (v) => v.groups.map((g, i) => ({ field: `groups.${i}.name`, text: g.name })),
  summary: (v) =>
    `建立工会小组 ${v.groups.length} 个：${v.groups.map((g) => `${g.name}（${g.members} 人）`).join('、')}`,
  async confirm(value, at) {
    const members = foundingData(at.case).members ?? 0;
    const total = value.groups.reduce((s, g) => s + g.members, 0);
    if (total !== members)
      throw new AppError(
        'INVALID_INPUT',
        `各小组人数合计 ${total} 人，应等于会员人数 ${members} 人`,
        `${at.field}.groups`,
      );
    return { value, data: { groups: value.groups } };
  },
};

export const candidatesInput: InputDecl<Candidates> = {
  label: '候选人名单',
  kind: 'founding_candidates',
  schema: schemaOf(CandidatesInput),
  summary: (v) =>
    `${ASSEMBLY_LABELS[v.assembly]}${v.assembly === 'delegates' ? `（代表 ${v.delegates} 名）` : ''}；委员会名额 ${v.committeeSeats}，候选人 ${v.committee.length} 人（主席候选人：${v.committee
      .filter((c) => c.forChairman)
      .map((c) => c.name)
      .join('、')}）；经审会名额 ${v.auditSeats}，候选人 ${v.audit.length} 人`,
  async confirm(value, at) {
    const members = foundingData(at.case).members ?? 0;
    const refusal = checkCandidates(value, members);
    if (refusal) refuse(at, refusal);
    return { value, data: { candidates: value } };
  },
};

export const electionInput: InputDecl<Election> = {
  label: '选举结果',
  kind: 'founding_election',
  schema: schemaOf(ElectionInput),
  summary: (v) =>
    `${v.heldOn} 选举：应到 ${v.due} 人，实到 ${v.present} 人；当选主席 ${v.chairman}；委员 ${v.committee.length} 名候选人得票已填报`,
  async confirm(value, at) {
    const data = foundingData(at.case);
    if (!data.candidates) throw new AppError('PRECONDITION_FAILED', '候选人名单尚未批准');
    const result = checkElection(value, data.candidates, data.members ?? 0);
    if ('field' in result) refuse(at, result);
    return { value, data: { outcome: result.outcome, womenMembers: value.womenMembers } };
  },
};

/** The term's last day: the day before the same date `years` later. */
export function termEnd(issuedOn: string, years: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** One founding per 文号: a claim keyed by its hash; the same case may claim it again (a retried step). */
async function claimDocNumber(at: InputConfirmation, docNumber: string): Promise<void> {
  const _id = `doc-${createHash('sha256').update(docNumber).digest('hex').slice(0, 40)}`;
  const claims = at.ctx.db.collection(FOUNDING_CLAIMS);
  try {
    await claims.add({ data: { _id, caseId: at.caseId, type: FOUNDING_TYPE, at: at.ctx.now() } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const held = (await claims.doc(_id).get()).data as { caseId?: string } | null;
    if (held?.caseId !== at.caseId)
      throw new AppError('CONFLICT', `文号${docNumber}已用于其他单位的批复`, `${at.field}.docNumber`);
  }
}

/** The 批复 on the case, once both its 文号 and its term are there. */
export function approvalOf(data: FoundingData): Approval | null {
  if (!data.approvalDoc || !data.approvalTerm) return null;
  const { docNumber, issuedOn } = data.approvalDoc;
  const { termYears } = data.approvalTerm;
  return { docNumber, issuedOn, termYears, termEnd: termEnd(issuedOn, termYears) };
}

export const docNumberInput: InputDecl<string> = {
  label: '批复文号',
  kind: 'text',
  schema: schemaOf(DocNumberInput),
  length: { min: 8, max: 20 },
  summary: (v) => v,
  async confirm(value, at) {
    await claimDocNumber(at, value);
    return { value, data: { approvalDoc: { docNumber: value, issuedOn: chinaDate(at.ctx.now()) } } };
  },
};

export const termYearsInput: InputDecl<number> = {
  label: '任期（年）',
  kind: 'text',
  schema: schemaOf(TermYearsInput) as unknown as z.ZodType<number>,
  length: { min: 1, max: 1 },
  summary: (v) => `${v} 年`,
  async confirm(value) {
    return { value, data: { approvalTerm: { termYears: value } } };
  },
};

export const womenCommitteeInput: InputDecl<WomenCommittee> = {
  label: '女职工委员会',
  kind: 'founding_women',
  schema: schemaOf(WomenCommitteeInput),
  summary: (v) => `主任 ${v.chair}，委员 ${v.members.join('、')}`,
  async confirm(value, at) {
    if (!needsWomenCommittee(foundingData(at.case).womenMembers ?? 0))
      throw new AppError('PRECONDITION_FAILED', '女会员不足 25 人，设女职工委员一名即可，无需成立女职工委员会');
    if (value.members.includes(value.chair))
      throw new AppError('INVALID_INPUT', '主任不必再列为委员', `${at.field}.members`);
    return { value, data: { womenCommittee: value } };
  },
};

export const profileInput: InputDecl<UnionProfile> = {
  label: '工会信息',
  kind: 'founding_profile',
  schema: schemaOf(UnionProfileInput),
  texts: (v) => [
    { field: 'unionName', text: v.unionName },
    { field: 'address', text: v.address },
  ],
  summary: (v) => `${v.unionName}；${v.address}；专职工会干部 ${v.fullTimeStaff} 人`,
  async confirm(value, at) {
    const data = foundingData(at.case);
    if (!needsWomenCommittee(data.womenMembers ?? 0) && !value.womenOfficer && (data.womenMembers ?? 0) > 0)
      throw new AppError('INVALID_INPUT', '有女会员的工会应设女职工委员，请填写', `${at.field}.womenOfficer`);
    return { value, data: { profile: value } };
  },
};

export const certificateInput: InputDecl<Certificate> = {
  label: '工会法人资格证书',
  kind: 'founding_certificate',
  schema: schemaOf(CertificateInput),
  summary: (v) => `证书统一社会信用代码 ${v.unionCreditCode}，有效期至 ${v.validUntil}`,
  async confirm(value, at) {
    const today = chinaDate(at.ctx.now());
    if (value.issuedOn > today) throw new AppError('INVALID_INPUT', '发证日期不能晚于今天', `${at.field}.issuedOn`);
    if (value.validUntil <= today) throw new AppError('INVALID_INPUT', '证书已过有效期', `${at.field}.validUntil`);
    return { value, data: { certificate: value } };
  },
};
