/**
 * `cases.types` tells the mini-program everything it needs of a case type from its declaration alone: its tile and
 * pages, its queue filter, its form's labelled fields and formats, and each action's label with its inputs.
 */
import '../../domain/catalog';
import '../fixtures/case-types/probe-types';
import { typeInfos } from '../../domain/cases/type-info';

const info = (type: string) => {
  const found = typeInfos().find((t) => t.type === type);
  if (!found) throw new Error(`no type ${type}`);
  return found;
};

describe('case type info served to the mini-program', () => {
  it('gives the appeal its tile, pages, queue and labelled fields with formats', () => {
    const appeal = info('appeal');
    expect(appeal.personFiled).toBe(true);
    expect(appeal.client).toMatchObject({
      submitPage: '/pages/appeal/index',
      resubmitPage: '/pages/appeal/index',
      detailPage: '/pages/case/index',
      queue: { label: '诉求', title: '待办事项' },
      onHome: true,
    });
    expect(appeal.client.catalogue?.name).toBe('我要诉求');
    expect(appeal.fields.find((f) => f.key === 'amountOwedFen')).toEqual({
      key: 'amountOwedFen',
      label: '被拖欠的工资',
      format: 'money',
    });
    expect(appeal.fields.find((f) => f.key === 'facts')?.format).toBe('longtext');
  });

  it('opens aid cases on the application page and keeps them off the home waiting list', () => {
    const aid = info('student_aid');
    expect(aid.client.detailPage).toBe('/pages/aid-application/index');
    expect(aid.client.onHome).toBe(false);
    expect(aid.client.moreDetail?.label).toContain('查看申请详情');
  });

  it('defaults an undeclared client: the generic case page, the queue filtered by its title', () => {
    const item = info('probe_task_item');
    expect(item.personFiled).toBe(false);
    expect(item.client.submitPage).toBeUndefined();
    expect(item.client.detailPage).toBe('/pages/case/index');
    expect(item.client.queue).toEqual({ label: '走访任务（村）', title: '待办事项' });
  });

  it('lists each action with its label and declared inputs', () => {
    const verbs = info('probe_task_item').verbs;
    expect(verbs.find((v) => v.verb === 'report')).toEqual({
      verb: 'report',
      label: '上报完成',
      inputs: [{ name: 'proof', label: '现场照片', kind: 'photos', required: true }],
    });
    expect(verbs.find((v) => v.verb === 'accept_report')?.inputs.map((i) => i.kind)).toEqual(['text']);
  });

  it('every served type has a queue label and only shown fields (no internal id reaches the client)', () => {
    for (const t of typeInfos()) {
      expect(t.client.queue.label).not.toBe('');
      for (const f of t.fields) expect(f.label).not.toBe('');
    }
  });
});
