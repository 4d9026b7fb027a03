/** Invitations: issue a code for a role below mine in my scope; redeem a code. */
import type { StaffView } from '@union/contracts';
import { fail, loadPage, ok, type ApiTable } from './support';
import { smallGrid } from './fixtures';

const me = (role: StaffView['role']): StaffView => ({
  staffId: 's1',
  name: '王五',
  role,
  gridNodeId: role === 'city_admin' ? 'city' : 't01',
  gridName: role === 'city_admin' ? '松滋市' : '南海镇',
  gridPath: ['city'],
  active: true,
  since: '2026-01-01T00:00:00.000Z',
});
const api = (role: StaffView['role'], extra: ApiTable = {}): ApiTable => ({
  'staff.myRoles': ok({ staff: me(role), hasProfile: true }),
  'staff.listInvitations': ok({
    invitations: [
      {
        invitationId: 'i1',
        role: 'village_collector',
        gridNodeId: 't01-v01',
        gridName: '南海镇南1村',
        inviteeName: '赵六',
        expiresAt: '2026-12-07T00:00:00.000Z',
        status: 'pending',
      },
    ],
  }),
  'grid.tree': ok(smallGrid()),
  'staff.listStaff': ok({
    staff: [
      me(role),
      { ...me('village_collector'), staffId: 's2', name: '赵六', gridNodeId: 't01-v01', gridName: '南海镇南1村' },
    ],
    total: 2,
  }),
  ...extra,
});

describe('invitations page', () => {
  it('should offer a town staff member only the collector role, and list issued invitations', async () => {
    const page = loadPage('staff/pages/invitations/index', { api: api('town_staff') });
    await page.settle();
    expect(page.instance.data.roles.map((r: { value: string }) => r.value)).toEqual(['village_collector']);
    // Places in words, never a node id (issue 12 item 7).
    expect(page.text()).toContain('赵六 · 信息采集员 · 南海镇南1村');
    expect(page.text()).not.toContain('t01-v01');
    expect(page.text()).toContain('待使用');
  });

  it('should find staff by part of a name and by town or village, saying how many match', async () => {
    const page = loadPage('staff/pages/invitations/index', {
      api: api('city_admin', {
        'staff.listStaff': (input) =>
          ok({
            staff: [{ ...me('village_collector'), staffId: 's9', name: '周新员', gridName: '南海镇南1村' }],
            total: input.name || input.nodeId ? 1 : 290,
          }),
      }),
    });
    await page.settle();
    expect(page.text()).toContain('共 290 人，先显示前 1 人');
    await page.type('#staff-query', '新员');
    await page.tap('.search-staff');
    expect(page.wx.calls.filter((c) => c.action === 'listStaff').pop()?.input).toEqual({ name: '新员' });
    expect(page.text()).toContain('共 1 人');
    expect(page.text()).toContain('周新员 · 信息采集员 · 南海镇南1村');
    await page.fire('#staff-node >>> .pick-town', 'change', { value: '0' });
    expect(page.wx.calls.filter((c) => c.action === 'listStaff').pop()?.input).toEqual({ name: '新员', nodeId: 't01' });
  });

  it('should issue a town staff invitation for a town and show the code', async () => {
    const page = loadPage('staff/pages/invitations/index', {
      api: api('city_admin', {
        'staff.issueInvitation': (input) =>
          ok({
            invitationId: 'i2',
            code: 'AB12CD34EF',
            role: input.role,
            gridNodeId: input.gridNodeId,
            expiresAt: '2026-12-07T00:00:00.000Z',
          }),
      }),
    });
    await page.settle();
    await page.tap('.issue');
    expect(page.instance.data.errors.role).toBe('请选择角色');
    await page.fire('#role', 'change', { value: 'town_staff' });
    expect(page.exists('#node >>> .pick-village')).toBe(false);
    await page.fire('#node >>> .pick-town', 'change', { value: '1' });
    await page.type('#invitee', '钱七');
    await page.tap('.issue');
    expect(page.wx.calls.find((c) => c.action === 'issueInvitation')?.input).toEqual({
      role: 'town_staff',
      gridNodeId: 't02',
      inviteeName: '钱七',
    });
    expect(page.text()).toContain('AB12CD34EF');
  });

  it('should revoke a staff member below me only with a reason, never myself', async () => {
    const page = loadPage('staff/pages/invitations/index', {
      modalContent: '已调离',
      api: api('town_staff', {
        'staff.revokeRole': (input) => ok({ ...me('village_collector'), staffId: input.staffId, active: false }),
      }),
    });
    await page.settle();
    expect(page.count('.staff-member')).toBe(2);
    expect(page.count('.revoke')).toBe(1);
    await page.tap('.revoke');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'revokeRole')?.input).toEqual({ staffId: 's2', reason: '已调离' });
    expect(page.count('.staff-member')).toBe(1);
  });

  it('should tell a collector they cannot invite', async () => {
    const page = loadPage('staff/pages/invitations/index', { api: api('village_collector') });
    await page.settle();
    expect(page.text()).toContain('您的角色不能邀请工作人员。');
  });
});

describe('redeem page', () => {
  it('should check the code format, redeem it and welcome the new staff member', async () => {
    const page = loadPage('staff/pages/redeem/index', {
      noLifecycle: true,
      api: { 'staff.redeemInvitation': ok({ ...me('village_collector'), name: '钱七' }) },
    });
    await page.type('#code', 'abc');
    await page.type('#name', '钱七');
    await page.tap('.submit');
    expect(page.instance.data.errors.code).toBe('邀请码应为10位字母或数字');
    await page.type('#code', 'AB12CD34EF');
    await page.tap('.submit');
    const call = page.wx.calls[0];
    expect(call.input).toEqual({ code: 'AB12CD34EF', name: '钱七' });
    expect(call.requestId).toBeTruthy();
    expect(page.text()).toContain('您已成为信息采集员');
  });

  it('should show why a code was refused', async () => {
    const page = loadPage('staff/pages/redeem/index', {
      noLifecycle: true,
      api: { 'staff.redeemInvitation': fail('NOT_FOUND', '邀请码无效或已过期', 'code') },
    });
    await page.type('#code', 'AB12CD34EF');
    await page.type('#name', '钱七');
    await page.tap('.submit');
    expect(page.text()).toContain('邀请码无效或已过期');
  });
});
