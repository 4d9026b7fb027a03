/**
 * 我的资料: shows my profile (as the server masks it) or, when I have none yet, the form to
 * complete it. Opened with `?back=…` when a service answered PROFILE_REQUIRED: after saving it
 * returns there. Typing is kept as a draft on the phone until the server saves it.
 */
import { SaveProfileInput } from '@union/contracts';
import {
  CONSENT_TEXTS,
  categoryOptions,
  recordConsent,
  emptyProfileForm,
  loadMyProfile,
  saveProfile,
  toProfileInput,
  toProfileView,
  type ProfileFormState,
  type ProfileView,
} from '../../services/people';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { requestIdFor } from '../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../utils/form';
import { screen } from '../../behaviors/screen';
import { maxLengths } from '@union/contracts';

const DRAFT = 'profile';

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(SaveProfileInput, { name: 'name', workCity: 'workCity', employer: 'employer' }),
    /** 'view': my saved profile; 'edit': the form. */
    mode: 'view' as 'view' | 'edit',
    phase: 'editing' as 'editing' | 'sending',
    profile: null as ProfileView | null,
    form: emptyProfileForm(),
    errors: {} as FieldErrors,
    categoryOptions,
    back: '',
    requestId: '',
    consentText: CONSENT_TEXTS.sensitive_data,
    consented: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ back: query.back ? decodeURIComponent(query.back) : '' });
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await loadMyProfile();
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      if (result.data) {
        this.setData({ status: 'ready', mode: 'view', profile: toProfileView(result.data) });
        return;
      }
      const draft = loadDraft<ProfileFormState>(DRAFT);
      this.setData({
        status: 'ready',
        mode: 'edit',
        profile: null,
        form: draft ? { ...emptyProfileForm(), ...draft.form } : emptyProfileForm(),
        requestId: draft?.requestId ?? '',
      });
    },
    remember() {
      saveDraft<ProfileFormState>(DRAFT, { form: this.data.form, requestId: this.data.requestId || undefined });
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof ProfileFormState }>,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
      this.remember();
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ villageId: string }>) {
      this.setData({ 'form.homeVillageId': e.detail.villageId, 'errors.homeVillageId': '' });
      this.remember();
    },
    onCategories(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.categories': e.detail.value as ProfileFormState['categories'], 'errors.categories': '' });
      this.remember();
    },
    onConsent() {
      this.setData({ consented: !this.data.consented, 'errors.consent': '' });
    },
    onPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string }>) {
      if (e.detail.code) this.setData({ 'form.phoneCode': e.detail.code, 'form.phone': '', 'errors.phone': '' });
    },
    onClaim() {
      wx.navigateTo({ url: '/pages/claim/index' });
    },
    onShow() {
      // Back from claiming: the profile may exist now.
      if (this.data.status === 'ready' && this.data.mode === 'edit') void this.load();
    },
    onEdit() {
      wx.navigateTo({ url: '/pages/my-data/index' });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const input = toProfileInput(this.data.form);
      const checked = check(SaveProfileInput, input);
      const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
      if (!this.data.consented) errors.consent = '请先阅读并同意处理身份证号等敏感个人信息';
      if (Object.keys(errors).length) {
        this.setData({ errors });
        return;
      }
      const requestId = requestIdFor(this.data.requestId, input);
      this.setData({ phase: 'sending', errors: {}, requestId });
      this.remember();
      // The consent to process the ID number is recorded (with the text's version) before the data is sent.
      const consent = await recordConsent('sensitive_data', true);
      if (!consent.ok) {
        this.setData({ phase: 'editing', errors: { consent: consent.message } });
        return;
      }
      const result = await saveProfile(input, requestId);
      if (!result.ok) {
        this.setData({ phase: 'editing', errors: failureToErrors(result) });
        return;
      }
      clearDraft(DRAFT);
      this.setData({ phase: 'editing', requestId: '', mode: 'view', profile: toProfileView(result.data) });
      wx.showToast({ title: '资料已保存', icon: 'success' });
      if (this.data.back) wx.navigateBack({ delta: 1 });
    },
  },
});
