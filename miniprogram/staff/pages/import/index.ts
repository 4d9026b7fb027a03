/**
 * 从表格导入 (staff): pick what to import, download its template, choose the filled workbook from a WeChat
 * chat, upload it and watch the import run — a background job on the server that this page polls (each
 * poll also moves it on); cancel it; then open the result workbook, whose 结果/原因 columns say for every row
 * what happened and, for a refused row, which cell is wrong. Correct those rows in the result file and
 * import it again: unchanged rows are not written twice.
 */
import type { ImportJobView, ImportKind } from '@union/contracts';
import {
  cancelImport,
  chooseWorkbook,
  IMPORT_KINDS_SHOWN,
  importResult,
  importStatus,
  importTemplate,
  jobLine,
  listImports,
  openWorkbook,
  startImport,
  uploadWorkbook,
  type JobLine,
} from '../../../services/registry';
import { newRequestId } from '../../../services/api';

const POLL_MS = 2000;
const RUNNING = ['queued', 'reading', 'writing', 'finishing'];

Component({
  data: {
    kinds: IMPORT_KINDS_SHOWN,
    kind: 'units' as ImportKind,
    /** One state for the whole screen. */
    phase: 'idle' as 'idle' | 'uploading' | 'running' | 'finished',
    uploadPercent: 0,
    fileName: '',
    job: null as ImportJobView | null,
    error: '',
    recent: [] as JobLine[],
    busy: false,
  },
  lifetimes: {
    detached() {
      this.stopPolling();
    },
  },
  pageLifetimes: {
    hide() {
      this.stopPolling();
    },
    show() {
      if (this.data.phase === 'running' && this.data.job) this.poll();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = IMPORT_KINDS_SHOWN.find((k) => k.value === query.kind)?.value ?? 'units';
      this.setData({ kind });
      void this.loadRecent();
    },
    async loadRecent() {
      const result = await listImports();
      if (result.ok) this.setData({ recent: result.data.jobs.map(jobLine) });
    },
    stopPolling() {
      const self = this as unknown as { timer?: number };
      if (self.timer) clearTimeout(self.timer);
      self.timer = undefined;
    },
    poll() {
      this.stopPolling();
      const self = this as unknown as { timer?: number };
      self.timer = setTimeout(() => void this.refresh(), POLL_MS) as unknown as number;
    },
    async refresh() {
      const job = this.data.job;
      if (!job) return;
      const result = await importStatus(job.jobId);
      if (!result.ok) {
        this.setData({ error: result.message });
        this.poll();
        return;
      }
      this.show(result.data);
    },
    show(job: ImportJobView) {
      const running = RUNNING.includes(job.status);
      this.setData({ job, error: '', phase: running ? 'running' : 'finished' });
      if (running) this.poll();
      else void this.loadRecent();
    },
    onKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: ImportKind }>) {
      if (this.data.phase === 'uploading' || this.data.phase === 'running') return;
      this.setData({ kind: e.currentTarget.dataset.value, phase: 'idle', job: null, error: '' });
    },
    async onTemplate() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const result = await importTemplate(this.data.kind);
      const opened = result.ok ? await openWorkbook(result.data.tempFileURL) : result;
      this.setData({ busy: false });
      if (!opened.ok) wx.showModal({ title: '模板没有打开', content: opened.message, showCancel: false });
    },
    async onChoose() {
      if (this.data.phase === 'uploading' || this.data.phase === 'running') return;
      const file = await chooseWorkbook();
      if (!file) return;
      this.setData({ phase: 'uploading', uploadPercent: 0, fileName: file.name, job: null, error: '' });
      const uploaded = await uploadWorkbook(file, (p) => this.setData({ uploadPercent: p }));
      if (!uploaded.ok) {
        this.setData({ phase: 'idle', error: uploaded.message });
        return;
      }
      const result = await startImport(this.data.kind, uploaded.fileID, newRequestId());
      if (!result.ok) {
        this.setData({ phase: 'idle', error: result.message });
        return;
      }
      this.show(result.data);
    },
    async onCancel() {
      const job = this.data.job;
      if (!job || this.data.busy) return;
      const confirm = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '取消导入？',
          content: '已经导入的行会保留，其余的行不再导入。',
          confirmText: '取消导入',
          cancelText: '继续导入',
          success: (r) => resolve(r.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!confirm) return;
      this.stopPolling();
      this.setData({ busy: true });
      const result = await cancelImport(job.jobId);
      this.setData({ busy: false });
      if (!result.ok) {
        wx.showModal({ title: '没有取消', content: result.message, showCancel: false });
        this.poll();
        return;
      }
      this.show(result.data);
    },
    async onResult(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const jobId = e.currentTarget.dataset.id || this.data.job?.jobId;
      if (!jobId || this.data.busy) return;
      this.setData({ busy: true });
      const result = await importResult(jobId);
      const opened = result.ok ? await openWorkbook(result.data.tempFileURL) : result;
      this.setData({ busy: false });
      if (!opened.ok) wx.showModal({ title: '结果表没有打开', content: opened.message, showCancel: false });
    },
    async onRecent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const result = await importStatus(e.currentTarget.dataset.id);
      if (result.ok) {
        this.setData({ kind: result.data.kind });
        this.show(result.data);
      }
    },
    onAgain() {
      this.setData({ phase: 'idle', job: null, error: '' });
    },
  },
});
