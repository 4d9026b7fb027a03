/**
 * 我要诉求: the appeal form. Checked instantly with the case type's schema; kept as a draft on
 * the phone (with its request id) until the server confirms; asks for progress notices from the
 * submit tap; PROFILE_REQUIRED → complete the profile and come back.
 */
import {
  appealCategoryOptions,
  checkAppeal,
  contactOptions,
  emptyAppealForm,
  type AppealFormState,
} from '../../services/appeal';
import { submitCase } from '../../services/cases';
import { newRequestId } from '../../services/api';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import { failureToErrors, type FieldErrors } from '../../utils/form';

const DRAFT = 'appeal';

Component({
  data: {
    form: emptyAppealForm(),
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    categories: appealCategoryOptions,
    categoryIndex: -1,
    contacts: contactOptions,
    requestId: '',
    uploading: false,
  },
  methods: {
    onLoad() {
      const draft = loadDraft<AppealFormState>(DRAFT);
      if (!draft) return;
      const form = { ...emptyAppealForm(), ...draft.form };
      this.setData({
        form,
        requestId: draft.requestId ?? '',
        categoryIndex: appealCategoryOptions.findIndex((c) => c.value === form.category),
      });
    },
    remember() {
      saveDraft<AppealFormState>(DRAFT, { form: this.data.form, requestId: this.data.requestId || undefined });
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof AppealFormState }>,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
      this.remember();
    },
    onCategory(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const categoryIndex = Number(e.detail.value);
      this.setData({
        categoryIndex,
        'form.category': appealCategoryOptions[categoryIndex].value,
        'errors.category': '',
      });
      this.remember();
    },
    onContact(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({
        'form.contactPreference': e.detail.value as AppealFormState['contactPreference'],
        'errors.contactPreference': '',
      });
      this.remember();
    },
    onFiles(e: WechatMiniprogram.CustomEvent<{ fileIds: string[]; uploading: boolean }>) {
      this.setData({ 'form.attachments': e.detail.fileIds, uploading: e.detail.uploading, 'errors.attachments': '' });
      this.remember();
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      if (this.data.uploading) {
        wx.showToast({ title: '照片还在上传，请稍等', icon: 'none' });
        return;
      }
      const checked = checkAppeal(this.data.form);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        wx.showToast({ title: '请按提示修改', icon: 'none' });
        return;
      }
      void askToNotify(['caseProgress']); // from the tap, before any await
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', errors: {}, requestId });
      this.remember();
      const result = await submitCase('appeal', checked.value, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/appeal/index')) return;
        this.setData({ errors: failureToErrors(result, 'form') });
        return;
      }
      clearDraft(DRAFT);
      this.setData({ requestId: '' });
      wx.redirectTo({ url: `/pages/case/index?id=${result.data._id}` });
    },
  },
});
