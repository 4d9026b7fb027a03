/**
 * The founding step forms as the page edits them (text as typed) and the inputs they send (`typings/founding.ts`):
 * the server checks every rule and answers with the reason and the field; `fieldLabelOf` names that field.
 */
import { CANDIDATE_POSTS, KINSHIPS } from '@union/contracts';
import type { StepForm } from '../../services/founding';

const candidateRow = () => ({ name: '', post: 0, kinship: 0, foreign: false, forChairman: false });
const voteRow = () => ({ name: '', votes: '' });

export const emptyStepState = () => ({
  groups: [{ name: '', leader: '', members: '' }],
  assembly: 0,
  delegates: '',
  committeeSeats: '',
  auditSeats: '',
  committee: [candidateRow(), candidateRow(), candidateRow(), candidateRow()],
  audit: [{ name: '' }],
  due: '',
  present: '',
  womenMembers: '',
  heldOn: '',
  committeeVotes: [voteRow(), voteRow(), voteRow(), voteRow()],
  auditVotes: [voteRow()],
  chairman: '',
  womenChair: '',
  womenMembersList: '',
  unionName: '',
  address: '',
  fullTimeStaff: '',
  womenOfficer: '',
  unionCreditCode: '',
  issuedOn: '',
  validUntil: '',
});
export type StepState = ReturnType<typeof emptyStepState>;

/** A number as typed: digits → a number; anything else goes to the server as typed (it names the field). */
const num = (v: string): number | string => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());
const names = (text: string) =>
  text
    .split(/[、，,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The `inputs.step` value of a step form. */
export function stepInput(form: StepForm, s: StepState, recruits: number): Record<string, unknown> {
  switch (form) {
    case 'finish_recruiting':
      return { members: recruits };
    case 'report_groups':
      return {
        groups: s.groups.map((g) => ({ name: g.name.trim(), leader: g.leader.trim(), members: num(g.members) })),
      };
    case 'report_candidates':
      return {
        assembly: s.assembly === 1 ? 'delegates' : 'members',
        delegates: s.assembly === 1 ? num(s.delegates) : 0,
        committeeSeats: num(s.committeeSeats),
        auditSeats: num(s.auditSeats || '0'),
        committee: s.committee
          .filter((c) => c.name.trim())
          .map((c) => ({
            name: c.name.trim(),
            post: CANDIDATE_POSTS[c.post] ?? 'staff',
            kinship: KINSHIPS[c.kinship] ?? 'none',
            foreign: Boolean(c.foreign),
            forChairman: Boolean(c.forChairman),
          })),
        audit: s.audit
          .filter((c) => c.name.trim())
          .map((c) => ({ name: c.name.trim(), post: 'staff', kinship: 'none', foreign: false })),
      };
    case 'report_election':
      return {
        due: num(s.due),
        present: num(s.present),
        womenMembers: num(s.womenMembers || '0'),
        committee: s.committeeVotes
          .filter((v) => v.name.trim())
          .map((v) => ({ name: v.name.trim(), votes: num(v.votes) })),
        audit: s.auditVotes.filter((v) => v.name.trim()).map((v) => ({ name: v.name.trim(), votes: num(v.votes) })),
        chairman: s.chairman.trim(),
        heldOn: s.heldOn,
      };
    case 'report_women':
      return { chair: s.womenChair.trim(), members: names(s.womenMembersList) };
    case 'report_profile':
      return {
        unionName: s.unionName.trim(),
        address: s.address.trim(),
        fullTimeStaff: num(s.fullTimeStaff || '0'),
        ...(s.womenOfficer.trim() ? { womenOfficer: s.womenOfficer.trim() } : {}),
      };
    case 'report_certificate':
    case 'renew_certificate':
      return { unionCreditCode: s.unionCreditCode.trim(), issuedOn: s.issuedOn, validUntil: s.validUntil };
  }
}

const LABELS: Record<string, string> = {
  unitName: '单位名称',
  creditCode: '统一社会信用代码',
  townId: '所在乡镇',
  address: '地址',
  legalRep: '法定代表人',
  industry: '所属行业',
  employees: '职工人数',
  womenEmployees: '女职工人数',
  prepGroup: '筹备组',
  reason: '建会理由',
  partyOpinion: '单位党政意见',
  members: '会员人数',
  groups: '工会小组',
  committeeSeats: '委员名额',
  auditSeats: '经审会名额',
  committee: '委员会候选人',
  audit: '经审会候选人',
  assembly: '大会形式',
  delegates: '代表人数',
  due: '应到人数',
  present: '实到人数',
  womenMembers: '女会员人数',
  chairman: '当选主席',
  heldOn: '选举日期',
  chair: '女职工委员会主任',
  unionName: '工会全称',
  fullTimeStaff: '专职工会干部人数',
  womenOfficer: '女职工委员',
  unionCreditCode: '证书统一社会信用代码',
  issuedOn: '发证日期',
  validUntil: '有效期至',
};

/** `committee.0` → `委员会候选人第 1 行`; `employees` → `职工人数`. */
export function fieldLabelOf(path: string): string {
  const [head, index] = path.split('.');
  const label = LABELS[head] ?? '';
  return label && index !== undefined && /^\d+$/.test(index) ? `${label}第 ${Number(index) + 1} 行` : label;
}
