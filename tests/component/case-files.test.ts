/**
 * `<case-files>`: a case's photos as thumbnails (links from the scope-checked functions) that open full size, its
 * documents opened in the system viewer, deleted files said plainly, links fetched again once they ran out.
 */
import type { CaseFile } from '@union/contracts';
import { fail, loadPage, ok, type ApiTable } from './support';

const file = (over: Partial<CaseFile>): CaseFile => ({
  fileID: `cloud://env.b/${over.field ?? 'a'}.jpg`,
  field: 'form.attachments.0',
  label: '照片或材料 1',
  kind: 'image',
  url: 'http://127.0.0.1/storage/a.jpg?e=9&sign=s',
  expiresAt: '2099-01-01T00:00:00.000Z',
  ...over,
});
const open = (props: Record<string, unknown>, api: ApiTable) =>
  loadPage('components/case-files/index', { noLifecycle: true, props, api });

describe('case files', () => {
  it('should show an aid application’s letter and visit photos as thumbnails that open full size', async () => {
    const letter = file({ field: 'child.admissionLetterFileId', label: '录取通知书', url: 'http://x/letter.png' });
    const visit = file({
      field: 'homeVisits.0.photoFileIds.0',
      label: '入户核实照片（2026-03-02）',
      url: 'http://x/v.png',
    });
    const page = open({ caseId: 'a1', source: 'aid' }, { 'aid.files': ok({ files: [letter, visit] }) });
    await page.settle();
    expect(page.count('.thumb')).toBe(2);
    expect(page.text()).toContain('录取通知书');
    expect(page.text()).toContain('入户核实照片（2026-03-02）');
    expect(page.wx.calls.map((c) => `${c.name}.${c.action}`)).toEqual(['aid.files']);
    await page.tap('#thumb-1');
    expect(page.wx.previews).toEqual([{ urls: ['http://x/letter.png', 'http://x/v.png'], current: 'http://x/v.png' }]);
  });

  it('should open a document in the system viewer and say when a file was deleted', async () => {
    const doc = file({
      field: 'form.attachments.1',
      label: '照片或材料 2',
      kind: 'document',
      url: 'http://x/contract.pdf',
    });
    const gone = file({ label: '照片或材料 1', url: null });
    const page = open({ caseId: 'c1' }, { 'cases.files': ok({ files: [gone, doc] }) });
    await page.settle();
    expect(page.text()).toContain('已删除');
    expect(page.count('image.thumb')).toBe(0);
    await page.tap('.doc');
    await page.settle();
    expect(page.wx.documents).toEqual([{ url: 'http://x/contract.pdf', filePath: 'http://tmp/download-0' }]);
  });

  it('should fetch fresh links before opening when the old ones ran out', async () => {
    let n = 0;
    const page = open(
      { caseId: 'c1' },
      {
        'cases.files': () => {
          n += 1;
          return ok({
            files: [
              file({
                url: `http://x/${n}.jpg`,
                expiresAt: n === 1 ? '2000-01-01T00:00:00.000Z' : '2099-01-01T00:00:00.000Z',
              }),
            ],
          });
        },
      },
    );
    await page.settle();
    await page.tap('.thumb');
    await page.settle();
    expect(page.wx.previews[0]).toEqual({ urls: ['http://x/2.jpg'], current: 'http://x/2.jpg' });
  });

  it('should render nothing for a case without files, and say so when the links could not be had', async () => {
    const none = open({ caseId: 'c1' }, {});
    await none.settle();
    expect(none.exists('.case-files')).toBe(false);
    const refused = open({ caseId: 'c1' }, { 'cases.files': fail('NOT_FOUND', '事项不存在') });
    await refused.settle();
    expect(refused.text()).toContain('照片没有加载：事项不存在');
  });
});
