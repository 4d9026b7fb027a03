/**
 * Union founding (建会申报) for the enterprise's contact, the workers who join, and the staff who supervise: the
 * `founding` function (join link, joining, the 批复, the board) and the founding steps through `cases`.
 */
import type { AvailableAction, CaseDetail } from '@union/contracts';
import { callApi } from './api';
import { formatDeadline, formatTime } from '../utils/format';

export const FOUNDING_TYPE = 'union_founding';

export const joinLink = (caseId: string) => callApi('founding', 'joinLink', { caseId });
export const joinPreview = (code: string) => callApi('founding', 'joinPreview', { code });
export const joinFounding = (code: string, transfer = false) =>
  callApi('founding', 'join', transfer ? { code, transfer } : { code });
export const approvalDocument = (caseId: string) => callApi('founding', 'approval', { caseId });
export const foundingBoard = (nodeId?: string) => callApi('founding', 'board', nodeId ? { nodeId } : {});

/** The steps the enterprise sees, in order (the declaration's states without the ends). */
export const FOUNDING_STEPS: readonly { state: string; label: string; who: string }[] = [
  { state: 'town_review', label: '乡镇工会审核请示', who: '乡镇工会' },
  { state: 'city_review', label: '市总工会审核（300人以上）', who: '市总工会' },
  { state: 'recruiting', label: '发展会员', who: '筹备组' },
  { state: 'groups', label: '建立工会小组', who: '筹备组' },
  { state: 'candidates', label: '上报候选人名单', who: '筹备组' },
  { state: 'candidates_review', label: '审批候选人名单', who: '乡镇工会' },
  { state: 'notice', label: '候选人公示 7 天', who: '系统' },
  { state: 'notice_review', label: '批准候选人', who: '乡镇工会' },
  { state: 'election', label: '召开大会选举', who: '筹备组' },
  { state: 'result_review', label: '批复选举结果（文号、任期）', who: '乡镇工会' },
  { state: 'women_committee', label: '成立女职工委员会（女会员25人以上）', who: '工会' },
  { state: 'profile', label: '完善工会信息', who: '工会' },
  { state: 'registering', label: '录入工会组织库', who: '乡镇工会' },
  { state: 'legal_person', label: '办理法人资格登记', who: '工会' },
  { state: 'certified', label: '建会完成', who: '' },
];

/** Where `info_requested` sits: back at the first step. */
const POSITION: Record<string, string> = { info_requested: 'town_review' };

export interface StepRow {
  state: string;
  label: string;
  who: string;
  phase: 'done' | 'current' | 'todo';
}

/** The progress list: steps before the current one done, the current one marked. */
export function progressRows(status: string): StepRow[] {
  const at = FOUNDING_STEPS.findIndex((s) => s.state === (POSITION[status] ?? status));
  return FOUNDING_STEPS.map((s, i) => ({
    ...s,
    phase: at < 0 ? 'todo' : i < at ? 'done' : i === at ? (status === 'certified' ? 'done' : 'current') : 'todo',
  }));
}

/** The founding's own step forms (the other actions — withdraw, resubmit — use the common buttons). */
export const STEP_FORMS = [
  'finish_recruiting',
  'report_groups',
  'report_candidates',
  'report_election',
  'report_women',
  'report_profile',
  'report_certificate',
  'renew_certificate',
] as const;
export type StepForm = (typeof STEP_FORMS)[number];

export function stepForm(actions: readonly AvailableAction[]): StepForm | '' {
  const found = actions.find((a) => (STEP_FORMS as readonly string[]).includes(a.action));
  return (found?.action as StepForm | undefined) ?? '';
}

/** The common actions shown as buttons (withdraw, add information). */
export const commonActions = (actions: readonly AvailableAction[]) =>
  actions.filter((a) => !(STEP_FORMS as readonly string[]).includes(a.action) && a.action !== 'resubmit');

/** The founding as its page shows it. */
export function foundingView(c: CaseDetail) {
  return {
    id: c._id,
    version: c.version,
    unitName: c.applicantName,
    status: c.status,
    statusLabel: c.statusLabel,
    open: c.open,
    overdue: c.overdue,
    /** The badge: overdue or ended without a union in red, open in amber, founded in green. */
    tone: c.overdue || ['refused', 'withdrawn'].includes(c.status) ? 'error' : c.open ? 'warn' : 'ok',
    due: c.dueAt ? formatDeadline(c.dueAt) : '',
    createdAt: formatTime(c.createdAt),
    rows: progressRows(c.status),
    form: stepForm(c.availableActions),
    actions: commonActions(c.availableActions),
    approved: ['women_committee', 'profile', 'registering', 'legal_person', 'certified'].includes(c.status),
    submission: c.submission,
    /** What the union said last (a refusal's reason, what to add): the enterprise reads it here. */
    note: [...c.timeline].reverse().find((t) => t.comment)?.comment ?? '',
  };
}
export type FoundingView = ReturnType<typeof foundingView>;
