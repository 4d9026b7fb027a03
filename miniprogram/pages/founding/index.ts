/**
 * 单位建会 (the enterprise's contact): without `?id` the request (建会请示) — the enterprise, its workers, the
 * preparatory group and the reason; with `?id=<caseId>` the founding's progress — every step, who acts, the current
 * step's deadline — and the form of the step the enterprise takes now (the join link while recruiting, the groups,
 * the candidate list, the election result, the women workers' committee, the profile, the certificate), the
 * 批复 once issued, and the common actions (withdraw, add information). Rules are checked by the server at each
 * step; its reason is shown on the form.
 */
import type { ApiFailure } from '@union/contracts';
import {
  CANDIDATE_POST_LABELS,
  CandidatesInput,
  ElectionInput,
  FoundingFormInput,
  GroupsInput,
  KINSHIP_LABELS,
  maxLengths,
  UnionProfileInput,
  WomenCommitteeInput,
} from '@union/contracts';
import { actOnCase, getCase, submitCase } from '../../services/cases';
import { callApi, newRequestId, requestIdFor } from '../../services/api';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import {
  approvalDocument,
  foundingView,
  FOUNDING_TYPE,
  joinLink,
  type FoundingView,
  type StepForm,
} from '../../services/founding';
import { fieldLabelOf, stepInput, emptyStepState, type StepState } from './steps';
import type { ActDetail } from '../../components/case-actions/index';
import type { ScreenStatus } from '../../utils/status';

const POSTS = Object.entries(CANDIDATE_POST_LABELS).map(([value, label]) => ({ value, label }));
const KINSHIPS = Object.entries(KINSHIP_LABELS).map(([value, label]) => ({ value, label }));

const emptyRequest = () => ({
  unitName: '',
  creditCode: '',
  townId: '',
  address: '',
  legalRep: '',
  industry: '',
  employees: '',
  womenEmployees: '',
  prepGroup: [
    { name: '', post: '' },
    { name: '', post: '' },
    { name: '', post: '' },
  ],
  reason: '',
  partyOpinion: '',
});
type RequestState = ReturnType<typeof emptyRequest>;

/** The request as the form edits it (numbers as typed text). */
function fromCaseForm(form: Record<string, unknown>): RequestState {
  const base = emptyRequest();
  const text = (k: keyof RequestState) =>
    typeof form[k] === 'string' || typeof form[k] === 'number' ? String(form[k]) : '';
  const prep = Array.isArray(form.prepGroup) ? (form.prepGroup as { name: string; post: string }[]) : base.prepGroup;
  return {
    unitName: text('unitName'),
    creditCode: text('creditCode'),
    townId: text('townId'),
    address: text('address'),
    legalRep: text('legalRep'),
    industry: text('industry'),
    employees: text('employees'),
    womenEmployees: text('womenEmployees'),
    prepGroup: prep.map((m) => ({ name: m.name, post: m.post })),
    reason: text('reason'),
    partyOpinion: text('partyOpinion'),
  };
}

/** Which row field an event is about. */
interface Row {
  list: string;
  index: number;
  field: string;
}

const toInt = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim() === '' ? undefined : NaN);

