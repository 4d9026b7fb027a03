/**
 * Tasks sent down (任务/通知下发): the city, or a town within its scope, issues a notice, a file, a report form or a
 * visit task to chosen towns or villages (or every village under them) with a deadline. The `task` case stays with
 * the issuer and fans out to one `task_item` per recipient (`fanOut`: resumable runs, one part per recipient
 * however often a run repeats). A recipient signs (签收), does it and reports (fields, files, on-site photos with
 * server-confirmed proof); the issuer accepts or sends it back with a reason; before the deadline the recipient
 * may ask for more time, which the issuer approves with the new date. Deadlines and lights: `deadline.ts`.
 */
import { TASK_KIND_LABELS, TaskFormInput, type TaskForm } from '../../typings/tasks';
import { defineCaseType } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { needsOpinion, opinion } from '../cases/inputs';
import { gridIndex } from '../grid/cache';
import { AppError } from '../runtime/errors';
import type { GridNode } from '../../typings/grid';
import { extensionApproval, extensionRequest, taskReport } from './inputs';

const kinds = Object.entries(TASK_KIND_LABELS).map(([value, label]) => ({ value, label }));

const common = {
  formSchema: TaskFormInput,
  categories: kinds,
  category: (f: TaskForm) => ({ value: f.kind, label: TASK_KIND_LABELS[f.kind] }),
  headline: (f: TaskForm) => `${TASK_KIND_LABELS[f.kind]} · ${f.title}`,
  display: {
    kind: { label: '任务类型', options: TASK_KIND_LABELS },
    title: { label: '任务名称' },
    instructions: { label: '任务要求', format: 'longtext' as const },
    deadline: { label: '截止日期' },
    attachments: { label: '附件', format: 'files' as const },
  },
  describe: (f: TaskForm) =>
    f.fields.length
      ? [
          {
            key: 'fields',
            kind: 'text' as const,
            label: '需填报',
            value: f.fields.map((x) => `${x.label}${x.required ? '' : '（选填）'}`).join('、'),
          },
        ]
      : [],
  texts: (f: TaskForm) => [
    { field: 'title', text: f.title },
    { field: 'instructions', text: f.instructions },
    ...f.fields.map((x, i) => ({ field: `fields.${i}.label`, text: x.label })),
  ],
  files: (f: TaskForm) => f.attachments.map((fileID, i) => ({ field: `attachments.${i}`, fileID })),
};

/** The recipients' nodes, checked to exist and to lie inside the issuer's scope. */
function recipientNodes(form: TaskForm, grid: Map<string, GridNode>, issuerNodeId: string): GridNode[] {
  return form.recipients.map((id, i) => {
    const node = grid.get(id);
    const field = `form.recipients.${i}`;
    if (!node) throw new AppError('INVALID_INPUT', '下发对象不存在', field);
    if (!node.path.includes(issuerNodeId)) throw new AppError('FORBIDDEN', `${node.name}不在您的管辖范围内`, field);
    if (form.reach === 'nodes' && node._id === issuerNodeId)
      throw new AppError('INVALID_INPUT', '不能下发给本级，请选择下级单位', field);
    return node;
  });
}

/** Every recipient node of a task: the chosen nodes, or every village under them. */
export function targetNodes(form: TaskForm, grid: Map<string, GridNode>): GridNode[] {
  const chosen = form.recipients.map((id) => grid.get(id)).filter((n): n is GridNode => Boolean(n));
  if (form.reach === 'nodes') return chosen;
  const ids = new Set(chosen.map((n) => n._id));
  return [...grid.values()].filter((n) => n.level === 'village' && n.path.some((p) => ids.has(p)));
}

