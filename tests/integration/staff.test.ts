/**
 * The `staff` function through the real wx-server-sdk: roles come only from invitations issued by a
 * higher level (single-use, expiring, bound to a name) or from the bootstrap command; roles can be
 * revoked; nobody can raise their own role.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { callAs, startSeededCloud } from '../support/people';
import type { TestCloud } from '../support/cloud';
import { bootstrapCityAdmin } from '../../scripts/bootstrap-admin';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

describe('staff function', () => {
  let cloud: TestCloud;
  const staff = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'staff', action, input);
  const people = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'people', action, input);
  const invite = (openid: string, role: string, gridNodeId: string, inviteeName = '吴测试') =>
    staff(openid, 'issueInvitation', { role, gridNodeId, inviteeName });

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('tells each demo person their role and scope', async () => {
    expect((await staff('demo-admin', 'myRoles')).data.staff).toMatchObject({
      role: 'city_admin',
      gridNodeId: 'city',
      active: true,
    });
    expect((await staff('demo-town-t15', 'myRoles')).data.staff).toMatchObject({
      role: 'town_staff',
      gridPath: ['city', 't15'],
    });
    expect((await staff('demo-collector-t15-v01', 'myRoles')).data.staff).toMatchObject({
      role: 'village_collector',
      gridNodeId: 't15-v01',
    });
    expect((await staff('demo-migrant-1', 'myRoles')).data).toEqual({ staff: null, hasProfile: true });
  });

  describe('invitations', () => {
    let code = '';

    it('town staff invite a collector for a village of their town; the invitee redeems it from their WeChat', async () => {
      const issued = await invite('demo-town-t15', 'village_collector', 't15-v02');
      expect(issued.data).toMatchObject({ role: 'village_collector', gridNodeId: 't15-v02' });
      expect(issued.data.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
      expect(new Date(issued.data.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      code = issued.data.code;
      const redeemed = await staff('o-new-collector', 'redeemInvitation', { code, name: '吴测试' });
      expect(redeemed.data).toMatchObject({
        role: 'village_collector',
        gridNodeId: 't15-v02',
        gridPath: ['city', 't15', 't15-v02'],
        active: true,
      });
      expect((await staff('o-new-collector', 'myRoles')).data.staff.staffId).toBe(redeemed.data.staffId);
      expect((await people('o-new-collector', 'searchPeople', { nodeId: 't15-v02' })).ok).toBe(true);
      expect((await people('o-new-collector', 'searchPeople', { nodeId: 't15-v01' })).code).toBe('FORBIDDEN');
    });

    it('keeps the name the inviter typed, even when the invitee’s profile has another', async () => {
      const { data } = await invite('demo-town-t15', 'village_collector', 't15-v05', '周新员');
      const profileName = (await people('demo-migrant-5', 'me')).data.name;
      expect(profileName).not.toBe('周新员');
      const redeemed = await staff('demo-migrant-5', 'redeemInvitation', { code: data.code, name: '周新员' });
      expect(redeemed.data).toMatchObject({ name: '周新员', gridNodeId: 't15-v05' });
      const listed = (await staff('demo-town-t15', 'listStaff', { name: '新员' })).data;
      expect(listed.staff.map((s: { name: string }) => s.name)).toEqual(['周新员']);
      expect(listed.staff[0].gridName).toMatch(/^万家乡.+/);
    });

    it('finds staff by part of a name or by node, in words, a page at a time with the total', async () => {
      const all = (await staff('demo-admin', 'listStaff', {})).data;
      expect(all.total).toBeGreaterThan(250);
      expect(all.staff.length).toBeLessThanOrEqual(50);
      for (const s of all.staff) expect(s.gridName).toMatch(/^[\u4e00-\u9fff（）]+$/);
      const town = (await staff('demo-admin', 'listStaff', { nodeId: 't15' })).data;
      expect(town.staff.every((s: { gridPath: string[] }) => s.gridPath.includes('t15'))).toBe(true);
      expect((await staff('demo-admin', 'listStaff', { name: '没有这个人' })).data).toEqual({ staff: [], total: 0 });
    });

    it('is single-use', async () => {
      expect(await staff('o-second-taker', 'redeemInvitation', { code, name: '吴测试' })).toMatchObject({
        ok: false,
        code: 'PRECONDITION_FAILED',
      });
      expect((await staff('o-second-taker', 'myRoles')).data.staff).toBeNull();
    });

    it('lets exactly one of several simultaneous redeemers take it', async () => {
      const { data } = await invite('demo-town-t15', 'village_collector', 't15-v03', '郑测试');
      const results = await Promise.all(
        ['o-race-a', 'o-race-b', 'o-race-c'].map((o) =>
          staff(o, 'redeemInvitation', { code: data.code, name: '郑测试' }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const staffNow = (await staff('demo-town-t15', 'listStaff', { nodeId: 't15-v03' })).data.staff;
      expect(staffNow.filter((s: { name: string }) => s.name === '郑测试')).toHaveLength(1);
    });

    it('is bound to the invitee’s name, refuses unknown codes, and expires after 7 days', async () => {
      const { data } = await invite('demo-town-t15', 'village_collector', 't15-v04', '冯测试');
      expect(await staff('o-late', 'redeemInvitation', { code: data.code, name: '冯示例' })).toMatchObject({
        code: 'PRECONDITION_FAILED',
        field: 'name',
      });
      expect(await staff('o-late', 'redeemInvitation', { code: 'ZZZZZZZZZZ', name: '冯测试' })).toMatchObject({
        code: 'NOT_FOUND',
      });
      process.env.UNION_CLOCK_OFFSET_MS = String(8 * 86_400_000);
      try {
        const late = await staff('o-late', 'redeemInvitation', { code: data.code, name: '冯测试' });
        expect(late).toMatchObject({ code: 'PRECONDITION_FAILED' });
        expect(late.message).toContain('过期');
      } finally {
        delete process.env.UNION_CLOCK_OFFSET_MS;
      }
      const listed = (await staff('demo-town-t15', 'listInvitations')).data.invitations;
      expect(listed.find((i: { invitationId: string }) => i.invitationId === data.invitationId)).toMatchObject({
        status: 'pending',
      });
    });

    it('stores the code only as a blind index', async () => {
      const { data } = await invite('demo-admin', 'town_staff', 't16', '陈测试');
      const stored = JSON.stringify(await cloud.db.find('invitations', { limit: 1000 }));
      expect(stored).not.toContain(data.code);
      expect(JSON.stringify(await cloud.db.find('requests', { limit: 1000 }))).not.toContain(data.code);
    });
  });

  describe('nobody raises their own role', () => {
    it.each([
      ['a collector invites a collector', 'demo-collector-t15-v01', 'village_collector', 't15-v05'],
      ['a collector invites town staff', 'demo-collector-t15-v01', 'town_staff', 't15'],
      ['town staff invite town staff', 'demo-town-t15', 'town_staff', 't15'],
      ['town staff invite a city admin', 'demo-town-t15', 'city_admin', 'city'],
      ['a city admin invites a city admin', 'demo-admin', 'city_admin', 'city'],
      ['a worker invites anyone', 'demo-worker-1', 'village_collector', 't15-v01'],
      ['town staff invite outside their town', 'demo-town-t14', 'village_collector', 't15-v05'],
    ])('%s: FORBIDDEN', async (_what, openid, role, node) => {
      expect(await invite(openid, role, node)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('refuses an invitation at the wrong grid level, naming the field', async () => {
      expect(await invite('demo-admin', 'town_staff', 't15-v01')).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'gridNodeId',
      });
    });

    it('refuses a staff member redeeming an invitation (even one they issued) to change their own role', async () => {
      const own = await invite('demo-town-t15', 'village_collector', 't15-v05');
      expect((await staff('demo-town-t15', 'redeemInvitation', { code: own.data.code, name: '吴测试' })).code).toBe(
        'CONFLICT',
      );
    });

    it('ignores a role or scope written into the request', async () => {
      expect(await staff('demo-worker-1', 'myRoles', { role: 'city_admin' })).toMatchObject({ code: 'INVALID_INPUT' });
      const forged = await cloud.callFunction(
        'staff',
        { action: 'myRoles', openid: 'demo-admin', userInfo: { openId: 'demo-admin' } },
        { openid: 'demo-worker-1' },
      );
      expect((forged.result as { data: unknown }).data).toEqual({ staff: null, hasProfile: true });
      expect(
        await staff('demo-worker-1', 'issueInvitation', {
          role: 'village_collector',
          gridNodeId: 't15-v01',
          inviteeName: '吴测试',
          staffId: 'staff-admin',
        }),
      ).toMatchObject({
        code: 'INVALID_INPUT',
      });
    });
  });

  describe('revoking', () => {
    it('town staff revoke a collector in their town: the role stops working at once and is audited', async () => {
      const target = (await staff('o-new-collector', 'myRoles')).data.staff;
      const revoked = await staff('demo-town-t15', 'revokeRole', { staffId: target.staffId, reason: '调离岗位' });
      expect(revoked.data).toMatchObject({ staffId: target.staffId, active: false });
      expect((await staff('o-new-collector', 'myRoles')).data.staff).toBeNull();
      expect((await people('o-new-collector', 'searchPeople', {})).code).toBe('FORBIDDEN');
      expect(await staff('demo-town-t15', 'revokeRole', { staffId: target.staffId, reason: '再次撤销' })).toMatchObject(
        { code: 'PRECONDITION_FAILED' },
      );
      const audit = (await cloud.db.find('audit_log', { limit: 1000 })) as Array<Record<string, unknown>>;
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'staff.revoke',
          targetId: target.staffId,
          staffId: 'staff-t15',
          role: 'town_staff',
          clientIp: '127.0.0.1',
        }),
      );
      const withRevoked = (await staff('demo-town-t15', 'listStaff', { nodeId: 't15-v02', includeRevoked: true })).data
        .staff;
      expect(withRevoked.map((s: { staffId: string }) => s.staffId)).toContain(target.staffId);
      expect(
        (await staff('demo-town-t15', 'listStaff', { nodeId: 't15-v02' })).data.staff.map(
          (s: { staffId: string }) => s.staffId,
        ),
      ).not.toContain(target.staffId);
      // The person may take a new role from a new invitation.
      const again = await invite('demo-town-t15', 'village_collector', 't15-v06', '吴测试');
      expect(
        (await staff('o-new-collector', 'redeemInvitation', { code: again.data.code, name: '吴测试' })).data,
      ).toMatchObject({ gridNodeId: 't15-v06', active: true });
    });

    it('refuses revoking oneself, an equal or higher role, or anyone outside the scope', async () => {
      expect((await staff('demo-town-t15', 'revokeRole', { staffId: 'staff-t15', reason: '自行撤销' })).code).toBe(
        'FORBIDDEN',
      );
      expect((await staff('demo-town-t15', 'revokeRole', { staffId: 'staff-admin', reason: '越级撤销' })).code).toBe(
        'NOT_FOUND',
      );
      expect((await staff('demo-town-t14', 'revokeRole', { staffId: 'staff-t15-v07', reason: '越界撤销' })).code).toBe(
        'NOT_FOUND',
      );
      expect(
        (await staff('demo-collector-t15-v01', 'revokeRole', { staffId: 'staff-t15-v07', reason: '越权撤销' })).code,
      ).toBe('NOT_FOUND');
      expect((await staff('demo-admin', 'revokeRole', { staffId: 'staff-admin', reason: '自行撤销' })).code).toBe(
        'FORBIDDEN',
      );
    });

    it('voids the pending invitations of a revoked issuer', async () => {
      const pending = await invite('demo-town-t13', 'village_collector', 't13-v01', '蒋测试');
      expect((await staff('demo-admin', 'revokeRole', { staffId: 'staff-t13', reason: '调离岗位' })).ok).toBe(true);
      expect(await staff('o-orphan', 'redeemInvitation', { code: pending.data.code, name: '蒋测试' })).toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
    });
  });

  it('lists only staff inside the caller’s scope', async () => {
    const town = (await staff('demo-town-t15', 'listStaff', {})).data.staff as Array<{
      gridPath: string[];
      role: string;
    }>;
    expect(town.length).toBeGreaterThanOrEqual(15);
    expect(town.every((s) => s.gridPath.includes('t15'))).toBe(true);
    const all = (await staff('demo-admin', 'listStaff', { role: 'town_staff' })).data.staff;
    expect(all).toHaveLength(15); // 16 towns, t13's staff revoked above
    expect((await staff('demo-town-t15', 'listStaff', { nodeId: 't14' })).code).toBe('FORBIDDEN');
    expect((await staff('demo-worker-1', 'listStaff', {})).code).toBe('FORBIDDEN');
  });

  describe('bootstrapping the first city administrator', () => {
    it('works from the documented command, is idempotent, and the new admin can invite', async () => {
      const args = [
        'tsx',
        'scripts/bootstrap-admin.ts',
        '--openid',
        'o-first-admin',
        '--name',
        '卫测试',
        '--admin-url',
        cloud.adminUrl,
        '--env',
        cloud.envId,
      ];
      const first = await run('npx', args, { cwd: ROOT });
      expect(first.stdout).toContain('city administrator created');
      const second = await run('npx', args, { cwd: ROOT });
      expect(second.stdout).toContain('already a city administrator');
      expect((await staff('o-first-admin', 'myRoles')).data.staff).toMatchObject({
        role: 'city_admin',
        name: '卫测试',
      });
      expect((await invite('o-first-admin', 'town_staff', 't02', '褚测试')).ok).toBe(true);
    }, 30_000);

    it('refuses an openid that already holds another role, and a malformed openid', async () => {
      await expect(bootstrapCityAdmin(cloud.sdkApp(), { openid: 'demo-town-t15', name: '卫测试' })).rejects.toThrow(
        'already holds the role town_staff',
      );
      await expect(bootstrapCityAdmin(cloud.sdkApp(), { openid: '{"$ne":null}', name: '卫测试' })).rejects.toThrow(
        '--openid',
      );
    });
  });
});
