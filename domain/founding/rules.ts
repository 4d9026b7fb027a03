/**
 * The rules the upper union checks at each founding step the organisation research notes (§1), pure and
 * unit-tested. Each check returns null or a refusal in Chinese naming the field it is about, so a step that breaks
 * a rule is refused with the reason shown to the enterprise.
 */
import {
  ASSEMBLY_LABELS,
  CANDIDATE_POST_LABELS,
  KINSHIP_LABELS,
  type Candidate,
  type Candidates,
  type Election,
} from '../../typings/founding';

/** A refusal: the field (under the step's input) and the reason. */
export interface RuleRefusal {
  field: string;
  message: string;
}

/** The organisation a union of this many members sets up (F4, F5). */
export type UnionForm = 'committee' | 'chair_or_organiser' | 'group';

export const UNION_FORM_LABELS: Record<UnionForm, string> = {
  committee: '工会委员会（委员不少于 3 人）',
  chair_or_organiser: '工会委员会，选举主席或组织员',
  group: '工会小组，选举组长',
};

/** 25+ members: a committee of ≥ 3; 10–24: a committee electing a chairman or an organiser; under 10: a group. */
export function unionForm(members: number): UnionForm {
  if (members >= 25) return 'committee';
  if (members >= 10) return 'chair_or_organiser';
  return 'group';
}

/** 25+ women members: a women workers' committee; fewer: one women's officer (F4). */
export function needsWomenCommittee(womenMembers: number): boolean {
  return womenMembers >= 25;
}

/** A request from an enterprise this large is also reviewed by the city union ([inf]: a deployment rule). */
export const CITY_REVIEW_EMPLOYEES = 300;

export function needsCityReview(employees: number): boolean {
  return employees >= CITY_REVIEW_EMPLOYEES;
}

/** The fewest delegates a members' delegate assembly of this size has (F11); null: hold a members' assembly. */
export function minimumDelegates(members: number): number | null {
  if (members <= 50) return null;
  const share = members <= 200 ? 0.3 : members <= 500 ? 0.2 : members <= 1000 ? 0.1 : members <= 3000 ? 0.06 : 0.05;
  return Math.ceil(members * share);
}

/**
 * Why a person may not be a chairman candidate (F8 art. 6), or null: the enterprise's head or deputy, a partner,
 * a close relative of either, the HR head, a foreign employee.
 */
export function chairmanBar(c: Candidate): string | null {
  if (c.post !== 'staff') return CANDIDATE_POST_LABELS[c.post];
  if (c.kinship !== 'none') return `企业负责人或合伙人的近亲属（${KINSHIP_LABELS[c.kinship]}）`;
  if (c.foreign) return '外籍职工';
  return null;
}

/** The seats the membership allows for the committee (a group elects one leader). */
function seatsRefusal(form: UnionForm, seats: number): string | null {
  if (form === 'committee' && seats < 3) return '会员 25 人以上应建立工会委员会，委员不少于 3 人';
  if (form === 'group' && seats !== 1) return '会员不足 10 人只能建立工会小组，选举组长 1 人';
  return null;
}

/** The candidate list against the membership (members confirmed at the end of recruiting). */
export function checkCandidates(list: Candidates, members: number): RuleRefusal | null {
  const form = unionForm(members);
  const seats = seatsRefusal(form, list.committeeSeats);
  if (seats) return { field: 'committeeSeats', message: seats };
  if (list.committeeSeats > members) return { field: 'committeeSeats', message: '委员名额不能多于会员人数' };
  if (list.committee.length <= list.committeeSeats)
    return {
      field: 'committee',
      message: `委员会实行差额选举：候选人（${list.committee.length} 人）应多于名额（${list.committeeSeats} 人）`,
    };
  if (form !== 'group' && list.audit.length < list.auditSeats)
    return { field: 'audit', message: `经费审查委员会候选人不能少于名额（${list.auditSeats} 人）` };
  if (form === 'committee' && list.auditSeats < 1)
    return { field: 'auditSeats', message: '工会委员会同时选举经费审查委员会，名额至少 1 人' };
  const names = [...list.committee, ...list.audit].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return { field: 'committee', message: `候选人“${dup}”重复，同一人只能列入一个名单一次` };
  const chairmen = list.committee.filter((c) => c.forChairman);
  if (!chairmen.length) return { field: 'committee', message: '请在委员会候选人中标明主席候选人' };
  for (const [i, c] of list.committee.entries()) {
    const bar = c.forChairman ? chairmanBar(c) : null;
    if (bar) return { field: `committee.${i}`, message: `${c.name}是${bar}，不能作为工会主席候选人` };
    // 近亲属 of the enterprise's main head may not sit on the committee at all (F10).
    if (c.kinship !== 'none')
      return { field: `committee.${i}`, message: `${c.name}是企业负责人或合伙人的近亲属，不能作为委员会候选人` };
  }
  if (list.assembly === 'delegates') {
    const min = minimumDelegates(members);
    if (min === null)
      return { field: 'assembly', message: `会员 ${members} 人（50 人以下）应召开${ASSEMBLY_LABELS.members}` };
    if (list.delegates < min) return { field: 'delegates', message: `会员 ${members} 人，代表应不少于 ${min} 名` };
    if (list.delegates > members) return { field: 'delegates', message: '代表人数不能多于会员人数' };
  } else if (list.delegates !== 0) {
    return { field: 'delegates', message: '召开会员大会时不设代表' };
  }
  return null;
}

