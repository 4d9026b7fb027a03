/**
 * 人员登记 (collector and town staff): people in my scope, masked; enter a profile for someone
 * without a smartphone (they later claim it with the one-time code); issue a fresh code; see a
 * person's consents and record the signed paper consent forms of someone I entered (with a photo).
 */
import { ProfileFields, RecordConsentOnBehalfInput, type ConsentKind } from '@union/contracts';
import {
  CONSENT_TEXT_VERSION,
  CONSENT_TEXTS,
  categoryOptions,
  createOnBehalf,
  emptyProfileForm,
  listConsents,
  recordConsentOnBehalf,
  reissueClaimCode,
  searchPeople,
  toConsentLine,
  toPersonItem,
  toProfileInput,
  type ConsentLine,
  type PersonItem,
  type ProfileFormState,
} from '../../../services/people';
import { requestIdFor } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { formatDeadline } from '../../../utils/format';
import type { ScreenStatus } from '../../../utils/status';
import { screen } from '../../../behaviors/screen';
import { maxLengths, SearchPeopleInput } from '@union/contracts';

const consentKinds = (Object.keys(CONSENT_TEXTS) as ConsentKind[]).map((value) => ({
  value,
  label: CONSENT_TEXTS[value].title,
}));
const emptyConsentForm = () => ({
  kind: 'sensitive_data' as ConsentKind,
  granted: true,
  version: CONSENT_TEXT_VERSION,
  photo: '',
});

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: { ...maxLengths(ProfileFields, { name: 'name' }), ...maxLengths(SearchPeopleInput, { q: 'name' }) },
    q: '',
    items: [] as PersonItem[],
    total: 0,
    mode: 'list' as 'list' | 'create' | 'person',
    form: emptyProfileForm(),
    categoryOptions,
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
    requestId: '',
    claim: null as { name: string; code: string; expires: string } | null,
    /** One person's consents (mode 'person'), and the paper form being recorded for them. */
    person: null as { id: string; line: string; canRecord: boolean } | null,
    consentStatus: 'idle' as ScreenStatus,
    consentMessage: '',
    consents: [] as ConsentLine[],
    consentKinds,
    consentForm: emptyConsentForm(),
    consentErrors: {} as FieldErrors,
    uploading: false,
    recorded: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onPullDownRefresh() {
      const reload = this.data.mode === 'person' ? this.loadConsents() : this.load();
      void reload.then(() => wx.stopPullDownRefresh());
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
      const requestId = requestIdFor(this.data.requestId, input);
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
          expires: formatDeadline(result.data.claimCodeExpiresAt),
        },
      });
      void this.load();
    },
    /** Open a person's consents; a collector may record paper forms for an unclaimed profile they entered. */
    onConsents(
      e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; name: string; record: boolean | string }>,
    ) {
      const { id, name, record } = e.currentTarget.dataset;
      this.setData({
        mode: 'person',
        person: { id, line: name, canRecord: record === true || record === 'true' },
        consents: [],
        consentForm: emptyConsentForm(),
        consentErrors: {},
        recorded: false,
        uploading: false,
      });
      void this.loadConsents();
    },
    onConsentsRetry() {
      void this.loadConsents();
    },
    async loadConsents() {
      const person = this.data.person;
      if (!person) return;
      this.setData({ consentStatus: 'loading' });
      const result = await listConsents(person.id);
      if (!result.ok) {
        this.setData({
          consentStatus: 'error',
          consentMessage: result.code === 'NOT_FOUND' ? '这个人不在您的管辖范围内。' : result.message,
        });
        return;
      }
      const consents = result.data.consents.map(toConsentLine);
      this.setData({ consentStatus: consents.length ? 'ready' : 'empty', consents });
    },
    onConsentKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'consentForm.kind': e.detail.value as ConsentKind, 'consentErrors.kind': '' });
    },
    onConsentGranted(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'consentForm.granted': e.detail.value === 'yes' });
    },
    onConsentPhoto(e: WechatMiniprogram.CustomEvent<{ fileIds: string[]; uploading: boolean }>) {
      this.setData({
        'consentForm.photo': e.detail.fileIds[0] ?? '',
        uploading: e.detail.uploading,
        'consentErrors.formPhotoFileId': '',
      });
    },
    onPhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { src: string }>) {
      wx.previewImage({ urls: [e.currentTarget.dataset.src] });
    },
    async onRecordConsent() {
      const person = this.data.person;
      if (!person || this.data.phase === 'sending') return;
      if (this.data.uploading) {
        wx.showToast({ title: '照片还在上传，请稍等', icon: 'none' });
        return;
      }
      const f = this.data.consentForm;
      const input = {
        personId: person.id,
        kind: f.kind,
        version: f.version,
        granted: f.granted,
        formPhotoFileId: f.photo || undefined,
      };
      const checked = check(RecordConsentOnBehalfInput, input);
      if (!checked.ok) {
        this.setData({ consentErrors: checked.errors });
        return;
      }
      this.setData({ phase: 'sending' });
      const result = await recordConsentOnBehalf(checked.value);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ consentErrors: failureToErrors(result) });
        return;
      }
      this.setData({
        consents: [toConsentLine(result.data), ...this.data.consents],
        consentStatus: 'ready',
        recorded: true,
      });
      wx.showToast({ title: '已登记同意书', icon: 'success' });
    },
    /** Another paper form for the same person (a fresh form and photo). */
    onAnotherConsent() {
      this.setData({ consentForm: emptyConsentForm(), consentErrors: {}, recorded: false });
    },
    onBackToList() {
      this.setData({ mode: 'list', person: null });
    },
    async onReissue(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; name: string }>) {
      const { id, name } = e.currentTarget.dataset;
      const result = await reissueClaimCode(id);
      if (!result.ok) return wx.showModal({ title: '没有办成', content: result.message, showCancel: false });
      this.setData({
        claim: { name, code: result.data.claimCode, expires: formatDeadline(result.data.claimCodeExpiresAt) },
      });
    },
  },
});