/** The task as issued: it stays with the issuer and shows its recipients' progress. */
export const taskCaseType = defineCaseType({
  type: 'task',
  title: '下发任务',
  ...common,
  initiation: { by: 'staff', roles: ['city_admin', 'town_staff'] },
  async subject(form, filing, ctx) {
    const issuer = filing.initiator;
    if (issuer.kind !== 'node') throw new AppError('FORBIDDEN', '任务由市、乡镇工作人员下发');
    const grid = await gridIndex(ctx.db);
    const nodes = recipientNodes(form, grid, issuer.nodeId);
    const count = targetNodes(form, grid).length;
    if (count === 0) throw new AppError('INVALID_INPUT', '所选范围内没有可接收的单位', 'form.recipients');
    const first = nodes[0].name;
    const name =
      form.reach === 'villages'
        ? `${nodes.length > 1 ? `${first}等` : first}各村（${count} 个）`
        : nodes.length > 1
          ? `${first}等 ${count} 个单位`
          : first;
    return { subject: { kind: 'node', nodeId: issuer.nodeId }, name };
  },
  route: (_form, _person, initiator) => {
    if (initiator?.kind !== 'node') throw new AppError('FORBIDDEN', '任务由市、乡镇工作人员下发');
    return { nodeId: initiator.nodeId };
  },
  fanOut: {
    childType: 'task_item',
    async targets(form, ctx) {
      return targetNodes(form, await gridIndex(ctx.db)).map((n) => ({ key: n._id, nodeId: n._id, name: n.name }));
    },
    childForm: (form, target) => ({ ...form, reach: 'nodes', recipients: [target.nodeId] }),
  },
  initialState: 'issued',
  states: {
    issued: {
      label: '已下发',
      settled: true,
      actions: { close: { by: ['initiator'], to: 'closed', inputs: needsOpinion('结束说明') } },
    },
    closed: { label: '已结束', terminal: true, actions: {} },
  },
  verbs: { submit: { label: '下发' }, close: { label: '结束任务' } },
  client: {
    detailPage: '/staff/pages/task-board/index',
    queue: { label: '下发任务', title: '下发任务' },
    onHome: false,
  },
});

const SIGNERS = ['village_collector', 'town_staff'] as const;

/** One recipient's part of a task. */
export const taskItemCaseType = defineCaseType({
  type: 'task_item',
  title: '任务签收办理',
  ...common,
  initiation: { by: 'parent' },
  route: () => {
    throw new AppError('PRECONDITION_FAILED', '由上级统一下发');
  },
  // The dashboards' figures (domain/stats/sections/tasks.ts arranges them): parts received where they arose.
  counts: [
    { key: 'received', label: '收到任务' },
    { key: 'unsigned', label: '未签收', alert: true, states: ['assigned'] },
    { key: 'reported', label: '已上报待验收', states: ['reported'] },
    { key: 'done', label: '已完成', states: ['done'] },
  ],
  initialState: 'assigned',
  states: {
    assigned: {
      label: '待签收',
      awaitingStaff: true,
      // A notice is done once signed for; everything else is then to be done and reported.
      actions: { sign: { by: SIGNERS, to: (c) => (c.form.kind === 'notice' ? 'done' : 'doing') } },
    },
    doing: {
      label: '办理中',
      actions: {
        report: { by: SIGNERS, to: 'reported', inputs: { report: { input: taskReport, required: true } } },
        request_extension: {
          by: SIGNERS,
          to: 'extension_requested',
          inputs: { extension: { input: extensionRequest, required: true } },
        },
      },
    },
    extension_requested: {
      label: '延期待批',
      actions: {
        report: { by: SIGNERS, to: 'reported', inputs: { report: { input: taskReport, required: true } } },
        approve_extension: {
          by: ['initiator'],
          reach: 'scope',
          to: 'doing',
          inputs: { approval: { input: extensionApproval, required: true } },
        },
        refuse_extension: { by: ['initiator'], reach: 'scope', to: 'doing', needs: ['reason'] },
      },
    },
    reported: {
      label: '待验收',
      actions: {
        accept_report: {
          by: ['initiator'],
          reach: 'scope',
          to: 'done',
          inputs: { opinion: { input: opinion('验收意见'), required: false } },
        },
        send_back: { by: ['initiator'], reach: 'scope', to: 'doing', needs: ['reason'] },
      },
    },
    done: { label: '已完成', terminal: true, actions: {} },
  },
  verbs: {
    // A part's first step is the issuer's sending it down, not a submission.
    submit: { label: '下发' },
    sign: { label: '签收' },
    report: { label: '上报办理情况' },
    request_extension: { label: '申请延期' },
    approve_extension: { label: '同意延期' },
    refuse_extension: { label: '不同意延期' },
    accept_report: { label: '验收通过' },
    send_back: { label: '退回重办' },
  },
  client: {
    detailPage: '/staff/pages/task/index',
    queue: { label: '上级任务', title: '上级任务' },
    onHome: false,
  },
  stages: {
    unsigned: { label: '未签收', states: ['assigned'] },
    doing: { label: '办理中', states: ['doing', 'extension_requested'] },
    reported: { label: '待验收', states: ['reported'] },
    done: { label: '已完成', states: ['done'] },
  },
});

registerCaseType(taskCaseType);
registerCaseType(taskItemCaseType);
