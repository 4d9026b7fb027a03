/**
 * The yearly re-check (集中复核) of the hardship archive: town staff (or the city) draw, once per year and
 * node, a random sample of at least 30% of the node's active files for home visits (R1: "每年抽查比例不低于30%");
 * each visit is recorded on the file. The campaign also counts the files flagged 一年未改 and 未帮扶过.
 */
import { randomInt } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid, notFound } from '../runtime/errors';
import {
  RECHECK_OUTCOME_LABELS,
  RECHECK_SAMPLE_SHARE,
  type ArchiveFileView,
  type RecheckOutcome,
  type RecheckView,
} from '../../typings/registry';
import { loadActor, requireStaff, inScope } from '../people/actor';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { archiveFilter, getArchiveRecord, toArchiveView } from './archive';
import { gridNodes, placeName, staffAt, subtree } from './scope';
import { ARCHIVE_FILES, ARCHIVE_RECHECKS, type ArchiveRecord, type RecheckRecord } from './store';

/** At least 30% of `total`, rounded up (one file of a node with one file). */
export const sampleSizeOf = (total: number): number => Math.ceil(total * RECHECK_SAMPLE_SHARE);

/** `size` distinct items of `items` drawn uniformly at random (partial Fisher–Yates with a CSPRNG). */
export function drawSample<T>(items: readonly T[], size: number, random: (n: number) => number = randomInt): T[] {
  const pool = items.slice();
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i += 1) {
    const j = i + random(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

const campaignId = (year: number, nodeId: string) => `${year}-${nodeId}`;

/** Every active file id in a subtree (paged; the archive holds about a thousand households). */
async function activeFileIds(ctx: HandlerContext, path: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await ctx.db
      .collection<ArchiveRecord>(ARCHIVE_FILES)
      .where({ ...subtree(path), status: 'active' })
      .orderBy('fileNo', 'asc')
      .skip(skip)
      .field({ _id: true })
      .limit(1000)
      .get();
    ids.push(...data.map((d) => d._id));
    if (data.length < 1000) return ids;
  }
}

async function view(ctx: HandlerContext, c: RecheckRecord, path: readonly string[]): Promise<RecheckView> {
  const now = ctx.now();
  const grid = await gridNodes(ctx);
  const coll = ctx.db.collection<ArchiveRecord>(ARCHIVE_FILES);
  const files: ArchiveRecord[] = [];
  for (let i = 0; i < c.sample.length; i += 500) {
    const { data } = await coll
      .where({ _id: ctx.db.command.in(c.sample.slice(i, i + 500)) })
      .limit(1000)
      .get();
    files.push(...data);
  }
  files.sort((a, b) => a.fileNo.localeCompare(b.fileNo));
  const [unchanged, never] = await Promise.all([
    coll.where(archiveFilter(ctx, path, { flag: 'unchanged_year' }, now)).count(),
    coll.where(archiveFilter(ctx, path, { flag: 'never_helped' }, now)).count(),
  ]);
  const node = grid.get(c.nodeId);
  return {
    year: c.year,
    nodeId: c.nodeId,
    place: node
      ? node.level === 'city'
        ? node.name
        : placeName(grid, { townId: node.path[1], villageId: node.path[2] ?? null })
      : '',
    total: c.total,
    sampleSize: c.sampleSize,
    visited: c.visited.length,
    drawnAt: new Date(c.drawnAt).toISOString(),
    drawnBy: c.drawnBy,
    unchangedYear: unchanged.total,
    neverHelped: never.total,
    files: files.map((f) => {
      const done = f.recheck?.year === c.year && f.recheck.visitedAt;
      return {
        fileId: f._id,
        line: `${f.fileNo} · ${maskName(f.name)} · ${placeName(grid, f)}`,
        visited: Boolean(done),
        outcome: done && f.recheck?.outcome ? RECHECK_OUTCOME_LABELS[f.recheck.outcome] : null,
      };
    }),
  };
}

async function campaignNode(ctx: HandlerContext, nodeId: string | undefined) {
  const { actor, staff, path } = await staffAt(ctx, nodeId);
  if (staff.role === 'village_collector') throw new AppError('FORBIDDEN', '复核抽样由乡镇工作员或市总工会发起');
  if (path.length > 2) throw invalid('nodeId', '复核按乡镇或全市抽样');
  return { actor, staff, path, nodeId: path[path.length - 1] };
}

/** `startRecheck`: draw the year's sample for a town (or the city); a second call answers the same draw. */
export async function startRecheck(
  input: { year: number; nodeId?: string },
  ctx: HandlerContext,
): Promise<RecheckView> {
  const { actor, staff, path, nodeId } = await campaignNode(ctx, input.nodeId);
  const _id = campaignId(input.year, nodeId);
  const coll = ctx.db.collection<RecheckRecord>(ARCHIVE_RECHECKS);
  const { data: existing } = await coll.where({ _id }).limit(1).get();
  if (existing[0]) return view(ctx, existing[0], path);
  const ids = await activeFileIds(ctx, path);
  if (ids.length === 0) throw new AppError('PRECONDITION_FAILED', '本辖区没有在档的困难职工档案');
  const sample = drawSample(ids, sampleSizeOf(ids.length));
  const record: RecheckRecord = {
    _id,
    year: input.year,
    nodeId,
    total: ids.length,
    sampleSize: sample.length,
    sample,
    visited: [],
    drawnAt: ctx.now(),
    drawnBy: staff.name,
  };
  try {
    await coll.add({ data: record });
  } catch {
    // Someone drew at the same moment: theirs stands.
    const { data } = await coll.where({ _id }).limit(1).get();
    if (data[0]) return view(ctx, data[0], path);
    throw new AppError('CONFLICT', '抽样未完成，请重试');
  }
  for (let i = 0; i < sample.length; i += 500) {
    await ctx.db
      .collection(ARCHIVE_FILES)
      .where({ _id: ctx.db.command.in(sample.slice(i, i + 500)) })
      .update({ data: { recheck: { year: input.year, sampled: true, visitedAt: null, outcome: null, note: null } } });
  }
  await writeAudit(ctx, {
    action: 'archive.drawRecheck',
    targetType: 'archive_recheck',
    targetId: _id,
    detail: { total: ids.length, sampleSize: sample.length },
    actor,
  });
  return view(ctx, record, path);
}

/** `recheck`: the year's campaign of a node, or null before the draw. */
export async function getRecheck(
  input: { year: number; nodeId?: string },
  ctx: HandlerContext,
): Promise<RecheckView | null> {
  const { path, nodeId } = await campaignNode(ctx, input.nodeId);
  const { data } = await ctx.db
    .collection<RecheckRecord>(ARCHIVE_RECHECKS)
    .where({ _id: campaignId(input.year, nodeId) })
    .limit(1)
    .get();
  return data[0] ? view(ctx, data[0], path) : null;
}

/** `recordRecheck`: the home visit of a sampled file. */
export async function recordRecheck(
  input: { fileId: string; year: number; outcome: RecheckOutcome; note: string },
  ctx: HandlerContext,
): Promise<ArchiveFileView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const file = await getArchiveRecord(ctx, input.fileId);
  if (!file || !inScope(staff, file.path)) throw notFound('档案不存在');
  if (!file.recheck?.sampled || file.recheck.year !== input.year)
    throw new AppError('PRECONDITION_FAILED', '该档案不在本年度复核抽样中');
  const now = ctx.now();
  const recheck = { ...file.recheck, visitedAt: now, outcome: input.outcome, note: input.note };
  await ctx.db.collection(ARCHIVE_FILES).doc(file._id).update({ data: { recheck } });
  const _ = ctx.db.command;
  for (const nodeId of [file.townId, 'city']) {
    await ctx.db
      .collection(ARCHIVE_RECHECKS)
      .where({ _id: campaignId(input.year, nodeId), sample: file._id })
      .update({ data: { visited: _.addToSet(file._id) } });
  }
  return toArchiveView({ ...file, recheck }, await gridNodes(ctx), now);
}
