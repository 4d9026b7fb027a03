/**
 * Cases (appeals, consultations and every other case type) through the `cases` function, and
 * their shaping for the pages: list items, the timeline with "what happens next", the message
 * thread and the actions the server says the caller may take.
 */
import type {
  AvailableAction,
  CaseDetail,
  CaseMessage,
  CaseRole,
  CaseSummary,
  CaseTypeInfo,
  TimelineEntry,
} from '@union/contracts';
import { callApi, type CallInput } from './api';
import type { TimelineStep } from '../components/timeline/types';
import { formatDeadline, formatTime, formatWait } from '../utils/format';

export type ActInput = CallInput<'cases', 'act'>;
export type QueueFilters = CallInput<'cases', 'queue'>;

export const submitCase = (type: string, form: Record<string, unknown>, requestId: string) =>
  callApi('cases', 'submit', { type, form }, { requestId });
export const getCase = (caseId: string) => callApi('cases', 'get', { caseId });
/** Staff handling a case: the applicant's phone in full (the server audits it). */
export const revealPhone = (caseId: string) => callApi('cases', 'revealPhone', { caseId });
export const myCases = (cursor?: string) => callApi('cases', 'mine', cursor ? { cursor } : {});
export const actOnCase = (input: ActInput, requestId: string) => callApi('cases', 'act', input, { requestId });
export const loadQueue = (filters: QueueFilters) => callApi('cases', 'queue', filters);
export const releaseHeld = (caseId: string, messageId?: string) =>
  callApi('cases', 'release', messageId ? { caseId, messageId } : { caseId });

const ROLE_NAMES: Record<CaseRole, string> = {
  applicant: '申请人',
  village_collector: '村级信息员',
  town_staff: '乡镇工作人员',
  city_admin: '市总工会',
  system: '系统',
};

/** A case as a list row. */
export interface CaseItem {
  id: string;
  /** The page that shows this case (its type says which: aid applications have their own). */
  url: string;
  title: string;
  typeTitle: string;
  statusLabel: string;
  /** Badge colour: ok (finished), warn (waiting), error (overdue). */
  tone: 'ok' | 'warn' | 'error' | '';
  overdue: boolean;
  held: boolean;
  where: string;
  /** Who applied, for staff: `张*三 · 万家乡翠林山村`. */
  who: string;
  updatedAt: string;
  due: string;
  waiting: string;
}

/** How long a case has waited at its current step: `3 天`, `5 小时`. */
function waitedSince(iso: string | null): string {
  if (!iso) return '';
  const minutes = Math.floor((Date.now() - Date.parse(iso)) / 60_000);
  return Number.isFinite(minutes) && minutes >= 0 ? formatWait(minutes) : '';
}

export function toCaseItem(c: CaseSummary): CaseItem {
  return {
    id: c._id,
    url: `${c.detailPage}?id=${c._id}`,
    title: c.title,
    typeTitle: c.typeTitle,
    statusLabel: c.statusLabel,
    tone: c.overdue ? 'error' : c.open ? 'warn' : 'ok',
    overdue: c.overdue,
    held: c.held,
    where: c.nodeName,
    who: [c.applicantName, c.applicantPlace].filter(Boolean).join(' · '),
    updatedAt: formatTime(c.updatedAt),
    /** `12月8日（周二）前`. */
    due: c.dueAt ? formatDeadline(c.dueAt) : '',
    waiting: c.waitingMinutes !== null ? formatWait(c.waitingMinutes) : waitedSince(c.stepSince),
  };
}

/**
 * Timeline entries as `<timeline>` steps. A comment or a reply is shown once, in the thread: its step keeps only
 * what happened, who and when.
 */
export function toSteps(entries: TimelineEntry[]): TimelineStep[] {
  return entries.map((e) => ({
    key: String(e.seq),
    title: e.nodeName ? `${e.actionLabel}（${e.nodeName}）· ${e.toLabel}` : `${e.actionLabel} · ${e.toLabel}`,
    who: e.role === 'system' ? '系统' : e.onBehalf ? e.actorName : `${e.actorName}（${ROLE_NAMES[e.role]}）`,
    at: formatTime(e.at),
    comment: e.inThread ? '' : (e.comment ?? ''),
    ...(e.details?.length ? { details: e.details } : {}),
  }));
}

/** "What happens next and by when", from the applicant's point of view. */
export function nextStep(c: CaseDetail): string {
  if (!c.open) return '';
  if (c.availableActions.some((a) => a.action === 'resubmit')) {
    return c.dueAt ? `请按要求补充材料后重新提交，${formatDeadline(c.dueAt)}` : '请按要求补充材料后重新提交';
  }
  const who = `${c.nodeName}工作人员`;
  const due = c.dueAt ? `，${formatDeadline(c.dueAt)}` : '';
  return `${c.statusLabel}：等待${who}办理${due}${c.overdue ? '（已超时，已提醒上级督办）' : ''}`;
}

