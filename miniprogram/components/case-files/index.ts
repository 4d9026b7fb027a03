/**
 * `<case-files case-id="…" source="case|aid">`: a case's photos as thumbnails that open full size
 * (`wx.previewImage`), its documents as rows that open in the system viewer, a file no longer in storage as
 * “已删除”. The links come from the functions (scope-checked, short-lived); a tap after they ran out fetches
 * fresh ones first. Renders nothing for a case without files. `load()` refreshes (after a new home visit).
 */
import type { CaseFile } from '@union/contracts';
import { linksExpiring, loadCaseFiles, type FileSource } from '../../services/files';
import type { ScreenStatus } from '../../utils/status';

Component({
  options: { addGlobalClass: true },
  properties: {
    caseId: { type: String, value: '' },
    /** {@link FileSource}: `case` (form and thread) or `aid` (also the admission letter and home-visit photos). */
    source: { type: String, value: 'case' },
    /** Heading above the files ('' = none). */
    heading: { type: String, value: '照片和材料' },
  },
  data: {
    status: 'idle' as ScreenStatus,
    message: '',
    files: [] as CaseFile[],
    images: [] as CaseFile[],
    documents: [] as CaseFile[],
  },
  observers: {
    'caseId, source'(caseId: string) {
      if (caseId) void this.load();
    },
  },
  methods: {
    async load(): Promise<void> {
      const { caseId, source } = this.data;
      if (!caseId) return;
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadCaseFiles(caseId, source as FileSource);
      if (!result.ok) {
        this.setData({ status: 'error', message: `照片没有加载：${result.message}` });
        return;
      }
      const files = result.data;
      this.setData({
        status: files.length ? 'ready' : 'empty',
        files,
        images: files.filter((f) => f.kind === 'image'),
        documents: files.filter((f) => f.kind === 'document'),
      });
    },
    onRetry() {
      void this.load();
    },
    /** Fresh links when these are about to run out (a page left open for a while). */
    async fresh(): Promise<void> {
      if (linksExpiring(this.data.files)) await this.load();
    },
    async onImage(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      await this.fresh();
      const shown = this.data.images.filter((f) => f.url);
      const picked = this.data.images[e.currentTarget.dataset.index];
      if (!picked?.url) return;
      wx.previewImage({ urls: shown.map((f) => f.url as string), current: picked.url });
    },
    async onDocument(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      await this.fresh();
      const url = this.data.documents[e.currentTarget.dataset.index]?.url;
      if (!url) return;
      wx.showLoading({ title: '正在打开' });
      wx.downloadFile({
        url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, showMenu: false }),
        fail: () => wx.showToast({ title: '文件没有打开，请稍后重试', icon: 'none' }),
        complete: () => wx.hideLoading(),
      });
    },
  },
});
