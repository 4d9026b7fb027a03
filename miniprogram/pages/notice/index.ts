/**
 * 公示详情: the list exactly as the server publishes it (masked name, place, programme, amount),
 * how to object, and an objection form for one line. `?id=<noticeId>`.
 */
import { FileObjectionInput } from '@union/contracts';
import { fileObjection, getNotice, toNoticeView, type NoticeDetailView } from '../../services/aid';
import { requestIdFor } from '../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../utils/form';
import { screen } from '../../behaviors/screen';
import { maxLengths } from '@union/contracts';

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(FileObjectionInput, { reason: 'reason' }),
    noticeId: '',
    view: null as NoticeDetailView | null,
    /** The entry being objected to ('' = none). */
    entryId: '',
    entryName: '',
    reason: '',
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending' | 'sent',
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ noticeId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.view) this.setData({ status: 'loading' });
      const result = await getNotice(this.data.noticeId);
      if (!result.ok) {
        this.showLoadError(result, '这份公示已经结束或不存在。');
        return;
      }
      const view = toNoticeView(result.data);
      this.setData({ status: view.entries.length ? 'ready' : 'empty', view });
    },
    onObject(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; name: string }>) {
      const { id, name } = e.currentTarget.dataset;
      if (this.data.entryId !== id)
        this.setData({ entryId: id, entryName: name, reason: '', errors: {}, phase: 'idle', requestId: '' });
    },
    onCancel() {
      this.setData({ entryId: '', errors: {} });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, 'errors.reason': '' });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const input = { noticeId: this.data.noticeId, entryId: this.data.entryId, reason: this.data.reason };
      const checked = check(FileObjectionInput, input);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      const requestId = requestIdFor(this.data.requestId, input);
      this.setData({ phase: 'sending', requestId });
      const result = await fileObjection(input, requestId);
      if (!result.ok) {
        this.setData({ phase: 'idle', errors: failureToErrors(result) });
        return;
      }
      this.setData({ phase: 'sent', entryId: '', reason: '', requestId: '' });
      wx.showModal({
        title: '异议已提交',
        content: '工会会核实并答复。处理情况和答复可以在“我的办件”里查看，谢谢您的监督。',
        showCancel: false,
      });
    },
  },
});
