/** "Me": profile at a glance; the workbench entry only for active staff. */
import { loadPage, ok } from './support';
import { myProfile } from './fixtures';

const staff = {
  staffId: 's1',
  name: '李四',
  role: 'town_staff' as const,
  gridNodeId: 't02',
  gridName: '万家乡',
  gridPath: ['city', 't02'],
  active: true,
  since: '2026-01-01T00:00:00.000Z',
};

describe('me page', () => {
  it('should show the workbench entry to active staff', async () => {
    const page = loadPage('pages/me/index', {
      api: { 'people.me': ok(myProfile()), 'staff.myRoles': ok({ staff, hasProfile: true }) },
    });
    await page.settle();
    expect(page.text()).toContain('张三');
    expect(page.text()).toContain('乡镇工作员');
    await page.tap('.go-workbench');
    expect(page.wx.navigations[0].url).toBe('/staff/pages/home/index');
  });

  it('should not show the workbench to a worker and say the profile can wait', async () => {
    const page = loadPage('pages/me/index', {
      api: { 'people.me': ok(null), 'staff.myRoles': ok({ staff: null, hasProfile: false }) },
    });
    await page.settle();
    expect(page.exists('.go-workbench')).toBe(false);
    expect(page.text()).toContain('办理诉求或申请帮扶时再填就可以');
  });
});
