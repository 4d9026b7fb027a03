/**
 * The post lists as queries the database answers from an index of `cases` (declared in
 * `database/collections/cases.json`), newest first by `createdKey`, a page at a time with a cursor — never every
 * post read and filtered here:
 *
 * - `mine`: posts of my node — index `post_poster` (type, subject.nodeId, createdKey);
 * - `review`: open posts waiting at my node — index `post_review` (type, nodeId, open, createdKey);
 * - `feed`: published posts in my scope — the city walks `post_created` (type, createdKey); a town or a village
 *   asks `post_poster` for its own nodes (the town and its villages).
 */
import type { Filter, Database } from '../runtime/db';
import type { GridNode } from '../../typings/grid';
import { CASES, type CaseDoc } from '../cases/store';
import { postCaseType } from './types';

const S = postCaseType.state;
/** States in which a post is public to the levels above. */
export const PUBLIC_STATES: readonly string[] = [S.published, S.recommended, S.featured];
export const POSTS_PAGE = 30;

export type PostBox = 'mine' | 'review' | 'feed';

/** The staff member a list is for. */
export interface PostViewer {
  gridNodeId: string;
  role: 'city_admin' | 'town_staff' | 'village_collector';
}

/** The nodes whose posts a viewer's feed shows: null for the city (all of them), else the node and those below. */
export function feedNodes(viewer: PostViewer, grid: Map<string, GridNode>): string[] | null {
  if (viewer.role === 'city_admin') return null;
  return [...grid.values()].filter((n) => n.path.includes(viewer.gridNodeId)).map((n) => n._id);
}

/** The one query operator the filters use (`db.command`, or `$in` itself where a plan is explained). */
export interface QueryCommand {
  in(values: unknown[]): unknown;
}

/** The filter of a box (without the cursor). */
export function boxFilter(_: QueryCommand, box: PostBox, viewer: PostViewer, nodes: string[] | null): Filter {
  const type = postCaseType.type;
  if (box === 'mine') return { type, 'subject.nodeId': viewer.gridNodeId };
  if (box === 'review') return { type, nodeId: viewer.gridNodeId, open: true };
  const status = _.in([...PUBLIC_STATES]);
  if (nodes === null) return { type, status };
  return { type, 'subject.nodeId': nodes.length === 1 ? nodes[0] : _.in(nodes), status };
}

/** One page of a box, newest first; `nextCursor` continues it. */
export async function postPage(
  db: Database,
  filter: Filter,
  cursor: string | undefined,
  limit = POSTS_PAGE,
): Promise<{ items: CaseDoc[]; nextCursor: string | null }> {
  const where = cursor ? { ...filter, createdKey: db.command.lt(cursor) } : filter;
  const { data } = await db
    .collection<CaseDoc>(CASES)
    .where(where)
    .orderBy('createdKey', 'desc')
    .limit(limit + 1)
    .get();
  const items = data.slice(0, limit);
  return { items, nextCursor: data.length > limit ? items[items.length - 1].createdKey : null };
}
