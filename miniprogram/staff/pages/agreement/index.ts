/**
 * 集体合同 (staff): one contract in words — its state, what is due by when, the filing pack's checklist, every step
 * so far — and the next step's record (only the steps the server offers), the filing pack to download.
 */
import type { AgreementCountdown, FilingPackItem } from '@union/contracts';
import { actOnCase, getCase } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import {
  agreementOutline,
  filingPack,
  startValues,
  stepInput,
  stepLimits,
  STEP_FORMS,
  type StepField,
} from '../../../services/agreements';
import { screen } from '../../../behaviors/screen';

interface StepAction {
  action: string;
  label: string;
  /** The step takes a reason rather than a record (退回修改, 撤回). */
  reason: boolean;
}

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: { byKey: stepLimits(), reason: 500 },
    caseId: '',
    version: 0,
    today: '',
    title: '',
    statusLabel: '',
    countdowns: [] as AgreementCountdown[],
    pack: [] as FilingPackItem[],
    lines: [] as string[],
    actions: [] as StepAction[],
    open: '',
    openLabel: '',
    fields: [] as StepField[],
    values: {} as Record<string, string>,
    reason: '',
    errors: {} as Record<string, string>,
    formError: '',
    phase: 'idle' as 'idle' | 'sending',
    packLink: '',
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ caseId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const [outline, detail] = await Promise.all([agreementOutline(this.data.caseId), getCase(this.data.caseId)]);
      if (!outline.ok) return this.showLoadError(outline, '没有找到这份集体合同');
      if (!detail.ok) return this.showLoadError(detail, '没有找到这份集体合同');
      const actions = detail.data.availableActions
        .filter((a) => STEP_FORMS[a.action] || a.needs.includes('reason'))
        .map((a) => ({ action: a.action, label: a.label, reason: !STEP_FORMS[a.action] }));
      this.setData({
        status: 'ready',
        version: detail.data.version,
        today: outline.data.today,
        title: outline.data.title,
        statusLabel: outline.data.statusLabel,
        countdowns: outline.data.countdowns,
        pack: outline.data.pack,
        lines: outline.data.lines,
        actions,
        open: '',
        fields: [],
      });
      wx.setNavigationBarTitle({ title: '集体合同' });
    },
    onStep(e: WechatMiniprogram.BaseEvent<Record<string, never>, { action: string }>) {
      const action = e.currentTarget.dataset.action;
      const step = this.data.actions.find((a) => a.action === action);
      if (!step) return;
      const form = STEP_FORMS[action];
      const defaults: Record<string, string> = action === 'submit_draft' ? { termYears: '1' } : {};
      this.setData({
        open: action,
        openLabel: step.label,
        fields: form ? form.fields : [],
        values: form ? startValues(form, this.data.today, defaults) : {},
        reason: '',
        errors: {},
        formError: '',
      });
    },
    onCancel() {
      this.setData({ open: '', fields: [] });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`values.${key}`]: String(e.detail.value), [`errors.${key}`]: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, formError: '' });
    },
    async onSend() {
      if (this.data.phase === 'sending') return;
      const action = this.data.open;
      const form = STEP_FORMS[action];
      const input = form
        ? {
            caseId: this.data.caseId,
            action,
            version: this.data.version,
            inputs: { [form.input]: stepInput(form, this.data.values) },
          }
        : { caseId: this.data.caseId, action, version: this.data.version, reason: this.data.reason.trim() };
      this.setData({ phase: 'sending', errors: {}, formError: '' });
      const result = await actOnCase(input, newRequestId());
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const key = form && result.field?.startsWith(`inputs.${form.input}.`) ? result.field.split('.')[2] : '';
        if (key && this.data.fields.some((f) => f.key === key))
          return this.setData({ [`errors.${key}`]: result.message });
        return this.setData({ formError: result.message });
      }
      wx.showToast({ title: '已登记', icon: 'success' });
      await this.load();
    },
    async onPack() {
      const result = await filingPack(this.data.caseId);
      if (!result.ok) return wx.showToast({ title: result.message, icon: 'none' });
      this.setData({ packLink: result.data.fileName });
      wx.downloadFile({
        url: result.data.url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }),
      });
    },
  },
});
