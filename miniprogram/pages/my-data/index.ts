/**
 * 我的信息与授权: everything held about me (viewing is logged by the server), my consents with
 * the texts I agreed to, my requests; correct a field, withdraw/give a consent, ask for deletion.
 */
import type { DataSection, FullPerson } from '@union/contracts';
import { CorrectMyDataInput } from '@union/contracts';
import {
  CONSENT_TEXTS,
  correctMyData,
  loadMyData,
  myDataLines,
  recordConsent,
  requestDeletion,
} from '../../services/people';
import { check, failureToErrors, type FieldErrors } from '../../utils/form';
import { screen } from '../../behaviors/screen';
import { maxLengths } from '@union/contracts';

type Lines = ReturnType<typeof myDataLines>;
interface Correction {
  phone: string;
  workCity: string;
  employer: string;
  reason: string;
}
const emptyCorrection = (): Correction => ({ phone: '', workCity: '', employer: '', reason: '' });

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(CorrectMyDataInput, {
      workCity: 'changes.workCity',
      employer: 'changes.employer',
      reason: 'reason',
    }),
    profile: null as FullPerson | null,
    consents: [] as Lines['consents'],
    requests: [] as Lines['requests'],
    /** What each service holds about me, as the server's labelled sections. */
    held: [] as DataSection[],
    consentTexts: CONSENT_TEXTS,
    granted: { sensitive_data: false, public_notice: false },
    mode: 'view' as 'view' | 'correct',
    correction: emptyCorrection(),
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadMyData();
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const { consents, requests } = myDataLines(result.data);
      const latest = (kind: 'sensitive_data' | 'public_notice') =>
        [...result.data.consents].reverse().find((c) => c.kind === kind)?.granted ?? false;
      this.setData({
        status: result.data.profile ? 'ready' : 'empty',
        profile: result.data.profile,
        consents,
        requests,
        held: result.data.held ?? [],
        granted: { sensitive_data: latest('sensitive_data'), public_notice: latest('public_notice') },
      });
    },
    onCorrect() {
      this.setData({ mode: 'correct', correction: emptyCorrection(), errors: {} });
    },
    onCancel() {
      this.setData({ mode: 'view', errors: {} });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Correction }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`correction.${field}`]: e.detail.value, [`errors.${field}`]: '', 'errors._': '' });
    },
    async onSubmitCorrection() {
      if (this.data.phase === 'sending') return;
      const c = this.data.correction;
      const changes: Record<string, string> = {};
      if (c.phone.trim()) changes.phone = c.phone.trim();
      if (c.workCity.trim()) changes.workCity = c.workCity.trim();
      if (c.employer.trim()) changes.employer = c.employer.trim();
      const input = c.reason.trim() ? { changes, reason: c.reason.trim() } : { changes };
      const checked = check(CorrectMyDataInput, input);
      if (!checked.ok) {
        const errors: FieldErrors = {};
        for (const [k, v] of Object.entries(checked.errors))
          errors[k === 'changes' ? '_' : k.replace(/^changes_/, '')] = v;
        this.setData({ errors });
        return;
      }
      this.setData({ phase: 'sending' });
      const result = await correctMyData(input);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ errors: failureToErrors(result, 'changes') });
        return;
      }
      this.setData({ mode: 'view' });
      wx.showToast({ title: '已更正', icon: 'success' });
      void this.load();
    },
    onConsent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: 'sensitive_data' | 'public_notice' }>) {
      const kind = e.currentTarget.dataset.kind;
      const granting = !this.data.granted[kind];
      wx.showModal({
        title: granting ? '同意' : '撤回同意',
        content: granting
          ? CONSENT_TEXTS[kind].text
          : `撤回后，${kind === 'public_notice' ? '今后的公示不再列出您' : '需要这些信息的申请将无法继续办理'}。确定撤回吗？`,
        success: (res) => {
          if (!res.confirm) return;
          void recordConsent(kind, granting).then((result) => {
            if (!result.ok) wx.showToast({ title: result.message, icon: 'none' });
            else void this.load();
          });
        },
      });
    },
    onDelete() {
      wx.showModal({
        title: '申请删除我的信息',
        content:
          '提交后由市总工会核实处理：还能撤回的诉求、咨询随之撤回；资助发放中的，发放完毕后才能删除，已发放的只保留发放记录。确定申请吗？',
        success: (res) => {
          if (!res.confirm) return;
          void requestDeletion('').then((result) => {
            if (!result.ok) wx.showToast({ title: result.message, icon: 'none' });
            else {
              wx.showToast({ title: '已提交删除申请', icon: 'success' });
              void this.load();
            }
          });
        },
      });
    },
  },
});
