/**
 * 发放批次 (city admin): make a payment batch from a notice that has run out, export the bank
 * file (full account numbers: the server audits it), record each payment as paid or failed,
 * and retry the failed ones after their cards are corrected. An earlier export is served again while
 * it is still stored; once deleted (batch recorded, or 24 hours on) a new export is the way. `?batchId=` opens a batch.
 * The notices come from the server (`aid.adminNotices`: running and ended, with open objections and their batch).
 */
import type { PaymentBatchView } from '@union/contracts';
import {
  createPaymentBatch,
  exportBankFile,
  getPaymentBatch,
  listAdminNotices,
  recordPayment,
  retryFailed,
  toAdminNoticeItem,
  type AdminNoticeListItem,
} from '../../../services/aid';
import { formatDate, formatTime, formatYuan } from '../../../utils/format';
import type { ScreenStatus } from '../../../utils/status';

const BATCH_STATUS = { open: '待导出', exported: '已导出，待登记结果', completed: '已完成' } as const;
const PAY_STATUS = { pending: '待登记', paid: '已到账', failed: '失败', superseded: '已重发' } as const;

function toBatch(b: PaymentBatchView) {
  return {
    id: b.batchId,
    status: BATCH_STATUS[b.status],
    summary: `共 ${b.count} 人，${formatYuan(b.totalFen)} 元；已到账 ${b.paidCount}，失败 ${b.failedCount}`,
    failed: b.failedCount,
    payments: b.payments.map((p) => ({
      id: p.paymentId,
      line: `${p.maskedName} · ${formatYuan(p.amountFen)} 元 · 尾号 ${p.cardLast4}`,
      status: p.status,
      statusLabel: PAY_STATUS[p.status] + (p.failureReason ? `：${p.failureReason}` : ''),
    })),
    exports: (b.exports ?? []).map((e) => ({
      fileID: e.fileID,
      line: `${formatTime(e.at)} 导出（${e.format.toUpperCase()}）`,
      deleted: e.deletedAt !== null,
      state: e.deletedAt ? `已于 ${formatTime(e.deletedAt)} 删除，不能再下载` : '可再次下载',
    })),
  };
}
type Batch = ReturnType<typeof toBatch>;