Component({
  data: {
    /** Text limits from the contracts: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(FoundingFormInput, {
        unitName: 'unitName',
        creditCode: 'creditCode',
        address: 'address',
        legalRep: 'legalRep',
        industry: 'industry',
        prepName: 'prepGroup.name',
        prepPost: 'prepGroup.post',
        reason: 'reason',
        partyOpinion: 'partyOpinion',
      }),
      ...maxLengths(GroupsInput, { groupName: 'groups.name', groupLeader: 'groups.leader' }),
      ...maxLengths(CandidatesInput, { candidate: 'committee.name' }),
      ...maxLengths(ElectionInput, { chairman: 'chairman' }),
      ...maxLengths(WomenCommitteeInput, { womenChair: 'chair' }),
      /** Up to 15 names of up to 20 characters, separated. */
      womenList: 15 * 21,
      ...maxLengths(UnionProfileInput, {
        unionName: 'unionName',
        unionAddress: 'address',
        womenOfficer: 'womenOfficer',
      }),
    },
    status: 'ready' as ScreenStatus,
    message: '',
    caseId: '',
    view: null as FoundingView | null,
    request: emptyRequest(),
    requestError: '',
    requestId: '',
    /** The town asked for more information: the request is shown again to correct and resubmit. */
    correcting: false,
    step: emptyStepState(),
    stepError: '',
    link: null as { path: string; code: string; recruits: number; qr: string } | null,
    /** Why the join link could not be made (e.g. its address is not configured), in words. */
    linkError: '',
    approval: null as { docNumber: string; title: string; issuedOn: string } | null,
    posts: POSTS,
    postNames: POSTS.map((p) => p.label),
    kinshipNames: KINSHIPS.map((k) => k.label),
    assemblyNames: ['会员大会', '会员代表大会'],
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query.id ?? query.resubmit;
      if (id) {
        this.setData({ caseId: id });
        void this.load();
      } else void this.openMine();
    },
    /** Opened from the catalogue: the contact's founding in progress, if any; otherwise a new request. */
    async openMine() {
      this.setData({ status: 'loading' });
      const mine = await callApi('cases', 'mine', { type: FOUNDING_TYPE, limit: 20 });
      const open = mine.ok ? mine.data.items.find((c) => c.open) : undefined;
      if (!open) {
        this.setData({ status: 'ready' });
        return;
      }
      this.setData({ caseId: open._id });
      await this.load();
    },
    onShow() {
      if (this.data.caseId && this.data.view) void this.load();
    },
    onRetry() {
      void this.load();
    },
    onShareAppMessage() {
      const link = this.data.link;
      return link
        ? { title: `${this.data.view?.unitName ?? ''}正在建立工会，邀请您加入`, path: `/${link.path}` }
        : { title: '智慧工会', path: '/pages/home/index' };
    },
    async load() {
      if (!this.data.view) this.setData({ status: 'loading' });
      const result = await getCase(this.data.caseId);
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      if (result.data.type !== FOUNDING_TYPE) {
        wx.redirectTo({ url: `/pages/case/index?id=${this.data.caseId}` });
        return;
      }
      const view = foundingView(result.data);
      const formChanged = view.form !== this.data.view?.form;
      const correcting = result.data.availableActions.some((a) => a.action === 'resubmit');
      this.setData({
        status: 'ready',
        view,
        correcting,
        ...(formChanged ? { step: emptyStepState(), stepError: '' } : {}),
        ...(correcting && !this.data.correcting ? { request: fromCaseForm(result.data.form) } : {}),
      });
      if (view.form === 'finish_recruiting') void this.loadLink();
      if (view.approved) void this.loadApproval();
    },
    async loadLink() {
      const result = await joinLink(this.data.caseId);
      if (!result.ok) {
        this.setData({ linkError: result.message });
        return;
      }
      this.setData({
        linkError: '',
        link: { path: result.data.path, code: result.data.code, recruits: result.data.recruits, qr: result.data.qr },
      });
    },
    async loadApproval() {
      const result = await approvalDocument(this.data.caseId);
      if (result.ok)
        this.setData({
          approval: { docNumber: result.data.docNumber, title: result.data.title, issuedOn: result.data.issuedOn },
        });
    },
    async onOpenApproval() {
      const result = await approvalDocument(this.data.caseId);
      if (!result.ok) {
        wx.showModal({ title: '暂时打不开', content: result.message, showCancel: false });
        return;
      }
      wx.downloadFile({
        url: result.data.url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true }),
        fail: () => wx.showToast({ title: '下载失败，请重试', icon: 'none' }),
      });
    },
    onCopyLink() {
      const link = this.data.link;
      if (link) wx.setClipboardData({ data: link.path });
    },

    // ------------------------------------------------------------------ the request
    onRequestField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { path: string }>) {
      this.setData({ [`request.${e.currentTarget.dataset.path}`]: e.detail.value, requestError: '' });
    },
    /** A field of one row of a list (`prepGroup`), by list, row and field. */
    onRequestRow(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, Row>) {
      const { list, index, field } = e.currentTarget.dataset;
      this.setData({ [`request.${list}[${Number(index)}].${field}`]: e.detail.value, requestError: '' });
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ 'request.townId': e.detail.nodeId, requestError: '' });
    },
    onAddPrep() {
      if (this.data.request.prepGroup.length >= 5) return;
      this.setData({ 'request.prepGroup': [...this.data.request.prepGroup, { name: '', post: '' }] });
    },
    onRemovePrep(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const rows = this.data.request.prepGroup.filter((_, i) => i !== Number(e.currentTarget.dataset.index));
      this.setData({ 'request.prepGroup': rows });
    },
    async onSubmitRequest() {
      if (this.data.phase === 'sending') return;
      const r: RequestState = this.data.request;
      const form = {
        ...r,
        employees: toInt(r.employees),
        womenEmployees: toInt(r.womenEmployees),
        prepGroup: r.prepGroup.filter((m) => m.name.trim() || m.post.trim()),
      };
      void askToNotify(['caseProgress']);
      const requestId = requestIdFor(this.data.requestId, form);
      this.setData({ phase: 'sending', requestId });
      const view = this.data.view;
      if (this.data.correcting && view) {
        const corrected = await actOnCase(
          { caseId: view.id, version: view.version, action: 'resubmit', form } as Parameters<typeof actOnCase>[0],
          requestId,
        );
        this.setData({ phase: 'idle' });
        if (!corrected.ok) {
          this.setData({ requestError: this.describe(corrected, 'form.') });
          return;
        }
        wx.showToast({ title: '已重新提交', icon: 'success' });
        this.setData({ correcting: false, requestId: '' });
        void this.load();
        return;
      }
      const result = await submitCase(FOUNDING_TYPE, form, requestId);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/founding/index')) return;
        this.setData({ requestError: this.describe(result, 'form.') });
        return;
      }
      wx.showToast({ title: '已提交', icon: 'success' });
      this.setData({ caseId: result.data._id, requestId: '' });
      wx.redirectTo({ url: `/pages/founding/index?id=${result.data._id}` });
    },

    // ------------------------------------------------------------------ the current step's form
    onStepField(
      e: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { path: string }>,
    ) {
      this.setData({ [`step.${e.currentTarget.dataset.path}`]: e.detail.value, stepError: '' });
    },
    onStepPick(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { path: string }>) {
      this.setData({ [`step.${e.currentTarget.dataset.path}`]: Number(e.detail.value), stepError: '' });
    },
    onStepRow(e: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, Row>) {
      const { list, index, field } = e.currentTarget.dataset;
      this.setData({ [`step.${list}[${Number(index)}].${field}`]: e.detail.value, stepError: '' });
    },
    onStepRowPick(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, Row>) {
      const { list, index, field } = e.currentTarget.dataset;
      this.setData({ [`step.${list}[${Number(index)}].${field}`]: Number(e.detail.value), stepError: '' });
    },
    onAddRow(e: WechatMiniprogram.BaseEvent<Record<string, never>, { list: keyof StepState }>) {
      const list = e.currentTarget.dataset.list;
      const rows = (this.data.step[list] as unknown[]) ?? [];
      const blank = emptyStepState()[list] as unknown[];
      this.setData({ [`step.${list}`]: [...rows, { ...(blank[0] as object) }] });
    },
    onRemoveRow(e: WechatMiniprogram.BaseEvent<Record<string, never>, { list: keyof StepState; index: number }>) {
      const { list, index } = e.currentTarget.dataset;
      const rows = (this.data.step[list] as unknown[]).filter((_, i) => i !== Number(index));
      this.setData({ [`step.${list}`]: rows });
    },
    async onSubmitStep() {
      const view = this.data.view;
      if (!view || !view.form || this.data.phase === 'sending') return;
      const inputs = stepInput(view.form as StepForm, this.data.step, this.data.link?.recruits ?? 0);
      void askToNotify(['caseProgress']);
      await this.act({ action: view.form, inputs: { step: inputs } }, newRequestId(), 'step');
    },
    onAct(e: WechatMiniprogram.CustomEvent<ActDetail>) {
      void askToNotify(['caseProgress']);
      void this.act(e.detail as unknown as Record<string, unknown> & { action: string }, newRequestId(), 'common');
    },
    async act(detail: Record<string, unknown> & { action: string }, requestId: string, where: 'step' | 'common') {
      const view = this.data.view;
      if (!view) return;
      this.setData({ phase: 'sending' });
      const result = await actOnCase(
        { caseId: view.id, version: view.version, ...detail } as Parameters<typeof actOnCase>[0],
        requestId,
      );
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        if (result.code === 'CONFLICT' && !result.field) {
          wx.showToast({ title: '有新进展，已刷新', icon: 'none' });
          void this.load();
          return;
        }
        if (where === 'step') this.setData({ stepError: this.describe(result, 'inputs.step.') });
        else wx.showModal({ title: '没有办成', content: result.message, showCancel: false });
        return;
      }
      wx.showToast({ title: '已提交', icon: 'success' });
      void this.load();
    },
    /** A server refusal in words, with the field it is about. */
    describe(failure: ApiFailure, prefix: string): string {
      const label = failure.field ? fieldLabelOf(failure.field.replace(prefix, '')) : '';
      return label && !failure.message.includes(label) ? `${label}：${failure.message}` : failure.message;
    },
    onHistory() {
      wx.navigateTo({ url: `/pages/case/index?id=${this.data.caseId}` });
    },
  },
});
