/**
 * The mini-program renders a case type it has never heard of: the test-only declarations
 * (`tests/fixtures/case-types`) served by the real `typeInfo` appear as a queue filter, a case of theirs shows its
 * declared submission lines and the actions the real engine offers, and the photo proof its `report` action
 * declares is asked for and sent — with no file of the mini-program naming the type.
 */
import '../fixtures/case-types/probe-types';
import { probeTaskItem } from '../fixtures/case-types/probe-types';
import { availableActions, type EngineActor } from '../../domain/cases/machine';
import { describeSubmission } from '../../domain/cases/submission';
import { loadPage, ok } from './support';
import { caseDetail, caseSummary, caseTypeInfos, smallGrid } from './fixtures';

const collector: EngineActor = {
  openid: 'o-collector',
  personId: null,
  staff: {
    staffId: 's1',
    role: 'village_collector',
    gridNodeId: 't15-v01',
    gridPath: ['city', 't15', 't15-v01'],
    name: '王测试',
  },
};
const form = { title: '汛期困难户走访', instructions: '入户查看房屋安全，拍摄现场照片上报。', townId: 't15' };
const itemCase = {
  status: 'doing',
  level: 'village' as const,
  nodeId: 't15-v01',
  nodePath: ['city', 't15', 't15-v01'],
  reopenCount: 0,
  held: false,
  form,
  data: {},
  applicantOpenid: '',
  initiator: {
    kind: 'node' as const,
    nodeId: 't15',
    nodePath: ['city', 't15'],
    staffId: 's-town',
    staffName: '李*',
    role: 'town_staff' as const,
    openid: 'o-town',
  },
};

describe('a test-only case type in the mini-program', () => {
  it('is a filter of the staff queue, labelled by its declaration', async () => {
    const page = loadPage('staff/pages/queue/index', {
      api: {
        'cases.types': ok({ types: caseTypeInfos() }),
        'grid.tree': ok(smallGrid()),
        'cases.queue': ok({
          items: [caseSummary({ _id: 'p1-t15-v01', type: 'probe_task_item', typeTitle: '走访任务（村）' })],
          nextCursor: null,
        }),
      },
    });
    await page.settle();
    expect(page.instance.data.types.map((t: { label: string }) => t.label)).toContain('走访任务（村）');
    expect(page.text()).toContain('走访任务（村）');
  });

  it('shows its declared submission and asks for the photo proof its action declares', async () => {
    const actions = availableActions(probeTaskItem, itemCase, collector);
    const submission = describeSubmission(probeTaskItem, form, { relation: 'staff', placeName: () => '万家乡' });
    const detail = caseDetail({
      _id: 'p1-t15-v01',
      type: 'probe_task_item',
      typeTitle: '走访任务（村）',
      status: 'doing',
      statusLabel: '办理中',
      access: 'staff',
      resubmitPage: undefined,
      submission,
      availableActions: actions,
    });
    const page = loadPage('staff/pages/case/index', {
      query: { id: 'p1-t15-v01' },
      api: { 'cases.get': ok(detail), 'cases.act': ok({ ...detail, status: 'reported', statusLabel: '待验收' }) },
    });
    await page.settle();
    expect(page.text()).toContain('任务要求');
    expect(page.text()).toContain('入户查看房屋安全');
    await page.tap('#actions >>> .action-report');
    await page.tap('#actions >>> .panel-confirm');
    expect(page.text()).toContain('请拍摄现场照片');
    await page.tap('#actions >>> .panel-photos-proof >>> .upload-add');
    await page.settle();
    await page.tap('#actions >>> .panel-confirm');
    const act = page.wx.calls.find((c) => c.action === 'act');
    expect(act?.input).toEqual({
      caseId: 'p1-t15-v01',
      version: 3,
      action: 'report',
      inputs: {
        proof: { photoFileIds: [`cloud://env.bucket/${page.wx.uploads[0].cloudPath}`], location: null, note: '' },
      },
    });
  });
});

describe('what a type declares for the staff case page', () => {
  const open = (type: string) => {
    const detail = caseDetail({ type, access: 'staff' });
    return loadPage('staff/pages/case/index', {
      query: { id: 'c1' },
      api: { 'cases.get': ok(detail), 'aid.files': ok({ files: [] }), 'cases.files': ok({ files: [] }) },
    });
  };

  it('an aid case offers its application page and lists its files from the aid function', async () => {
    const page = open('student_aid');
    await page.settle();
    expect(page.text()).toContain('查看申请详情（核查结果、家庭收入）');
    expect(page.exists('#files')).toBe(true);
    expect(page.wx.calls.some((c) => c.name === 'aid' && c.action === 'files')).toBe(true);
    await page.tap('.aid-detail');
    expect(page.wx.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/aid-application/index?id=c1' });
  });

  it('an appeal declares neither: no button, no separate file list', async () => {
    const page = open('appeal');
    await page.settle();
    expect(page.text()).not.toContain('查看申请详情');
    expect(page.exists('#files')).toBe(false);
  });
});
