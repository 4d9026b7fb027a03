/**
 * 发布工作动态 (village collector, town staff): kind, title, text, up to 9 photos and one video filmed with the
 * camera (at most 60 s; one over the size cap is refused before upload; the upload shows its progress and can be
 * cancelled). Text and photos are checked by WeChat's content checks; the video waits for a person at the level
 * above, and the post page says so.
 */
import { maxLengths, POST_KIND_LABELS, PostFormInput, type PostKind } from '@union/contracts';
import { chooseVideo, submitPost, uploadVideo, type ChosenVideo, type VideoUpload } from '../../../services/posts';
import { newRequestId } from '../../../services/api';
import { screen } from '../../../behaviors/screen';

const KINDS = (Object.keys(POST_KIND_LABELS) as PostKind[]).map((value) => ({ value, label: POST_KIND_LABELS[value] }));

/** The upload in progress (kept off `data`: it holds a task object). */
let upload: VideoUpload | null = null;

Component({
  behaviors: [screen],
  data: {
    limits: maxLengths(PostFormInput, { title: 'title', text: 'text' }),
    kinds: KINDS,
    kind: 'visit' as PostKind,
    title: '',
    text: '',
    photos: [] as string[],
    photosUploading: false,
    video: null as (ChosenVideo & { fileID: string }) | null,
    videoPhase: 'none' as 'none' | 'uploading' | 'done',
    progress: 0,
    error: '',
    phase: 'idle' as 'idle' | 'sending',
    requestId: newRequestId(),
  },
  lifetimes: {
    detached() {
      upload?.cancel();
      upload = null;
    },
  },
  methods: {
    onLoad() {
      this.setData({ status: 'ready' });
    },
    onKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: PostKind }>) {
      this.setData({ kind: e.currentTarget.dataset.value });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'title' | 'text' }>) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail.value, error: '' });
    },
    onPhotos(e: WechatMiniprogram.CustomEvent<{ fileIds: string[]; uploading: boolean }>) {
      this.setData({ photos: e.detail.fileIds, photosUploading: e.detail.uploading });
    },
    async onVideo() {
      if (this.data.videoPhase === 'uploading') return;
      const chosen = await chooseVideo();
      if (!chosen) return;
      if (!chosen.ok) return this.setData({ error: chosen.message });
      this.setData({ video: { ...chosen.video, fileID: '' }, videoPhase: 'uploading', progress: 0, error: '' });
      upload = uploadVideo(chosen.video.path, (progress) => this.setData({ progress }));
      const out = await upload.done;
      upload = null;
      if (out.ok) return this.setData({ 'video.fileID': out.fileID, videoPhase: 'done' });
      this.setData({ video: null, videoPhase: 'none', error: out.message });
    },
    onCancelVideo() {
      upload?.cancel();
    },
    onRemoveVideo() {
      this.setData({ video: null, videoPhase: 'none' });
    },
    async onSubmit() {
      const d = this.data;
      if (d.phase === 'sending') return;
      if (d.photosUploading || d.videoPhase === 'uploading')
        return this.setData({ error: '照片或视频还在上传，请稍候' });
      this.setData({ phase: 'sending', error: '' });
      const result = await submitPost(
        {
          kind: d.kind,
          title: d.title.trim(),
          text: d.text.trim(),
          photos: d.photos,
          video: d.video?.fileID
            ? { fileID: d.video.fileID, durationS: d.video.durationS, sizeBytes: d.video.size }
            : null,
        },
        d.requestId,
      );
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ error: result.message });
      wx.showToast({ title: '已提交', icon: 'success' });
      wx.redirectTo({ url: `/staff/pages/post/index?id=${result.data._id}` });
    },
  },
});
