/**
 * 企业 (staff): one enterprise's collective contracts (each opens its page), its labour-contract signing and its
 * workers' congresses, in words; the town records an offer to negotiate (要约) and the signing figures here.
 */
import type { EnterpriseView } from '@union/contracts';
import { AgreementFormInput, maxLengths } from '@union/contracts';
import { submitCase } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import {
  addContact,
  enterpriseView,
  KIND_OPTIONS,
  recordLabour,
  removeContact,
  SIDE_OPTIONS,
} from '../../../services/agreements';
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
    naming: false,
    contact: { name: '', idNumber: '' },
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
        naming: false,
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
        naming: false,
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
    onCongress(e: WechatMiniprogram.BaseEvent<Record<string, never>, { mode: string }>) {
      const mode = e.currentTarget.dataset.mode;
      wx.navigateTo({ url: `/staff/pages/congress/index?unitId=${this.data.unitId}&mode=${mode}` });
    },
    onOpenProposal(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
    onNameContact() {
      this.setData({
        naming: true,
        offering: false,
        recording: false,
        errors: {},
        contact: { name: '', idNumber: '' },
      });
    },
    onContactField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`contact.${key}`]: e.detail.value, [`errors.${key}`]: '', 'errors.contact': '' });
    },
    async onSendContact() {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending', errors: {} });
      const c = this.data.contact;
      const result = await addContact({ unitId: this.data.unitId, name: c.name.trim(), idNumber: c.idNumber.trim() });
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const key = result.field === 'name' || result.field === 'idNumber' ? result.field : 'contact';
        return this.setData({ [`errors.${key}`]: result.message });
      }
      this.setData({ naming: false });
      await this.load();
    },
    async onRemoveContact(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const personId = e.currentTarget.dataset.id;
      const ok = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '移除联系人',
          content: '移除后，此人不再收到本单位集体合同的期限提醒。',
          success: (r) => resolve(r.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!ok) return;
      const result = await removeContact({ unitId: this.data.unitId, personId });
      if (!result.ok) return wx.showToast({ title: result.message, icon: 'none' });
      await this.load();
    },
    onCancel() {
      this.setData({ offering: false, recording: false, naming: false, errors: {} });
    },
  },
});