export interface MessageView {
  id: string;
  mine: boolean;
  who: string;
  text: string;
  at: string;
  held: boolean;
}

/**
 * The thread, from the point of view of `viewer`: the comments and replies. The text of another step (a request
 * for more, a refusal) is shown with its step in the timeline, not again here.
 */
export function toMessages(
  messages: CaseMessage[],
  viewer: 'applicant' | 'staff',
  timeline: TimelineEntry[] = [],
): MessageView[] {
  const elsewhere = new Set(timeline.filter((e) => !e.inThread).map((e) => e.seq));
  return messages
    .filter((m) => !elsewhere.has(m.seq))
    .map((m) => ({
      id: m._id,
      mine: m.author === viewer,
      who: m.author === 'staff' ? `${m.authorName}（工作人员）` : m.authorName,
      text: m.text,
      at: formatTime(m.at),
      held: m.held,
    }));
}

/**
 * Actions shown as buttons; `comment`/`reply` are the message box instead. An action that needs a whole form
 * (a staff correction) or a home-visit record is not a button here: the panel edits neither (the visit has its
 * own card, see {@link visitAction}).
 */
export function buttonActions(actions: AvailableAction[]): AvailableAction[] {
  return actions.filter(
    (a) =>
      a.action !== 'comment' &&
      a.action !== 'reply' &&
      !a.needs.includes('form') &&
      !(a.inputs ?? []).some((i) => i.kind === 'visit'),
  );
}

/** The action (and its input) that records a home visit, when the caller may take one now. */
export function visitAction(actions: AvailableAction[]): { action: string; input: string } | null {
  for (const a of actions) {
    const input = (a.inputs ?? []).find((i) => i.kind === 'visit');
    if (input) return { action: a.action, input: input.name };
  }
  return null;
}

/** The message-box action the caller may use (`reply` for staff, `comment` otherwise), or ''. */
export function messageAction(actions: AvailableAction[]): 'reply' | 'comment' | '' {
  if (actions.some((a) => a.action === 'reply')) return 'reply';
  if (actions.some((a) => a.action === 'comment')) return 'comment';
  return '';
}

/** The whole detail as the case pages show it. */
export function toCaseView(c: CaseDetail, viewer: 'applicant' | 'staff') {
  return {
    id: c._id,
    version: c.version,
    title: c.title,
    typeTitle: c.typeTitle,
    statusLabel: c.statusLabel,
    categoryLabel: c.categoryLabel,
    applicantName: c.applicantName,
    where: c.nodeName,
    open: c.open,
    overdue: c.overdue,
    held: c.held,
    createdAt: formatTime(c.createdAt),
    steps: toSteps(c.timeline),
    next: nextStep(c),
    messages: toMessages(c.messages, viewer, c.timeline),
    submission: c.submission,
    contact: c.contact,
    actions: buttonActions(c.availableActions),
    /** A home visit may be recorded now (its card asks for the date, findings and photos). */
    visit: visitAction(c.availableActions),
    /** Read-only: a case this staff member's node handled before it moved on. */
    readonly: c.access === 'readonly',
    filedBy: c.filedBy ?? '',
    messageAction: messageAction(c.availableActions),
    /**
     * The applicant may resubmit (after a request for more information) and the type has a page to correct the form
     * on: offer to edit the form too.
     */
    canResubmit:
      viewer === 'applicant' && Boolean(c.resubmitPage) && c.availableActions.some((a) => a.action === 'resubmit'),
    resubmitUrl: c.resubmitPage ? `${c.resubmitPage}?resubmit=${c._id}` : '',
    /** Staff: the type's page with more of the case (aid: the application with its checks). */
    moreDetail: c.moreDetail ? { url: `${c.moreDetail.page}?id=${c._id}`, label: c.moreDetail.label } : null,
    /** Staff: the case's files listed apart (aid: the admission letter and the home-visit photos too). */
    files: c.files ?? null,
    rating: c.rating
      ? `${'★'.repeat(c.rating.score)}${'☆'.repeat(5 - c.rating.score)} ${c.rating.satisfied ? '满意' : '不满意'}`
      : '',
  };
}
export type CaseView = ReturnType<typeof toCaseView>;

/** The case types the server declares (title, pages, queue filter…), read once per session. */
let typesOnce: Promise<CaseTypeInfo[]> | null = null;
export function caseTypes(): Promise<CaseTypeInfo[]> {
  typesOnce ??= callApi('cases', 'types', {}).then((r) => {
    if (!r.ok) typesOnce = null;
    return r.ok ? r.data.types : [];
  });
  return typesOnce;
}
