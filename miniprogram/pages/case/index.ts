/**
 * 办件详情 (applicant): the case's timeline (each step, who, when, what next and by when), the
 * message thread, and only the actions the server offers me (withdraw, rate a closed case…).
 * Opened with `?id=<caseId>`.
 */
import type { ApiFailure } from '@union/contracts';
import { actOnCase, getCase, toCaseView, type CaseView } from '../../services/cases';
import { newRequestId, requestIdFor } from '../../services/api';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { askToNotify } from '../../services/subscribe';
import type { ActDetail } from '../../components/case-actions/index';
import { freshOnShow } from '../../behaviors/screen';
import { ActCaseInput, maxLengths } from '@union/contracts';

Component({
  behaviors: [freshOnShow],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(ActCaseInput, { comment: 'comment' }),
    caseId: '',
    view: null as CaseView | null,
    phase: 'idle' as 'idle' | 'sending',
    text: '',
    textError: '',
    /** Request id of a message that was sent but not confirmed (reused on retry). */
    textRequestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const caseId = query.id ?? '';
      const draft = loadDraft<string>(`message:${caseId}`);
      this.setData({ caseId, text: draft?.form ?? '', textRequestId: draft?.requestId ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.view) this.setData({ status: 'loading' });
      const result = await getCase(this.data.caseId);
      if (!result.ok) {
        this.showLoadError(result, '没有找到这件事项。');
        return;
      }
      this.setData({ status: 'ready', view: toCaseView(result.data, 'applicant') });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, textError: '' });
      saveDraft(`message:${this.data.caseId}`, {
        form: e.detail.value,
        requestId: this.data.textRequestId || undefined,
      });
    },
    async onSend() {
      const view = this.data.view;
      if (!view || !view.messageAction || this.data.phase === 'sending') return;
      const text = this.data.text.trim();
      if (!text) {
        this.setData({ textError: '请先写下您要说的话' });
        return;
      }
      void askToNotify(['caseProgress']);
      const requestId = requestIdFor(this.data.textRequestId, { action: view.messageAction, comment: text });
      this.setData({ textRequestId: requestId });
      saveDraft(`message:${this.data.caseId}`, { form: this.data.text, requestId });
      const ok = await this.act({ action: view.messageAction, comment: text }, requestId);
      if (ok) {
        clearDraft(`message:${this.data.caseId}`);
        this.setData({ text: '', textRequestId: '' });
      }
    },
    onEditForm() {
      const url = this.data.view?.resubmitUrl;
      if (url) wx.navigateTo({ url });
    },
    onAct(e: WechatMiniprogram.CustomEvent<ActDetail>) {
      void askToNotify(['caseProgress']);
      void this.act(e.detail, newRequestId());
    },
    async act(detail: ActDetail, requestId: string): Promise<boolean> {
      const view = this.data.view;
      if (!view) return false;
      this.setData({ phase: 'sending' });
      const result = await actOnCase({ caseId: view.id, version: view.version, ...detail }, requestId);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.showFailure(result);
        return false;
      }
      this.setData({ view: toCaseView(result.data, 'applicant') });
      wx.showToast({ title: '已提交', icon: 'success' });
      return true;
    },
    showFailure(failure: ApiFailure) {
      if (failure.code === 'CONFLICT') {
        wx.showToast({ title: '事项刚有新进展，已刷新', icon: 'none' });
        void this.load();
        return;
      }
      if (failure.field === 'comment' || failure.code === 'CONTENT_RISKY') {
        this.setData({ textError: failure.message });
        return;
      }
      wx.showModal({ title: '没有办成', content: failure.message, showCancel: false });
    },
  },
});
