/**
 * 咨询 / 政策问答: search the policy library first; if the answer is not there, ask the union.
 * The question becomes a consultation case; its thread with staff is the case page.
 */
import {
  checkConsultation,
  consultCategoryOptions,
  searchLibrary,
  toFaqItem,
  type ConsultationCategory,
  type FaqItem,
} from '../../services/library';
import { submitCase } from '../../services/cases';
import { requestIdFor } from '../../services/api';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import { failureToErrors, type FieldErrors } from '../../utils/form';
import type { ScreenStatus } from '../../utils/status';
import { consultationFormSchema, maxLengths, SearchFaqInput } from '@union/contracts';

const DRAFT = 'consultation';
interface AskForm {
  category: ConsultationCategory | '';
  question: string;
}

Component({
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(consultationFormSchema, { question: 'question' }),
      ...maxLengths(SearchFaqInput, { q: 'q' }),
    },
    status: 'idle' as ScreenStatus,
    message: '',
    q: '',
    category: '' as ConsultationCategory | '',
    categories: consultCategoryOptions,
    items: [] as FaqItem[],
    openId: '',
    nextCursor: '',
    /** browsing the library, or writing a question. */
    mode: 'browse' as 'browse' | 'ask',
    phase: 'editing' as 'editing' | 'sending',
    form: { category: '', question: '' } as AskForm,
    errors: {} as FieldErrors,
    requestId: '',
    /** A first-visit hint when opened from the 咨询 tile. */
    hint: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const draft = loadDraft<AskForm>(DRAFT);
      if (draft) this.setData({ form: draft.form, requestId: draft.requestId ?? '' });
      if (query.ask === '1') this.setData({ mode: 'ask' });
      if (query.intent === 'ask')
        this.setData({ hint: '先搜一搜，看看下面的政策问答有没有您要的答案；没有的话，点最下面“向工会提问”。' });
      void this.search();
    },
    onPullDownRefresh() {
      void this.search().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void this.search();
    },
    async search() {
      this.setData({ status: 'loading' });
      const result = await searchLibrary(this.data.q, this.data.category);
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      const items = result.data.items.map(toFaqItem);
      this.setData({
        status: items.length ? 'ready' : 'empty',
        items,
        openId: '',
        nextCursor: result.data.nextCursor ?? '',
      });
    },
    async onReachBottom() {
      if (!this.data.nextCursor || this.data.mode !== 'browse') return;
      const result = await searchLibrary(this.data.q, this.data.category, this.data.nextCursor);
      if (!result.ok) return;
      const start = this.data.items.length;
      const patch: Record<string, unknown> = { nextCursor: result.data.nextCursor ?? '' };
      result.data.items.forEach((f, i) => (patch[`items[${start + i}]`] = toFaqItem(f)));
      this.setData(patch);
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      void this.search();
    },
    onFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: ConsultationCategory | '' }>) {
      const value = e.currentTarget.dataset.value;
      this.setData({ category: this.data.category === value ? '' : value });
      void this.search();
    },
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      this.setData({ openId: this.data.openId === id ? '' : id });
    },
    onAsk() {
      const patch: Record<string, unknown> = { mode: 'ask' };
      if (!this.data.form.question && this.data.q) patch['form.question'] = this.data.q;
      if (!this.data.form.category && this.data.category) patch['form.category'] = this.data.category;
      this.setData(patch);
    },
    onBrowse() {
      this.setData({ mode: 'browse' });
    },
    remember() {
      saveDraft<AskForm>(DRAFT, { form: this.data.form, requestId: this.data.requestId || undefined });
    },
    onAskCategory(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: ConsultationCategory }>) {
      this.setData({ 'form.category': e.currentTarget.dataset.value, 'errors.category': '' });
      this.remember();
    },
    onQuestion(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.question': e.detail.value, 'errors.question': '' });
      this.remember();
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const checked = checkConsultation(this.data.form.category, this.data.form.question);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      void askToNotify(['caseProgress']);
      const requestId = requestIdFor(this.data.requestId, checked.value);
      this.setData({ phase: 'sending', errors: {}, requestId });
      this.remember();
      const result = await submitCase('consultation', checked.value, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/consult/index?ask=1')) return;
        this.setData({ errors: failureToErrors(result, 'form') });
        return;
      }
      clearDraft(DRAFT);
      this.setData({ requestId: '', form: { category: '', question: '' } });
      wx.redirectTo({ url: `/pages/case/index?id=${result.data._id}` });
    },
  },
});
