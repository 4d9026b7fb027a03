/**
 * 企业 (staff): one enterprise's collective contracts (each opens its page), its labour-contract signing and its
 * workers' congresses, in words; the town records an offer to negotiate (要约) and the signing figures here.
 */
import type { EnterpriseView } from '@union/contracts';
import { AgreementFormInput, maxLengths } from '@union/contracts';
import { submitCase } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import { enterpriseView, KIND_OPTIONS, recordLabour, SIDE_OPTIONS } from '../../../services/agreements';
import { freshOnShow } from '../../../behaviors/screen';

Component({
  behaviors: [freshOnShow],
  data: {
    unitId: '',
    view: null as EnterpriseView | null,
    kinds: KIND_OPTIONS,
    sides: SIDE_OPTIONS,
    limits: maxLengths(AgreementFormInput, { summary: 'summary' }),
    offering: false,
    offer: { kind: 'wage', offeredBy: 'union', offeredOn: '', summary: '' },
    labour: { recordedOn: '', employees: '', signed: '' },
    recording: false,
    errors: {} as Record<string, string>,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: { unitId?: string }) {
      this.setData({ unitId: query.unitId ?? '' });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await enterpriseView(this.data.unitId);
      if (!result.ok) return this.showLoadError(result, '您的辖区内没有这个单位');
      this.setData({ status: 'ready', view: result.data });
      wx.setNavigationBarTitle({ title: result.data.name });
    },
    onOpenContract(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/agreement/index?id=${e.currentTarget.dataset.id}` });
    },
    onOffer() {
      this.setData({
        offering: true,
        recording: false,
        errors: {},
        offer: { kind: 'wage', offeredBy: 'union', offeredOn: this.data.view?.today ?? '', summary: '' },
      });
    },
    onOfferField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`offer.${key}`]: e.detail.value, [`errors.${key}`]: '' });
    },
    async onSendOffer() {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending', errors: {} });
      const form = { ...this.data.offer, unitId: this.data.unitId, summary: this.data.offer.summary.trim() };
      const result = await submitCase('collective_contract', form, newRequestId());
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const key = result.field?.startsWith('form.') ? result.field.slice(5) : 'offer';
        return this.setData({ [`errors.${key in this.data.offer ? key : 'offer'}`]: result.message });
      }
      this.setData({ offering: false });
      wx.navigateTo({ url: `/staff/pages/agreement/index?id=${result.data._id}` });
    },
    onLabour() {
      const employees = this.data.view ? String(this.data.view.employees) : '';
      this.setData({
        recording: true,
        offering: false,
        errors: {},
        labour: { recordedOn: this.data.view?.today ?? '', employees, signed: '' },
      });
    },
    onLabourField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`labour.${key}`]: e.detail.value, [`errors.${key}`]: '' });
    },
    async onSendLabour() {
      if (this.data.phase === 'sending') return;
      const l = this.data.labour;
      this.setData({ phase: 'sending', errors: {} });
      const result = await recordLabour({
        unitId: this.data.unitId,
        recordedOn: l.recordedOn,
        employees: Number(l.employees),
        signed: Number(l.signed),
      });
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ [`errors.${result.field ?? 'signed'}`]: result.message });
      this.setData({ recording: false });
      wx.showToast({ title: `签订率 ${result.data.rate}`, icon: 'none' });
      await this.load();
    },
    onCancel() {
      this.setData({ offering: false, recording: false, errors: {} });
    },
  },
});
