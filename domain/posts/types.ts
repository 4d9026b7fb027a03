/**
 * Activity posts (工作动态) as a case type: a village collector or town staff member posts from their node; the
 * case waits at the level above (a village's post at its town, a town's at the city), whose staff publish it or
 * send it back with a reason. Text goes through msgSecCheck and photos through imgSecCheck at submission (the
 * engine); WeChat cannot check video, so a post with a video shows `视频待人工审核` until a reviewer watched it
 * (`check_video` puts `video_checked` on record) and cannot be published before. Where the level above allows it
 * (`UNION_POST_DIRECT_REVIEWERS`, node ids), the poster publishes a post without video directly. Published posts
 * can be featured, and a town can recommend one up to the city, which may feature it there.
 */
import { z } from 'zod';
import { POST_KIND_LABELS, PostFormInput, type PostForm } from '../../typings/posts';
import { defineCaseType, type CaseSnapshot } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { recordedCount, type InputDecl } from '../cases/inputs';
import { gridIndex } from '../grid/cache';
import { AppError } from '../runtime/errors';
import { requireVideoWithinCap } from './video';

const REVIEWERS = ['town_staff', 'city_admin'] as const;

/** Reviewing nodes whose posters may publish directly (a post without video). */
export function directReviewers(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.UNION_POST_DIRECT_REVIEWERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

const hasVideo = (c: CaseSnapshot) => Boolean((c.form as PostForm).video);
const videoPending = (c: CaseSnapshot) => hasVideo(c) && recordedCount(c, 'video_checked') === 0;

/** A reviewer's confirmation that they watched the video. */
export const videoCheck: InputDecl<{ watched: true }> = {
  label: '视频人工审核',
  kind: 'text',
  schema: z.object({ watched: z.literal(true, { error: '请先观看视频再确认' }) }).strict(),
  summary: () => '已观看视频，内容无问题',
  visibleTo: ['staff'],
  records: 'video_checked',
};

export const postCaseType = defineCaseType({
  type: 'post',
  title: '工作动态',
  formSchema: PostFormInput,
  categories: Object.entries(POST_KIND_LABELS).map(([value, label]) => ({ value, label })),
  category: (f) => ({ value: f.kind, label: POST_KIND_LABELS[f.kind] }),
  headline: (f) => `${POST_KIND_LABELS[f.kind]} · ${f.title}`,
  display: {
    kind: { label: '类型', options: POST_KIND_LABELS },
    title: { label: '标题' },
    text: { label: '正文', format: 'longtext' },
    photos: { label: '照片', format: 'files' },
  },
  describe: (f) =>
    f.video ? [{ key: 'video', kind: 'text', label: '视频', value: `1 段，${Math.round(f.video.durationS)} 秒` }] : [],
  texts: (f) => [
    { field: 'title', text: f.title },
    { field: 'text', text: f.text },
  ],
  files: (f) => [
    ...f.photos.map((fileID, i) => ({ field: `photos.${i}`, fileID })),
    ...(f.video ? [{ field: 'video.fileID', fileID: f.video.fileID }] : []),
  ],
  initiation: { by: 'staff', roles: ['village_collector', 'town_staff'] },
  verifyFiles: (form, ctx) => requireVideoWithinCap(ctx, form),
  async subject(_form, filing, ctx) {
    const poster = filing.initiator;
    if (poster.kind !== 'node') throw new AppError('FORBIDDEN', '工作动态由村、乡镇工作人员发布');
    const node = (await gridIndex(ctx.db)).get(poster.nodeId);
    return { subject: { kind: 'node', nodeId: poster.nodeId }, name: node?.name ?? '' };
  },
  // The level above reviews it.
  route: (_form, _person, initiator) => {
    if (initiator?.kind !== 'node' || initiator.nodePath.length < 2)
      throw new AppError('FORBIDDEN', '工作动态由村、乡镇工作人员发布');
    return { nodeId: initiator.nodePath[initiator.nodePath.length - 2] };
  },
  initialState: 'in_review',
  states: {
    in_review: {
      label: '待审核',
      timeLimitDays: 3,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        check_video: {
          by: REVIEWERS,
          to: 'in_review',
          offered: videoPending,
          guard: (c) => (videoPending(c) ? null : '这条动态没有待审核的视频'),
          inputs: { review: { input: videoCheck, required: true } },
        },
        publish: {
          by: REVIEWERS,
          to: 'published',
          guard: (c) => (videoPending(c) ? '视频尚未人工审核，请先观看并确认' : null),
        },
        return_post: { by: REVIEWERS, to: 'returned', needs: ['reason'] },
        publish_direct: {
          by: ['initiator'],
          to: 'published',
          offered: (c) => directReviewers().has(c.nodeId) && !hasVideo(c),
          guard: (c) =>
            !directReviewers().has(c.nodeId)
              ? '上级需审核后发布'
              : hasVideo(c)
                ? '带视频的动态需上级人工审核视频后发布'
                : null,
        },
        withdraw: { by: ['initiator'], to: 'withdrawn' },
      },
    },
    returned: { label: '已退回', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
    published: {
      label: '已发布',
      settled: true,
      actions: {
        feature: { by: REVIEWERS, to: 'featured' },
        recommend: { by: ['town_staff'], to: 'recommended', move: 'up' },
      },
    },
    recommended: {
      label: '已推荐至市总',
      awaitingStaff: true,
      actions: { feature: { by: ['city_admin'], to: 'featured' } },
    },
    featured: { label: '已精选', terminal: true, actions: {} },
  },
  verbs: {
    check_video: { label: '视频审核通过' },
    publish: { label: '审核发布' },
    return_post: { label: '退回修改' },
    publish_direct: { label: '直接发布' },
    feature: { label: '设为精选' },
    recommend: { label: '推荐到市总' },
  },
  stages: {
    review: { label: '待审核', states: ['in_review', 'recommended'] },
    public: { label: '已发布', states: ['published', 'featured'] },
    closed: { label: '未发布', states: ['returned', 'withdrawn'] },
  },
  // The dashboards' figures (domain/stats/sections/tasks.ts shows them beside the tasks): where the post arose.
  counts: [
    { key: 'posted', label: '上报动态' },
    { key: 'in_review', label: '待审核', states: ['in_review', 'recommended'] },
    { key: 'published', label: '已发布', states: ['published', 'featured'] },
  ],
  client: {
    detailPage: '/staff/pages/post/index',
    queue: { label: '工作动态', title: '工作动态审核' },
    onHome: false,
  },
});

registerCaseType(postCaseType);