/** How many are due at the assembly: every member, or the delegates. */
export function dueAtAssembly(list: Pick<Candidates, 'assembly' | 'delegates'>, members: number): number {
  return list.assembly === 'delegates' ? list.delegates : members;
}

/** More than 2/3 of those due present (exactly 2/3 is not enough), in integers. */
export function quorate(present: number, due: number): boolean {
  return present * 3 > due * 2;
}

/** More than half of all those due (not of those present). */
export function majorityOfDue(votes: number, due: number): boolean {
  return votes * 2 > due;
}

/** Who is elected for `seats` from the votes, or the refusal (no majority for enough candidates, a tie at the cut). */
export function electedFrom(
  votes: readonly { name: string; votes: number }[],
  seats: number,
  due: number,
  body: string,
  field: string,
): { elected: string[] } | RuleRefusal {
  const winners = votes.filter((v) => majorityOfDue(v.votes, due)).sort((a, b) => b.votes - a.votes);
  if (winners.length < seats)
    return {
      field,
      message: `${body}应选 ${seats} 人，得票超过应到人数半数（${Math.floor(due / 2) + 1} 票及以上）的只有 ${winners.length} 人，需就不足名额另行选举`,
    };
  if (winners.length > seats && winners[seats].votes === winners[seats - 1].votes)
    return { field, message: `${body}第 ${seats} 名票数相同，需就票数相同的候选人再次投票` };
  return { elected: winners.slice(0, seats).map((w) => w.name) };
}

/** What the election result makes of the approved list, or the refusal. */
export interface ElectionOutcome {
  committee: string[];
  audit: string[];
  chairman: string;
}

export function checkElection(
  result: Election,
  list: Candidates,
  members: number,
): { outcome: ElectionOutcome } | RuleRefusal {
  const due = dueAtAssembly(list, members);
  if (result.due !== due)
    return { field: 'due', message: `应到人数应为 ${due} 人（${ASSEMBLY_LABELS[list.assembly]}）` };
  if (result.present > result.due) return { field: 'present', message: '实到人数不能多于应到人数' };
  if (!quorate(result.present, result.due))
    return {
      field: 'present',
      message: `实到 ${result.present} 人，未超过应到 ${result.due} 人的三分之二，选举无效`,
    };
  if (result.womenMembers > members) return { field: 'womenMembers', message: '女会员人数不能多于会员人数' };
  const check = (votes: Election['committee'], allowed: Candidate[], body: string, field: string) => {
    const names = new Set(allowed.map((c) => c.name));
    for (const [i, v] of votes.entries()) {
      if (!names.has(v.name)) return { field: `${field}.${i}`, message: `${v.name}不在批准的${body}候选人名单中` };
      if (v.votes > result.present) return { field: `${field}.${i}`, message: `${v.name}的得票数不能多于实到人数` };
    }
    if (votes.length !== allowed.length)
      return { field, message: `请填写全部 ${allowed.length} 名${body}候选人的得票` };
    return null;
  };
  const bad =
    check(result.committee, list.committee, '委员会', 'committee') ??
    check(result.audit, list.audit, '经审会', 'audit');
  if (bad) return bad;
  const committee = electedFrom(result.committee, list.committeeSeats, due, '委员会委员', 'committee');
  if ('field' in committee) return committee;
  const audit = list.auditSeats
    ? electedFrom(result.audit, list.auditSeats, due, '经费审查委员会委员', 'audit')
    : { elected: [] };
  if ('field' in audit) return audit;
  const chairmanCandidates = new Set(list.committee.filter((c) => c.forChairman).map((c) => c.name));
  if (!chairmanCandidates.has(result.chairman))
    return { field: 'chairman', message: `${result.chairman}不是批准的主席候选人` };
  if (!committee.elected.includes(result.chairman))
    return { field: 'chairman', message: `${result.chairman}未当选委员，不能担任主席` };
  return { outcome: { committee: committee.elected, audit: audit.elected, chairman: result.chairman } };
}
