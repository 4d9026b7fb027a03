/**
 * Contract of activity posts (工作动态): a village, a town or a grassroots union posts text with up to 9 photos and
 * one video (filmed, at most 60 s, size capped on the phone), with its kind; the level above reviews before it is
 * published (or it publishes directly where configured), can feature it and recommend it upward. The case type
 * `post` (`domain/posts`) carries the flow; the `posts` function lists them and counts them by month.
 */
import { z } from 'zod';
import { action } from './api';
import { cloudFile } from './fields';
import { userText } from './cases';

export const POST_KINDS = ['meeting', 'survey', 'visit', 'moral_lecture', 'hardship_visit', 'training'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const POST_KIND_LABELS: Record<PostKind, string> = {
  meeting: '会议',
  survey: '调研',
  visit: '走访',
  moral_lecture: '道德讲堂',
  hardship_visit: '困难帮扶走访',
  training: '培训',
};

/** Longest video, as filmed (wx.chooseMedia maxDuration), and the size cap checked on the phone before upload. */
export const MAX_VIDEO_SECONDS = 60;
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;

export const PostVideoInput = z
  .object({
    fileID: cloudFile('视频').refine((id) => /\.mp4$/i.test(id), { error: '视频应为 mp4 文件' }),
    durationS: z
      .number()
      .min(0)
      .max(MAX_VIDEO_SECONDS, { error: `视频最长 ${MAX_VIDEO_SECONDS} 秒` }),
    sizeBytes: z
      .number()
      .int()
      .min(1)
      .max(MAX_VIDEO_BYTES, { error: `视频不能超过 ${MAX_VIDEO_BYTES / 1024 / 1024} MB` }),
  })
  .strict();

export const PostFormInput = z
  .object({
    kind: z.enum(POST_KINDS, { error: '请选择动态类型' }),
    title: userText('标题', 2, 40),
    text: userText('正文', 10, 2000),
    photos: z.array(cloudFile('照片')).max(9, { error: '照片最多 9 张' }).default([]),
    video: PostVideoInput.nullable().default(null),
  })
  .strict();
export type PostForm = z.output<typeof PostFormInput>;

/** One post in a list. */
export interface PostListItem {
  caseId: string;
  title: string;
  kindLabel: string;
  statusLabel: string;
  /** Who posted it (`翠林山村`, `万家乡`). */
  poster: string;
  at: string;
  photos: number;
  hasVideo: boolean;
  /** `视频待人工审核` until a reviewer watched it; '' otherwise. */
  videoStatus: string;
  featured: boolean;
}

/** One town's month. */
export interface PostMonthTown {
  townId: string;
  name: string;
  posts: number;
  published: number;
  featured: number;
  /** Villages (and the town itself) that posted nothing this month, by name. */
  silent: string[];
  silentCount: number;
  units: number;
}

export interface PostMonth {
  month: string;
  towns: PostMonthTown[];
  /** In words, e.g. `2026年12月：动态 12 条，精选 3 条，零报送 250 个单位`. */
  summary: string;
}

export const postsContract = {
  /** Staff: posts from my node (`mine`), waiting for my review (`review`), or published in my scope (`feed`), by page. */
  list: action(
    z
      .object({
        box: z.enum(['mine', 'review', 'feed']),
        /** The `nextCursor` of the page before (newest first, 30 a page). */
        cursor: z.string().max(80).optional(),
      })
      .strict(),
  ).returns<{ items: PostListItem[]; nextCursor: string | null }>(),
  /** Staff at a town or the city: a month's posts per town, featured, and units that posted nothing. */
  monthly: action(
    z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份应写成 2026-12' }) }).strict(),
  ).returns<PostMonth>(),
};
