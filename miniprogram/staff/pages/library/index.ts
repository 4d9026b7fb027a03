/** 政策问答维护 (staff): the library entries people search before asking; add, edit, remove in my scope. */
import { SaveFaqInput, type FaqEntry } from '@union/contracts';
import {
  consultCategoryOptions,
  removeFaq,
  saveFaq,
  searchLibrary,
  type ConsultationCategory,
} from '../../../services/library';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { formatDate } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';
import { maxLengthOf, maxLengths } from '@union/contracts';

interface Draft {
  faqId: string;
  title: string;
  body: string;
  category: ConsultationCategory | '';
  keywords: string;
}
const emptyDraft = (): Draft => ({ faqId: '', title: '', body: '', category: '', keywords: '' });
let entries: FaqEntry[] = [];

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(SaveFaqInput, { title: 'title', body: 'body' }),
      // Up to 10 keywords of the contract's length, separated by commas.
      keywords: 10 * (maxLengthOf(SaveFaqInput, 'keywords.0') + 1),
    },
    items: [] as Array<{ id: string; title: string; meta: string }>,
    categories: consultCategoryOptions,
    mode: 'list' as 'list' | 'edit',
    draft: emptyDraft(),
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await searchLibrary('', '');
      if (!result.ok) return this.showLoadError(result);
      entries = result.data.items;
      const items = entries.map((f) => ({
        id: f._id,
        title: f.title,
        meta: `${f.scopeName} · ${formatDate(f.updatedAt)}`,
      }));
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onNew() {
      this.setData({ mode: 'edit', draft: emptyDraft(), errors: {} });
    },
    onEdit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const f = entries.find((x) => x._id === e.currentTarget.dataset.id);
      if (!f) return;
      this.setData({
        mode: 'edit',
        errors: {},
        draft: { faqId: f._id, title: f.title, body: f.body, category: f.category, keywords: f.keywords.join(' ') },
      });
    },
    onCancel() {
      this.setData({ mode: 'list' });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Draft }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`draft.${field}`]: e.detail.value, [`errors.${field}`]: '' });
    },
    onCategory(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: ConsultationCategory }>) {
      this.setData({ 'draft.category': e.currentTarget.dataset.value, 'errors.category': '' });
    },
    async onSave() {
      if (this.data.phase === 'sending') return;
      const d = this.data.draft;
      const input = {
        ...(d.faqId ? { faqId: d.faqId } : {}),
        title: d.title,
        body: d.body,
        category: d.category || undefined,
        keywords: d.keywords.split(/[\s,，、]+/).filter(Boolean),
      };
      const checked = check(SaveFaqInput, input);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      this.setData({ phase: 'sending' });
      const result = await saveFaq(checked.value);
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ mode: 'list' });
      wx.showToast({ title: '已保存', icon: 'success' });
      void this.load();
    },
    onRemove() {
      const faqId = this.data.draft.faqId;
      if (!faqId) return;
      wx.showModal({
        title: '删除这条问答',
        content: '删除后群众就搜不到了。确定删除吗？',
        success: (res) => {
          if (!res.confirm) return;
          void removeFaq(faqId).then((result) => {
            if (!result.ok) return wx.showModal({ title: '没有删除', content: result.message, showCancel: false });
            this.setData({ mode: 'list' });
            void this.load();
          });
        },
      });
    },
  },
});
