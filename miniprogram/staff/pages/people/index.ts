/**
 * 人员登记 (collector and town staff): people in my scope, masked; enter a profile for someone
 * without a smartphone (they later claim it with the one-time code); issue a fresh code.
 */
import { ProfileFields } from '@union/contracts';
import {
  categoryOptions,
  createOnBehalf,
  emptyProfileForm,
  reissueClaimCode,
  searchPeople,
  toPersonItem,
  toProfileInput,
  type PersonItem,
  type ProfileFormState,
} from '../../../services/people';
import { newRequestId } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { formatTime } from '../../../utils/format';
import type { ScreenStatus } from '../../../utils/status';

Component({
  data: {
    status: 'idle' as ScreenStatus,
    message: '',
    q: '',
    items: [] as PersonItem[],
    total: 0,
    mode: 'list' as 'list' | 'create',
    form: emptyProfileForm(),
    categoryOptions,
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
    requestId: '',
    claim: null as { name: string; code: string; expires: string } | null,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const q = this.data.q.trim();
      const result = await searchPeople(q ? { name: q, limit: 50 } : { limit: 50 });
      if (!result.ok) {
        this.setData({
          status: 'error',
          message: result.code === 'FORBIDDEN' ? '只有工作人员可以查看人员。' : result.message,
        });
        return;
      }
      const items = result.data.people.map(toPersonItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items, total: result.data.total });
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      void this.load();
    },
    onCreate() {
      this.setData({ mode: 'create', form: emptyProfileForm(), errors: {}, requestId: '', claim: null });
    },
    onCancel() {
      this.setData({ mode: 'list' });
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof ProfileFormState }>,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ villageId: string }>) {
      this.setData({ 'form.homeVillageId': e.detail.villageId, 'errors.homeVillageId': '' });
    },
    onCategories(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.categories': e.detail.value as ProfileFormState['categories'], 'errors.categories': '' });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const input = toProfileInput({ ...this.data.form, phoneCode: '' });
      const checked = check(ProfileFields, input);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const result = await createOnBehalf(input, requestId);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ errors: failureToErrors(result) });
        return;
      }
      this.setData({
        mode: 'list',
        requestId: '',
        claim: {
          name: result.data.person.name,
          code: result.data.claimCode,
          expires: formatTime(result.data.claimCodeExpiresAt),
        },
      });
      void this.load();
    },
    async onReissue(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; name: string }>) {
      const { id, name } = e.currentTarget.dataset;
      const result = await reissueClaimCode(id);
      if (!result.ok) return wx.showModal({ title: '没有办成', content: result.message, showCancel: false });
      this.setData({
        claim: { name, code: result.data.claimCode, expires: formatTime(result.data.claimCodeExpiresAt) },
      });
    },
  },
});
