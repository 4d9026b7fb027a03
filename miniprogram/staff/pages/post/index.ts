/**
 * 工作动态 (one post, `?id=`): its text, photos (thumbnails that open full size) and video through short-lived
 * links from `cases.files`; its status, and `视频待人工审核` until a reviewer watched the video; the actions the
 * server offers: the reviewer confirms the video, publishes or sends back with a reason, features, recommends to
 * the city; the poster publishes directly where allowed, or withdraws.
 */
import type { CaseDetail, CaseFile, PostForm } from '@union/contracts';
import { POST_KIND_LABELS, ActCaseInput, maxLengths } from '@union/contracts';
import { actOnCase, getCase, toSteps } from '../../../services/cases';
import { loadCaseFiles } from '../../../services/files';
import { newRequestId } from '../../../services/api';
import { freshOnShow } from '../../../behaviors/screen';

const BUTTONS = ['publish', 'feature', 'recommend', 'publish_direct', 'withdraw'];

Component({
  behaviors: [freshOnShow],
  data: {
    limits: maxLengths(ActCaseInput, { reason: 'reason' }),
    caseId: '',
    post: null as (PostForm & { kindLabel: string }) | null,
    poster: '',
    statusLabel: '',
    version: 0,
    videoStatus: '',
    photos: [] as CaseFile[],
    videoUrl: '',
    actions: [] as { action: string; label: string }[],
    canCheckVideo: false,
    canReturn: false,
    watched: false,
    returning: false,
    reason: '',
    steps: [] as ReturnType<typeof toSteps>,
    error: '',
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.post) this.setData({ status: 'loading' });
      const [detail, files] = await Promise.all([getCase(this.data.caseId), loadCaseFiles(this.data.caseId, 'case')]);
      if (!detail.ok) return this.showLoadError(detail, '没有找到这条动态，或它不在您的管辖范围内。');
      this.show(detail.data, files.ok ? files.data : []);
    },
    show(d: CaseDetail, files: CaseFile[]) {
      const form = d.form as unknown as PostForm;
      const checked = d.timeline.some((t) => t.action === 'check_video');
      const video = form.video ? files.find((f) => f.fileID === form.video!.fileID) : undefined;
      const offered = d.availableActions;
      this.setData({
        status: 'ready',
        post: { ...form, kindLabel: POST_KIND_LABELS[form.kind] },
        poster: d.applicantName,
        statusLabel: d.statusLabel,
        version: d.version,
        videoStatus: form.video ? (checked ? '视频已人工审核' : '视频待人工审核') : '',
        photos: files.filter((f) => f.kind === 'image' && form.photos.includes(f.fileID)),
        videoUrl: video?.url ?? '',
        actions: offered.filter((a) => BUTTONS.includes(a.action)).map((a) => ({ action: a.action, label: a.label })),
        canCheckVideo: offered.some((a) => a.action === 'check_video'),
        canReturn: offered.some((a) => a.action === 'return_post'),
        steps: toSteps(d.timeline),
        watched: false,
        returning: false,
      });
    },
    async act(action: string, extra: Record<string, unknown> = {}) {
      if (this.data.phase !== 'idle') return;
      this.setData({ phase: 'sending', error: '' });
      const r = await actOnCase(
        { caseId: this.data.caseId, action, version: this.data.version, ...extra },
        newRequestId(),
      );
      this.setData({ phase: 'idle' });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: '已完成', icon: 'success' });
      await this.load();
    },
    onAction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { action: string }>) {
      void this.act(e.currentTarget.dataset.action);
    },
    onWatched() {
      this.setData({ watched: !this.data.watched });
    },
    onCheckVideo() {
      if (!this.data.watched) return this.setData({ error: '请先观看视频，再勾选“我已看完视频”' });
      void this.act('check_video', { inputs: { review: { watched: true } } });
    },
    onReturn() {
      this.setData({ returning: !this.data.returning });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, error: '' });
    },
    onSendReturn() {
      void this.act('return_post', { reason: this.data.reason.trim() });
    },
    onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.previewImage({ current: e.currentTarget.dataset.url, urls: this.data.photos.map((p) => p.url ?? '') });
    },
  },
});