Component({
  data: {
    status: 'idle' as ScreenStatus,
    message: '',
    batch: null as Batch | null,
    notices: [] as AdminNoticeListItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.batchId) void this.openBatch(query.batchId);
      else void this.loadNotices();
    },
    onPullDownRefresh() {
      const done = () => wx.stopPullDownRefresh();
      if (this.data.batch) void this.openBatch(this.data.batch.id).then(done);
      else void this.loadNotices().then(done);
    },
    onRetry() {
      if (this.data.batch) void this.openBatch(this.data.batch.id);
      else void this.loadNotices();
    },
    async loadNotices() {
      this.setData({ status: 'loading' });
      const result = await listAdminNotices();
      if (!result.ok) return this.setData({ status: 'error', message: result.message });
      const notices = result.data.items.map(toAdminNoticeItem);
      this.setData({ status: 'ready', notices, nextCursor: result.data.nextCursor });
    },
    /** The next page of notices (older ones). */
    async onMoreNotices() {
      const cursor = this.data.nextCursor;
      if (!cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const result = await listAdminNotices(cursor);
      this.setData({ loadingMore: false });
      if (!result.ok) return wx.showToast({ title: result.message, icon: 'none' });
      const known = new Set(this.data.notices.map((n) => n.id));
      this.setData({
        notices: [...this.data.notices, ...result.data.items.map(toAdminNoticeItem).filter((n) => !known.has(n.id))],
        nextCursor: result.data.nextCursor,
      });
    },
    async openBatch(batchId: string) {
      this.setData({ status: 'loading' });
      const result = await getPaymentBatch(batchId);
      if (!result.ok) return this.setData({ status: 'error', message: result.message });
      this.setData({ status: 'ready', batch: toBatch(result.data) });
    },
    /** 打开发放批次: the batch this notice already has. */
    onOpenBatch(e: WechatMiniprogram.BaseEvent<Record<string, never>, { batch: string }>) {
      void this.openBatch(e.currentTarget.dataset.batch);
    },
    /** 生成发放批次: make the batch of an ended notice, after saying what it will do. */
    onCreate(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; title: string }>) {
      const { id, title } = e.currentTarget.dataset;
      if (this.data.phase === 'sending') return;
      wx.showModal({
        title: '生成发放批次',
        content: `把“${title}”公示期满的申请生成发放批次？生成后可导出银行文件。`,
        success: (res) => {
          if (res.confirm) void this.create(id);
        },
      });
    },
    async create(noticeId: string) {
      this.setData({ phase: 'sending' });
      const result = await createPaymentBatch(noticeId);
      this.setData({ phase: 'idle' });
      if (!result.ok) return wx.showModal({ title: '没有生成', content: result.message, showCancel: false });
      this.setData({ batch: toBatch(result.data) });
    },
    onBackToNotices() {
      this.setData({ batch: null });
      void this.loadNotices();
    },
    onExport() {
      void this.serve();
    },
    /** An earlier export again (a fresh link), while it is still stored. */
    onReserve(e: WechatMiniprogram.BaseEvent<Record<string, never>, { file: string }>) {
      void this.serve(e.currentTarget.dataset.file);
    },
    async serve(fileID?: string) {
      const batch = this.data.batch;
      if (!batch || this.data.phase === 'sending') return;
      this.setData({ phase: 'sending' });
      const result = await exportBankFile(batch.id, fileID);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        if (fileID && result.code === 'PRECONDITION_FAILED') {
          wx.showModal({
            title: '这份文件已删除',
            content:
              '银行文件在批次登记完或导出 24 小时后自动删除，不能再下载。如还需发放，请点“导出银行文件”重新导出。',
            showCancel: false,
          });
          void this.openBatch(batch.id);
          return;
        }
        return wx.showModal({ title: '没有导出', content: result.message, showCancel: false });
      }
      wx.setClipboardData({ data: result.data.tempFileURL });
      const deleteBy = result.data.deleteBy ? `链接对应的文件将于 ${formatTime(result.data.deleteBy)} 前删除。` : '';
      wx.showModal({
        title: fileID ? '已重新提供下载' : '银行文件已生成',
        content: `共 ${result.data.count} 笔，${formatYuan(result.data.totalFen)} 元。下载链接已复制，请在电脑上打开，文件含完整卡号，请妥善保管。${deleteBy}`,
        showCancel: false,
      });
      void this.openBatch(batch.id);
    },
    onPaid(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      void this.record({
        paymentId: e.currentTarget.dataset.id,
        result: 'paid',
        paidOn: formatDate(new Date().toISOString()),
      });
    },
    onFailed(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const paymentId = e.currentTarget.dataset.id;
      wx.showModal({
        title: '登记发放失败',
        editable: true,
        placeholderText: '失败原因，例如：户名不符',
        success: (res) => {
          if (!res.confirm) return;
          const reason = (res.content ?? '').trim();
          if (!reason) return wx.showToast({ title: '请填写失败原因', icon: 'none' });
          void this.record({ paymentId, result: 'failed', failureReason: reason });
        },
      });
    },
    async record(input: Parameters<typeof recordPayment>[0]) {
      const result = await recordPayment(input);
      if (!result.ok) return wx.showModal({ title: '没有登记', content: result.message, showCancel: false });
      const index = this.data.batch?.payments.findIndex((p) => p.id === result.data.paymentId) ?? -1;
      if (index >= 0) {
        this.setData({
          [`batch.payments[${index}].status`]: result.data.status,
          [`batch.payments[${index}].statusLabel`]:
            PAY_STATUS[result.data.status] + (result.data.failureReason ? `：${result.data.failureReason}` : ''),
        });
      }
      // The batch's totals and status move with each recorded payment.
      const batch = this.data.batch && (await getPaymentBatch(this.data.batch.id));
      if (batch && batch.ok) {
        const view = toBatch(batch.data);
        this.setData({ 'batch.status': view.status, 'batch.summary': view.summary, 'batch.failed': view.failed });
      }
    },
    async onRetryFailed() {
      const batch = this.data.batch;
      if (!batch) return;
      const result = await retryFailed(batch.id);
      if (!result.ok) return wx.showModal({ title: '没有重发', content: result.message, showCancel: false });
      this.setData({ batch: toBatch(result.data) });
    },
  },
});
