/**
 * 工作人员与邀请: issue a single-use invitation code for a role below mine, inside my scope (city
 * admin → town staff or collector; town staff → collector), see the invitations issued, and revoke
 * a staff member's role (with a reason).
 */
import { IssueInvitationInput, type StaffRole } from '@union/contracts';
import {
  invitableRoles,
  issueInvitation,
  listInvitations,
  listStaff,
  myRoles,
  revokeRole,
  roleOptions,
  toInvitationItem,
  toStaffItem,
  type InvitationItem,
  type StaffItem,
} from '../../../services/staff';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { formatDeadline } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';
import { ListStaffInput, maxLengths } from '@union/contracts';

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(IssueInvitationInput, { inviteeName: 'inviteeName' }),
      ...maxLengths(ListStaffInput, { staffQuery: 'name' }),
    },
    roles: [] as Array<{ value: StaffRole; label: string }>,
    items: [] as InvitationItem[],
    staff: [] as StaffItem[],
    myStaffId: '',
    form: { role: '' as StaffRole | '', gridNodeId: '', inviteeName: '' },
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
    issued: null as { code: string; expires: string } | null,
    /** The staff list's search: part of a name, and a town or village ('' = my whole scope). */
    staffQuery: '',
    staffNodeId: '',
    /** How many staff match (the list shows the first ones). */
    staffTotal: 0,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const [roles, list, staff] = await Promise.all([myRoles(), listInvitations(), listStaff()]);
      if (!roles.ok) return this.showLoadError(roles);
      if (!list.ok) return this.showLoadError(list);
      const me = roles.data.staff;
      const allowed = me && me.active ? invitableRoles(me.role) : [];
      if (!allowed.length) {
        this.setData({ status: 'error', message: '您的角色不能邀请工作人员。' });
        return;
      }
      this.setData({
        status: 'ready',
        roles: roleOptions(allowed),
        items: list.data.invitations.map(toInvitationItem),
        staff: staff.ok ? staff.data.staff.filter((s) => s.active).map(toStaffItem) : [],
        staffTotal: staff.ok ? staff.data.total : 0,
        myStaffId: me?.staffId ?? '',
      });
    },
    onStaffQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ staffQuery: e.detail.value });
    },
    onStaffNode(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ staffNodeId: e.detail.nodeId });
      void this.searchStaff();
    },
    /** Search the staff list by name and node. */
    async searchStaff() {
      const result = await listStaff({ name: this.data.staffQuery, nodeId: this.data.staffNodeId });
      if (!result.ok) return wx.showToast({ title: result.message, icon: 'none' });
      this.setData({
        staff: result.data.staff.filter((s) => s.active).map(toStaffItem),
        staffTotal: result.data.total,
      });
    },
    onRole(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.role': e.detail.value as StaffRole, 'form.gridNodeId': '', 'errors.role': '' });
    },
    onNode(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ 'form.gridNodeId': e.detail.nodeId, 'errors.gridNodeId': '' });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.inviteeName': e.detail.value, 'errors.inviteeName': '' });
    },
    async onIssue() {
      if (this.data.phase === 'sending') return;
      const input = { ...this.data.form, role: this.data.form.role || undefined };
      const checked = check(IssueInvitationInput, input);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      this.setData({ phase: 'sending' });
      const result = await issueInvitation(checked.value);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ errors: failureToErrors(result) });
        return;
      }
      this.setData({
        issued: { code: result.data.code, expires: formatDeadline(result.data.expiresAt) },
        form: { role: '', gridNodeId: '', inviteeName: '' },
      });
      void this.load();
    },
    onRevoke(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; line: string }>) {
      const { id, line } = e.currentTarget.dataset;
      wx.showModal({
        title: '撤销工作人员',
        content: `撤销 ${line} 的角色？`,
        editable: true,
        placeholderText: '撤销原因（必填）',
        success: (res) => {
          if (!res.confirm) return;
          const reason = (res.content ?? '').trim();
          if (reason.length < 2) return wx.showToast({ title: '请填写撤销原因', icon: 'none' });
          void revokeRole(id, reason).then((result) => {
            if (!result.ok) return wx.showModal({ title: '没有撤销', content: result.message, showCancel: false });
            this.setData({ staff: this.data.staff.filter((s) => s.id !== id) });
            wx.showToast({ title: '已撤销', icon: 'success' });
          });
        },
      });
    },
    onCopy() {
      if (this.data.issued) wx.setClipboardData({ data: this.data.issued.code });
    },
  },
});
