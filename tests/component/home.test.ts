/** Home: service tiles, what is waiting for me, notices; partial failures still show the rest. */
import { fail, loadPage, ok, offline, type ApiTable } from './support';
import { caseSummary, caseTypeInfos } from './fixtures';

const api = (extra: ApiTable = {}): ApiTable => ({
  'cases.types': ok({ types: caseTypeInfos() }),
  'staff.myRoles': ok({ staff: null, hasProfile: true }),
  'cases.mine': ok({
    items: [caseSummary(), caseSummary({ _id: 'c2', open: false, title: '已办结的事' })],
    nextCursor: null,
  }),
  'aid.mine': ok({
    items: [
      {
        caseId: 'a1',
        roundTitle: '2026年金秋助学',
        programme: 'student_aid',
        stage: 'in_notice',
        stageLabel: '公示中',
        caseStatus: 'x',
        amountFen: 300000,
        paidOn: null,
        submittedAt: '2026-11-01T00:00:00.000Z',
      },
    ],
  }),
  'aid.notices': ok({
    notices: [
      {
        noticeId: 'n1',
        title: '金秋助学拟资助名单公示',
        programme: '金秋助学',
        publishedOn: '2026-11-20',
        endsOn: '2026-11-27',
        count: 12,
      },
    ],
  }),
  ...extra,
});

describe('home page', () => {
  it('should show every service as a large labelled tile and open it', async () => {
    const page = loadPage('pages/home/index', { api: api() });
    await page.settle();
    for (const name of ['我要诉求', '金秋助学', '困难帮扶', '咨询', '政策问答', '公示'])
      expect(page.text()).toContain(name);
    await page.tap('.tile-student-aid');
    expect(page.wx.navigations[0].url).toBe('/pages/aid-apply/index?programme=student_aid');
  });

  it('should show my open cases, my applications in progress and current notices', async () => {
    const page = loadPage('pages/home/index', { api: api() });
    await page.settle();
    expect(page.count('.waiting-item')).toBe(1);
    expect(page.text()).not.toContain('已办结的事');
    expect(page.text()).toContain('12月3日（周四）17:00 前办理');
    expect(page.count('.application-item')).toBe(1);
    expect(page.text()).toContain('公示中');
    await page.tap('.notice-item');
    expect(page.wx.navigations[0].url).toBe('/pages/notice/index?id=n1');
  });

  it('should give active staff a workbench tile, and nobody else', async () => {
    const staff = {
      staffId: 's1',
      name: '高工作员',
      role: 'town_staff' as const,
      gridNodeId: 't15',
      gridName: '万家乡',
      gridPath: ['city', 't15'],
      active: true,
      since: '2026-01-01T00:00:00.000Z',
    };
    const worker = loadPage('pages/home/index', { api: api() });
    await worker.settle();
    expect(worker.exists('.workbench')).toBe(false);
    const town = loadPage('pages/home/index', { api: api({ 'staff.myRoles': ok({ staff, hasProfile: true }) }) });
    await town.settle();
    await town.tap('.workbench');
    expect(town.wx.navigations[0].url).toBe('/staff/pages/home/index');
  });

  it('should still show notices when my cases cannot be loaded', async () => {
    const page = loadPage('pages/home/index', {
      api: api({ 'cases.mine': fail('PROFILE_REQUIRED', 'x'), 'aid.mine': fail('PROFILE_REQUIRED', 'x') }),
    });
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    expect(page.count('.notice-item')).toBe(1);
  });

  it('should show an error with retry only when nothing answered', async () => {
    const page = loadPage('pages/home/index', {
      api: {
        'cases.types': ok({ types: caseTypeInfos() }),
        'cases.mine': offline,
        'aid.mine': offline,
        'aid.notices': offline,
      },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('我要诉求'); // the services stay usable
    expect(page.exists('#status >>> .status-retry')).toBe(true);
  });
});
