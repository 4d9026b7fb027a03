/**
 * 我的会籍: whether I am a union member (and of which union), my member card, and every step of my joining or
 * transfer (each is a case: the case page shows its timeline). Without a membership: find my unit and apply to
 * join its union — a unit without a union makes me a 预备会员 of the town's union until it has one; no unit in the
 * city: the union of my home town. A member moves the membership with a transfer.
 */
import { JoinInput, TransferInput, maxLengths, type MyMembership } from '@union/contracts';
import { findUnits, joinUnion, myMembership, transferMembership } from '../../services/membership';
import { newRequestId } from '../../services/api';
import { redirectForFailure } from '../../services/navigation';
import { check, failureToErrors, type FieldErrors } from '../../utils/form';
import { freshOnShow } from '../../behaviors/screen';

type UnitHit = { unitId: string; name: string; place: string; unionName: string | null; unionLine: string };

/** Who holds the membership at a unit: its union, or (none founded yet) the town's union, as 预备会员. */
const unionLine = (unionName: string | null): string =>
  unionName ? `工会：${unionName}` : '尚未建会 · 由乡镇工会暂管（预备会员）';
const DESTINATIONS = [
  { value: 'unit', label: '本市的新单位' },
  { value: 'town', label: '本市乡镇（新单位未建会或没有单位）' },
  { value: 'outside', label: '转到外地' },
];

Component({
  behaviors: [freshOnShow],
  data: {
    view: null as MyMembership | null,
    mode: 'view' as 'view' | 'join' | 'transfer',
    q: '',
    hits: [] as UnitHit[],
    searched: false,
    chosen: null as UnitHit | null,
    noUnit: false,
    note: '',
    destinations: DESTINATIONS,
    to: 0,
    townId: '',
    city: '',
    reason: '',
    limits: {
      ...maxLengths(JoinInput, { note: 'note' }),
      ...maxLengths(TransferInput, { city: 'city', reason: 'reason' }),
      q: 40,
    },
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await myMembership();
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/membership/index')) return;
        return this.showLoadError(result);
      }
      const joining =
        (!result.data.membership || result.data.membership.status === 'left') && !result.data.cases.some((c) => c.open);
      this.setData({
        status: 'ready',
        view: result.data,
        mode: joining && this.data.mode === 'view' ? 'join' : this.data.mode,
      });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, errors: {} });
    },
    async onSearch() {
      const q = this.data.q.trim();
      if (q.length < 2) return this.setData({ errors: { q: '请至少输入单位名称中的2个字' } });
      const result = await findUnits(q);
      if (!result.ok) return this.setData({ errors: { q: result.message } });
      const hits = result.data.units.map((u) => ({ ...u, unionLine: unionLine(u.unionName) }));
      this.setData({ hits, searched: true, chosen: null, noUnit: false });
    },
    onChoose(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      this.setData({ chosen: this.data.hits[Number(e.currentTarget.dataset.index)], noUnit: false });
    },
    onNoUnit() {
      this.setData({ chosen: null, noUnit: true });
    },
    async onJoin() {
      if (this.data.phase === 'sending') return;
      if (!this.data.chosen && !this.data.noUnit)
        return this.setData({ errors: { unitId: '请选择您的工作单位，或选择“单位不在本市”' } });
      const input = {
        ...(this.data.chosen ? { unitId: this.data.chosen.unitId } : {}),
        ...(this.data.note ? { note: this.data.note } : {}),
      };
      const checked = check(JoinInput, input);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const result = await joinUnion(input, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/membership/index')) return;
        return this.setData({ errors: failureToErrors(result) });
      }
      this.setData({ requestId: '', mode: 'view' });
      wx.navigateTo({ url: `/pages/case/index?id=${result.data.caseId}` });
    },
    onTransferMode() {
      this.setData({ mode: 'transfer', errors: {}, hits: [], searched: false, chosen: null, q: '' });
    },
    onBack() {
      this.setData({ mode: 'view', errors: {} });
    },
    onTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ to: Number(e.detail.value), errors: {} });
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ townId: e.detail.nodeId });
    },
    async onTransfer() {
      if (this.data.phase === 'sending') return;
      const to = DESTINATIONS[this.data.to].value as 'unit' | 'town' | 'outside';
      const input = {
        to,
        ...(to === 'unit' && this.data.chosen ? { unitId: this.data.chosen.unitId } : {}),
        ...(to === 'town' && this.data.townId ? { townId: this.data.townId } : {}),
        ...(to === 'outside' && this.data.city ? { city: this.data.city } : {}),
        reason: this.data.reason,
      };
      const checked = check(TransferInput, input);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const result = await transferMembership(input, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ requestId: '', mode: 'view' });
      wx.navigateTo({ url: `/pages/case/index?id=${result.data.caseId}` });
    },
    onCard() {
      wx.navigateTo({ url: '/pages/member-card/index' });
    },
    onCase(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
