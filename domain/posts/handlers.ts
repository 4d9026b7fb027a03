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
import { boxFilter, feedNodes, postPage, PUBLIC_STATES } from './lists';

const S = postCaseType.state;

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

/** A month's posts: the `stats_created` index (type, createdAt) of `cases`. */
const postsBetween = (ctx: HandlerContext, from: Date, to: Date) =>
  readAll<CaseDoc>(ctx.db, CASES, {
    type: postCaseType.type,
    createdAt: ctx.db.command.and(ctx.db.command.gte(from), ctx.db.command.lt(to)),
  });

/** `2026-12` → the month's start and end instants in China time. */
function monthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [chinaDayStart(`${month}-01`), chinaDayStart(`${next}-01`)];
}

export const postsHandlers: Handlers<typeof postsContract> = {
  async list({ box, cursor }, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const grid = await gridIndex(ctx.db);
    const nodes = box === 'feed' ? feedNodes(staff, grid) : null;
    const page = await postPage(ctx.db, boxFilter(ctx.db.command, box, staff, nodes), cursor);
    return { items: page.items.map((c) => toItem(c, grid)), nextCursor: page.nextCursor };
  },

  async monthly({ month }, ctx) {
    const staff = requireStaff(await loadActor(ctx), ['town_staff', 'city_admin']);
    const [from, to] = monthRange(month);
    const [inMonth, grid] = await Promise.all([postsBetween(ctx, from, to), gridIndex(ctx.db)]);
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
        published: ofTown.filter((c) => PUBLIC_STATES.includes(c.status)).length,
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
