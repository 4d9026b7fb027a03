/** Staff roles and invitations (function `staff`). */
import { ROLE_LABELS, type InvitationView, type StaffRole, type StaffView } from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { formatDate } from '../utils/format';

export const myRoles = () => callApi('staff', 'myRoles', {});
export const listInvitations = () => callApi('staff', 'listInvitations', {});
export const issueInvitation = (input: CallInput<'staff', 'issueInvitation'>) =>
  callApi('staff', 'issueInvitation', input, { requestId: newRequestId() });
export const redeemInvitation = (input: CallInput<'staff', 'redeemInvitation'>, requestId: string) =>
  callApi('staff', 'redeemInvitation', input, { requestId });

/** Which roles a staff member may invite (city admin → town staff or collector; town staff → collector). */
export function invitableRoles(role: StaffRole): StaffRole[] {
  if (role === 'city_admin') return ['town_staff', 'village_collector'];
  if (role === 'town_staff') return ['village_collector'];
  return [];
}

export const roleOptions = (roles: StaffRole[]) => roles.map((value) => ({ value, label: ROLE_LABELS[value] }));

const INVITATION_STATUS = { pending: '待使用', used: '已使用', expired: '已过期', revoked: '已撤销' } as const;

export const toInvitationItem = (i: InvitationView) => ({
  id: i.invitationId,
  line: `${i.inviteeName} · ${ROLE_LABELS[i.role]} · ${i.gridName}`,
  status: INVITATION_STATUS[i.status],
  expires: formatDate(i.expiresAt),
});
export type InvitationItem = ReturnType<typeof toInvitationItem>;

/** What the workbench offers a role. */
export function workbenchFor(staff: StaffView) {
  const entries = [
    { key: 'queue', name: '待办事项', hint: '按期限排序，超时的标红', url: '/staff/pages/queue/index' },
    {
      key: 'dashboard',
      name: '统计看板',
      hint: '诉求、咨询、帮扶、任务的统计和排名',
      url: '/staff/pages/dashboard/index',
    },
    { key: 'inbox', name: '咨询收件箱', hint: '等待答复的咨询', url: '/staff/pages/queue/index?type=consultation' },
    { key: 'library', name: '政策问答维护', hint: '群众提问前先查的问答', url: '/staff/pages/library/index' },
    { key: 'people', name: '人员登记', hint: '帮没有智能手机的人登记、发认领码', url: '/staff/pages/people/index' },
    {
      key: 'registry',
      name: '基础信息',
      hint: '单位、工会组织、困难职工档案；查找、导出、表格导入',
      url: '/staff/pages/registry/index',
    },
    { key: 'verify-card', name: '核验会员卡', hint: '扫会员出示的电子会员卡', url: '/staff/pages/verify-card/index' },
    staff.role === 'village_collector'
      ? { key: 'tasks', name: '上级任务', hint: '签收、办理、上报上级下发的任务', url: '/staff/pages/tasks/index' }
      : {
          key: 'tasks',
          name: '任务督办',
          hint: '下发通知和任务，看各村完成情况',
          url: `/staff/pages/tasks/index?issuer=1${staff.role === 'city_admin' ? '&box=issued' : ''}`,
        },
    staff.role === 'village_collector'
      ? { key: 'posts', name: '工作动态', hint: '发布会议、走访、培训等动态', url: '/staff/pages/posts/index' }
      : {
          key: 'posts',
          name: '工作动态',
          hint: '审核下级动态、设精选、看月报',
          // The city reviews and reads; it does not post (the level above a town's posts).
          url: `/staff/pages/posts/index?box=review&upper=1${staff.role === 'city_admin' ? '&city=1' : ''}`,
        },
  ];
  if (staff.role !== 'village_collector') {
    entries.push({
      key: 'founding',
      name: '建会申报',
      hint: '各步骤的申请、逾期和网上建会数',
      url: '/staff/pages/founding/index',
    });
    entries.push({
      key: 'invitations',
      name: '工作人员与邀请',
      hint: '发邀请码、撤销角色',
      url: '/staff/pages/invitations/index',
    });
    entries.push({
      key: 'agreements',
      name: '集体合同与职代会',
      hint: '合同到期、逾期提醒，企业职代会',
      url: '/staff/pages/agreements/index',
    });
  }
  if (staff.role === 'city_admin') {
    entries.push(
      { key: 'rounds', name: '申报批次', hint: '金秋助学、困难帮扶的批次', url: '/staff/pages/rounds/index' },
      { key: 'notices', name: '公示与异议', hint: '发布公示、处理异议', url: '/staff/pages/notices/index' },
      { key: 'payments', name: '发放批次', hint: '导出银行文件、登记结果', url: '/staff/pages/payments/index' },
      { key: 'requests', name: '删除申请', hint: '群众申请删除个人信息', url: '/staff/pages/requests/index' },
      { key: 'incidents', name: '故障待办', hint: '发送失败的通知，可重试', url: '/staff/pages/incidents/index' },
    );
  }
  return { role: ROLE_LABELS[staff.role], name: staff.name, entries };
}

/** Staff in my scope, by part of a name and/or inside a node; and revoking a role below mine (with a reason). */
export const listStaff = (filters: { name?: string; nodeId?: string } = {}) => {
  const input: CallInput<'staff', 'listStaff'> = {};
  if (filters.name?.trim()) input.name = filters.name.trim();
  if (filters.nodeId) input.nodeId = filters.nodeId;
  return callApi('staff', 'listStaff', input);
};
export const revokeRole = (staffId: string, reason: string) =>
  callApi('staff', 'revokeRole', { staffId, reason }, { requestId: newRequestId() });

export const toStaffItem = (s: StaffView) => ({
  id: s.staffId,
  line: `${s.name} · ${ROLE_LABELS[s.role]} · ${s.gridName}`,
  since: formatDate(s.since),
  active: s.active,
});
export type StaffItem = ReturnType<typeof toStaffItem>;
