/**
 * Joining a union (入会) and moving a membership (会员关系转接) as two case types of the one engine. The worker
 * files through the `membership` function (`join`, `transfer`), which builds the form from the registry; the
 * worker follows every step on the case page; the union's staff (the staff of the grid node where the union
 * sits) decide in their queue.
 *
 * - `member_join`: to the unit's union, or, when the unit has none, to the town's union as 预备会员; approved or
 *   refused with a reason within 3 working days (reminded when overdue); approval writes the membership.
 * - `member_transfer`: the old union lets the membership go (or refuses with a reason) within 5 working days —
 *   if it does not act in time the timer lets it go itself (`onOverdue: { run: 'auto_release' }`); the case then
 *   moves to the new union, whose staff register the member; out of the city it ends when let go.
 */
import { JoinForm, TransferForm } from '../../typings/membership';
import { defineCaseType, type CaseSnapshot } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { AppError } from '../runtime/errors';
import { checkJoinForm, checkTransferForm, claimMembershipCase, JOIN_TYPE, TRANSFER_TYPE } from './apply';
import { onJoinStep, onTransferStep } from './effects';

/** The union's staff: whoever works at the grid node where the union sits. */
const UNION_STAFF = ['village_collector', 'town_staff', 'city_admin'] as const;
const WORKER = ['applicant'] as const;

const personOnly = (who: string) => new AppError('PROFILE_REQUIRED', `请先完善实名信息，再${who}`, 'profile');

