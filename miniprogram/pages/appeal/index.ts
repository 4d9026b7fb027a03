/**
 * 我要诉求: the appeal form. Checked instantly with the case type's schema; kept as a draft on
 * the phone (with its request id) until the server confirms; asks for progress notices from the
 * submit tap; PROFILE_REQUIRED → complete the profile and come back.
 * `?resubmit=<caseId>`: correct a submitted appeal after staff asked for more information.
 */
import {
  appealCategoryOptions,
  checkAppeal,
  contactOptions,
  emptyAppealForm,
  fromCaseForm,
  type AppealFormState,
} from '../../services/appeal';
import { actOnCase, getCase, submitCase } from '../../services/cases';
import { requestIdFor } from '../../services/api';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import { failureToErrors, type FieldErrors } from '../../utils/form';
import type { ScreenStatus } from '../../utils/status';
import { appealFormSchema, maxLengths } from '@union/contracts';

Component({
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(appealFormSchema, { facts: 'facts', employer: 'employer', workCity: 'workCity' }),
    /** 'ready' at once for a new appeal; loads the case first when resubmitting. */
    status: 'ready' as ScreenStatus,
    message: '',
    form: emptyAppealForm(),
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    categories: appealCategoryOptions,
    categoryIndex: -1,
    contacts: contactOptions,
    requestId: '',
    uploading: false,
    /** The case being corrected ('' = a new appeal) and the version seen. */
    caseId: '',
    version: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.resubmit) {
        this.setData({ caseId: query.resubmit });
        void this.loadCase();
        return;
      }
      const draft = loadDraft<AppealFormState>(this.draftKey());
      if (draft) this.show({ ...emptyAppealForm(), ...draft.form }, draft.requestId ?? '');
    },
    onRetry() {
      void this.loadCase();
    },
    draftKey() {
      return this.data.caseId ? `appeal:${this.data.caseId}` : 'appeal';
    },
    show(form: AppealFormState, requestId: string) {
      this.setData({
        form,
        requestId,
        categoryIndex: appealCategoryOptions.findIndex((c) => c.value === form.category),
      });
    },
    async loadCase() {
      this.setData({ status: 'loading' });
      const result = await getCase(this.data.caseId);
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      const draft = loadDraft<AppealFormState>(this.draftKey());
      this.setData({ status: 'ready', version: result.data.version });
      this.show(draft ? draft.form : fromCaseForm(result.data.form), draft?.requestId ?? '');
    },
    remember() {
      saveDraft<AppealFormState>(this.draftKey(), {
        form: this.data.form,
        requestId: this.data.requestId || undefined,
      });
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
      const { caseId, version } = this.data;
      // Same input as last sent → same request id (a retry); a corrected form → a new one.
      const requestId = requestIdFor(this.data.requestId, { caseId, version, form: checked.value });
      this.setData({ phase: 'sending', errors: {}, requestId });
      this.remember();
      const result = caseId
        ? await actOnCase({ caseId, version, action: 'resubmit', form: checked.value }, requestId)
        : await submitCase('appeal', checked.value, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/appeal/index')) return;
        this.setData({ errors: failureToErrors(result, 'form') });
        return;
      }
      clearDraft(this.draftKey());
      this.setData({ requestId: '' });
      if (caseId) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: `/pages/case/index?id=${result.data._id}` });
    },
  },
});
