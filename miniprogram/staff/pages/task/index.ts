/**
 * 任务办理 (a recipient's part, `?id=<part id>`): the recipient signs (签收), fills the fields, attaches files,
 * takes on-site photos with the camera (a capture ticket first, the place or its refusal recorded), reports, or
 * asks for more time before the deadline; the issuer accepts, sends back with a reason, or decides an extension.
 * Only the actions the server offers (`availableActions`) are shown.
 */
import type { CaseDetail, TaskPartView } from '@union/contracts';
import { ActCaseInput, ExtensionInput, maxLengths, TaskOpinionInput, TaskReportInput } from '@union/contracts';
import { actOnCase, getCase, toSteps } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import { callApi } from '../../../services/api';
import { LIGHT_CLASS, takeSitePhoto, type SitePhotoDraft } from '../../../services/tasks';
import { freshOnShow } from '../../../behaviors/screen';

type Panel = '' | 'report' | 'extension' | 'send_back' | 'refuse_extension';

Component({
  behaviors: [freshOnShow],
  data: {
    /** Text limits from the contracts: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(TaskReportInput, { note: 'note' }),
      ...maxLengths(ExtensionInput, { extReason: 'reason' }),
      ...maxLengths(ActCaseInput, { reason: 'reason' }),
      ...maxLengths(TaskOpinionInput, { opinion: 'opinion' }),
    },
    caseId: '',
    part: null as TaskPartView | null,
    lightClass: '',
    steps: [] as ReturnType<typeof toSteps>,
    version: 0,
    can: {} as Record<string, boolean>,
    panel: '' as Panel,
    answers: {} as Record<string, string>,
    photos: [] as SitePhotoDraft[],
    files: [] as string[],
    uploading: false,
    progress: 0,
    note: '',
    newDate: '',
    reason: '',
    opinion: '',
    error: '',
    phase: 'idle' as 'idle' | 'sending' | 'photo',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.part) this.setData({ status: 'loading' });
      const [part, detail] = await Promise.all([
        callApi('tasks', 'part', { caseId: this.data.caseId }),
        getCase(this.data.caseId),
      ]);
      if (!part.ok) return this.showLoadError(part, '没有找到这项任务，或它不在您的管辖范围内。');
      if (!detail.ok) return this.showLoadError(detail);
      this.show(part.data, detail.data);
    },
    show(part: TaskPartView, detail: CaseDetail) {
      const can = Object.fromEntries(detail.availableActions.map((a) => [a.action, true]));
      this.setData({
        status: 'ready',
        part,
        lightClass: LIGHT_CLASS[part.light],
        steps: toSteps(detail.timeline),
        version: detail.version,
        can,
        newDate: part.extension?.newDate ?? '',
      });
    },
    onPanel(e: WechatMiniprogram.BaseEvent<Record<string, never>, { panel: Panel }>) {
      const panel = e.currentTarget.dataset.panel;
      this.setData({ panel: this.data.panel === panel ? '' : panel, error: '' });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail.value, error: '' });
    },
    onAnswer(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      this.setData({ [`answers.${e.currentTarget.dataset.key}`]: e.detail.value, error: '' });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newDate: e.detail.value, error: '' });
    },
    onFiles(e: WechatMiniprogram.CustomEvent<{ fileIds: string[]; uploading: boolean }>) {
      this.setData({ files: e.detail.fileIds, uploading: e.detail.uploading });
    },
    async onPhoto() {
      if (this.data.phase !== 'idle' || this.data.photos.length >= 9) return;
      this.setData({ phase: 'photo', progress: 0, error: '' });
      const out = await takeSitePhoto(this.data.caseId, (progress) => this.setData({ progress }));
      this.setData({ phase: 'idle' });
      if (out.ok) return this.setData({ photos: [...this.data.photos, out.photo] });
      if (out.message) this.setData({ error: out.message });
    },
    onRemovePhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { i: number }>) {
      this.setData({ photos: this.data.photos.filter((_p, i) => i !== e.currentTarget.dataset.i) });
    },
    async act(action: string, extra: Record<string, unknown>, done: string) {
      if (this.data.phase !== 'idle') return;
      this.setData({ phase: 'sending', error: '' });
      const result = await actOnCase(
        { caseId: this.data.caseId, action, version: this.data.version, ...extra },
        newRequestId(),
      );
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ error: result.message });
      wx.showToast({ title: done, icon: 'success' });
      this.setData({ panel: '', photos: [], files: [], note: '', reason: '', opinion: '' });
      await this.load();
    },
    onSign() {
      void this.act('sign', {}, '已签收');
    },
    onReport() {
      if (this.data.uploading) return this.setData({ error: '材料还在上传，请稍候' });
      const report = {
        answers: this.data.answers,
        files: this.data.files,
        photos: this.data.photos.map(({ path: _path, ...p }) => p),
        note: this.data.note.trim(),
      };
      void this.act('report', { inputs: { report } }, '已上报');
    },
    onRequestExtension() {
      void this.act(
        'request_extension',
        { inputs: { extension: { newDate: this.data.newDate, reason: this.data.reason.trim() } } },
        '已申请',
      );
    },
    onAccept() {
      const opinion = this.data.opinion.trim();
      void this.act('accept_report', opinion ? { inputs: { opinion } } : {}, '已验收');
    },
    onSendBack() {
      void this.act('send_back', { reason: this.data.reason.trim() }, '已退回');
    },
    onApproveExtension() {
      void this.act('approve_extension', { inputs: { approval: { newDate: this.data.newDate } } }, '已同意');
    },
    onRefuseExtension() {
      void this.act('refuse_extension', { reason: this.data.reason.trim() }, '已答复');
    },
    onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      const urls = (this.data.part?.report?.files ?? []).filter((f) => f.kind === 'image' && f.url).map((f) => f.url!);
      wx.previewImage({ current: e.currentTarget.dataset.url, urls });
    },
  },
});