export const joinCaseType = defineCaseType({
  type: JOIN_TYPE,
  title: '入会申请',
  formSchema: JoinForm,
  clientSubmit: false,
  categories: [
    { value: 'member', label: '加入单位工会' },
    { value: 'pending', label: '预备会员（单位未建会）' },
  ],
  category: (f: JoinForm) =>
    f.pending ? { value: 'pending', label: '预备会员（单位未建会）' } : { value: 'member', label: '加入单位工会' },
  headline: (f: JoinForm) => `入会申请 · ${f.unionName}`,
  display: {
    unionName: { label: '申请加入' },
    unitName: { label: '工作单位' },
    pending: { label: '会员类别', format: 'yesno', yesNo: ['预备会员（单位建会后自动转入）', '会员'] },
    note: { label: '入会说明', format: 'longtext' },
  },
  texts: (f: JoinForm) => (f.note ? [{ field: 'note', text: f.note }] : []),
  async subject(form, filing, ctx) {
    if (!filing.person || filing.initiator.kind !== 'person') throw personOnly('申请入会');
    await checkJoinForm(ctx, filing.person, form);
    await claimMembershipCase(ctx, filing.person.personId);
    return { subject: { kind: 'person', personId: filing.person.personId }, name: filing.person.maskedName };
  },
  route: (form) => ({ nodeId: form.nodeId }),
  client: {
    submitPage: '/pages/membership/index',
    catalogue: { key: 'membership', name: '入会 · 会员卡', hint: '加入工会、出示会员卡、转会籍', order: 40 },
    queue: { label: '入会申请', title: '入会审核' },
  },
  initialState: 'review',
  states: {
    review: {
      label: '待工会审核',
      timeLimitDays: 3,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        approve: { by: UNION_STAFF, to: 'approved' },
        refuse: { by: UNION_STAFF, to: 'refused' },
        withdraw: { by: WORKER, to: 'withdrawn' },
      },
    },
    approved: { label: '已入会', terminal: true, actions: {} },
    refused: { label: '未通过', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  stages: {
    review: { label: '审核中', states: ['review'] },
    joined: { label: '已入会', states: ['approved'] },
    closed: { label: '未入会', states: ['refused', 'withdrawn'] },
  },
  maxReopens: 0,
  onTransition: onJoinStep,
  // Data hooks (export, erasure): declared beside, in `data-hooks.ts` (they move cases).
  counts: [
    { key: 'filed', label: '入会申请' },
    { key: 'approved', label: '已入会', states: ['approved'] },
  ],
});

/** Where the case goes once the old union lets the membership go: the new union's node (or it stays, leaving). */
const newUnionPath = (c: CaseSnapshot): readonly string[] => {
  const toPath = (c.form as Partial<TransferForm>).toPath;
  return toPath && toPath.length ? toPath : c.nodePath;
};
const letGo = (c: CaseSnapshot) => ((c.form as Partial<TransferForm>).to === 'outside' ? 'left' : 'in_review');

type Category = { value: string; label: string };

/** Where a transfer goes, as lists and filters show it: a new unit without a union sends the member to the town. */
const TRANSFER_CATEGORIES: Category[] = [
  { value: 'unit', label: '转入新单位工会' },
  { value: 'unit_pending', label: '转入乡镇工会（新单位未建会，预备会员）' },
  { value: 'town', label: '转入乡镇工会' },
  { value: 'outside', label: '转出本市' },
];
const transferCategory = (f: TransferForm): string =>
  f.to === 'unit' ? (f.toPending ? 'unit_pending' : 'unit') : f.to;

export const transferCaseType = defineCaseType({
  type: TRANSFER_TYPE,
  title: '会员关系转接',
  formSchema: TransferForm,
  clientSubmit: false,
  categories: TRANSFER_CATEGORIES,
  category: (f: TransferForm) => TRANSFER_CATEGORIES.find((c) => c.value === transferCategory(f)) as Category,
  headline: (f: TransferForm) => `会员关系转接 · ${f.toUnionName ?? `转往${f.city ?? '外地'}`}`,
  display: {
    fromUnionName: { label: '原工会' },
    toUnionName: { label: '转入工会' },
    toUnitName: { label: '新工作单位' },
    city: { label: '转往城市' },
    reason: { label: '转接原因', format: 'longtext' },
  },
  texts: (f: TransferForm) => [
    { field: 'reason', text: f.reason },
    ...(f.city ? [{ field: 'city', text: f.city }] : []),
  ],
  async subject(form, filing, ctx) {
    if (!filing.person || filing.initiator.kind !== 'person') throw personOnly('办理会员关系转接');
    await checkTransferForm(ctx, filing.person, form);
    await claimMembershipCase(ctx, filing.person.personId);
    return { subject: { kind: 'person', personId: filing.person.personId }, name: filing.person.maskedName };
  },
  route: (form) => ({ nodeId: form.fromNodeId }),
  client: {
    submitPage: '/pages/membership/index',
    queue: { label: '会员转接', title: '会员转接' },
  },
  initialState: 'out_review',
  states: {
    out_review: {
      label: '待原工会同意转出',
      timeLimitDays: 5,
      onOverdue: { run: 'auto_release' },
      awaitingStaff: true,
      actions: {
        release: { by: UNION_STAFF, to: letGo, move: newUnionPath },
        refuse: { by: UNION_STAFF, to: 'refused' },
        auto_release: { by: 'system', to: letGo, move: newUnionPath },
        withdraw: { by: WORKER, to: 'withdrawn' },
      },
    },
    in_review: {
      label: '待新工会登记',
      timeLimitDays: 5,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: { register: { by: UNION_STAFF, to: 'done' } },
    },
    done: { label: '已转入新工会', terminal: true, actions: {} },
    left: { label: '已转出本市', terminal: true, actions: {} },
    refused: { label: '原工会未同意', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  verbs: {
    release: { label: '同意转出' },
    auto_release: { label: '逾期未处理，自动放行' },
    register: { label: '登记转入' },
  },
  stages: {
    out: { label: '原工会办理', states: ['out_review'] },
    in: { label: '新工会登记', states: ['in_review'] },
    moved: { label: '已转接', states: ['done', 'left'] },
    closed: { label: '未转接', states: ['refused', 'withdrawn'] },
  },
  maxReopens: 0,
  onTransition: onTransferStep,
  // Data hooks (export, erasure): declared beside, in `data-hooks.ts`.
  counts: [
    { key: 'filed', label: '转接申请' },
    { key: 'moved', label: '已转接', states: ['done', 'left'] },
  ],
});

registerCaseType(joinCaseType);
registerCaseType(transferCaseType);
