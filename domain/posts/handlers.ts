/**
 * Handlers of the `posts` function (`typings/posts.ts`): lists of posts (mine, to review, published in my scope)
 * and the monthly table per town — posts, published, featured, and the units that posted nothing (零报送).
 */
import type { GridNode } from '../../typings/grid';
import {
  POST_KIND_LABELS,
  type PostForm,
  type PostListItem,
  type PostMonthTown,
  type postsContract,
} from '../../typings/posts';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { readAll } from '../runtime/paging';
import { loadActor, requireStaff } from '../people/actor';
import { chinaDayStart } from '../../common/china-time';
import { gridIndex } from '../grid/cache';
import { recordedCount } from '../cases/inputs';
import { CASES, type CaseDoc } from '../cases/store';
import { postCaseType } from './types';

const S = postCaseType.state;
const PUBLIC: string[] = [S.published, S.recommended, S.featured];

const posterOf = (c: CaseDoc) => (c.initiator?.kind === 'node' ? c.initiator : null);

function toItem(c: CaseDoc, grid: Map<string, GridNode>): PostListItem {
  const form = c.form as PostForm;
  const poster = posterOf(c);
  const videoPending = Boolean(form.video) && recordedCount(c, 'video_checked') === 0;
  return {
    caseId: c._id,
    title: form.title,
    kindLabel: POST_KIND_LABELS[form.kind],
    statusLabel: postCaseType.states[c.status as 'in_review']?.label ?? '',
    poster: poster ? (grid.get(poster.nodeId)?.name ?? '') : '',
    at: new Date(c.createdAt).toISOString(),
    photos: form.photos.length,
    hasVideo: Boolean(form.video),
    videoStatus: videoPending && c.status === S.in_review ? '视频待人工审核' : '',
    featured: c.status === S.featured,
  };
}

const posts = (ctx: HandlerContext) => readAll<CaseDoc>(ctx.db, CASES, { type: postCaseType.type });

/** `2026-12` → the month's start and end instants in China time. */
function monthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [chinaDayStart(`${month}-01`), chinaDayStart(`${next}-01`)];
}

export const postsHandlers: Handlers<typeof postsContract> = {
  async list({ box }, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const [all, grid] = await Promise.all([posts(ctx), gridIndex(ctx.db)]);
    const mine = (c: CaseDoc) => posterOf(c)?.nodeId === staff.gridNodeId;
    const inScope = (c: CaseDoc) => (posterOf(c)?.nodePath ?? []).includes(staff.gridNodeId);
    const pick =
      box === 'mine'
        ? all.filter(mine)
        : box === 'review'
          ? all.filter((c) => c.open && c.nodeId === staff.gridNodeId && !mine(c))
          : all.filter((c) => inScope(c) && PUBLIC.includes(c.status));
    const items = pick
      .sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt))
      .slice(0, 100)
      .map((c) => toItem(c, grid));
    return { items };
  },

  async monthly({ month }, ctx) {
    const staff = requireStaff(await loadActor(ctx), ['town_staff', 'city_admin']);
    const [from, to] = monthRange(month);
    const [all, grid] = await Promise.all([posts(ctx), gridIndex(ctx.db)]);
    const inMonth = all.filter((c) => {
      const at = new Date(c.createdAt).getTime();
      return at >= from.getTime() && at < to.getTime();
    });
    const towns = [...grid.values()]
      .filter((n) => n.level === 'town' && (staff.role === 'city_admin' || n._id === staff.gridNodeId))
      .sort((a, b) => a._id.localeCompare(b._id));
    if (!towns.length) throw new AppError('FORBIDDEN', '只有乡镇、市级工作人员可以查看');
    const rows: PostMonthTown[] = towns.map((town) => {
      const units = [town, ...[...grid.values()].filter((n) => n.level === 'village' && n.path.includes(town._id))];
      const ofTown = inMonth.filter((c) => (posterOf(c)?.nodePath ?? []).includes(town._id));
      const posted = new Set(ofTown.map((c) => posterOf(c)!.nodeId));
      const silent = units.filter((u) => !posted.has(u._id)).map((u) => u.name);
      return {
        townId: town._id,
        name: town.name,
        posts: ofTown.length,
        published: ofTown.filter((c) => PUBLIC.includes(c.status)).length,
        featured: ofTown.filter((c) => c.status === S.featured).length,
        silent,
        silentCount: silent.length,
        units: units.length,
      };
    });
    const [y, m] = month.split('-');
    const sum = (k: 'posts' | 'featured' | 'silentCount') => rows.reduce((n, r) => n + r[k], 0);
    return {
      month,
      towns: rows,
      summary: `${y}年${Number(m)}月：动态 ${sum('posts')} 条，精选 ${sum('featured')} 条，零报送 ${sum('silentCount')} 个单位`,
    };
  },
};
