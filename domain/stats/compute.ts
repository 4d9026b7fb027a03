/**
 * Computing declared figures in the database for one scope: each count is a `count()` on an indexed filter, each
 * sum or average one `aggregate()` (`$match` then `$group`, one result row), a ratio is two counts divided. Trends
 * are twelve monthly counts; a ranking repeats the ranked figures for each child node. Requests run a few at a
 * time (CloudBase limits a function's concurrent database requests), none reads documents into the function.
 */
import type { HandlerContext } from '../runtime/context';
import type { Filter } from '../runtime/db';
import type { GridNode } from '../../typings/grid';
import { chinaMonth, CHINA_OFFSET_MS } from '../../common/china-time';
import type { DashboardSection, Figure, FigureGroup, Ranking, TrendSeries } from '../../typings/stats';
import {
  unitOf,
  type CountFigure,
  type CountSplit,
  type FigureDecl,
  type FigureEnv,
  type FigureGroupDecl,
  type PlaceDecl,
  type SectionDecl,
  type TrendDecl,
} from './declaration';
import type { StatsScope } from './scope';
import { figureText } from './format';

/** Database requests in flight at once for one dashboard. */
const CONCURRENCY = 6;

/** Run thunks with at most `n` in flight; results in order. */
export async function pool<T>(thunks: (() => Promise<T>)[], n = CONCURRENCY): Promise<T[]> {
  const out: T[] = new Array(thunks.length);
  let next = 0;
  const worker = async () => {
    while (next < thunks.length) {
      const i = next++;
      out[i] = await thunks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, thunks.length) }, worker));
  return out;
}

/** Where a section's documents sit on the grid. */
const placeOf = (section: SectionDecl): PlaceDecl => section.place ?? { field: 'originNodeId' };

const oneOrIn = (ctx: HandlerContext, ids: string[]) => (ids.length === 1 ? ids[0] : ctx.db.command.in(ids));

/**
 * The registry's keys for a set of nodes: whole towns (the town with all its villages) by `townId`, a town alone
 * (the 本级 row of an export) by `townId` with no village, single villages by `villageId`.
 */
function placedFilter(ctx: HandlerContext, origins: string[], grid: Map<string, GridNode>): Filter {
  const set = new Set(origins);
  const level = (id: string) => grid.get(id)?.level;
  const whole = (town: string) => [...grid.values()].every((n) => n.parentId !== town || set.has(n._id));
  const towns = origins.filter((id) => level(id) === 'town');
  const wholeTowns = towns.filter(whole);
  const bareTowns = towns.filter((t) => !whole(t));
  const villages = origins.filter(
    (id) => level(id) === 'village' && !wholeTowns.includes(grid.get(id)?.parentId ?? ''),
  );
  const parts: Filter[] = [
    ...(wholeTowns.length ? [{ townId: oneOrIn(ctx, wholeTowns) }] : []),
    ...(bareTowns.length ? [{ townId: oneOrIn(ctx, bareTowns), villageId: null }] : []),
    ...(villages.length ? [{ villageId: oneOrIn(ctx, villages) }] : []),
  ];
  if (!parts.length) return { townId: '' };
  return parts.length === 1 ? parts[0] : (ctx.db.command.or(parts) as unknown as Filter);
}

/** The section's filter restricted to documents placed at one of `origins` (null: the whole city). */
export function scoped(
  ctx: HandlerContext,
  section: SectionDecl,
  origins: string[] | null,
  where: Filter,
  grid: Map<string, GridNode>,
): Filter {
  if (!origins) return where;
  const place = placeOf(section);
  if (place !== 'town_village') return { ...where, [place.field]: oneOrIn(ctx, origins) };
  const filter = placedFilter(ctx, origins, grid);
  if (!('townId' in filter) && !('villageId' in filter))
    return ctx.db.command.and([where, filter]) as unknown as Filter;
  return { ...where, ...filter };
}

/** The filter limited to the env's period (documents created within it; a stock: created before its end), if any. */
export function inPeriod(where: Filter, env: FigureEnv, f?: { stock?: boolean }): Filter {
  if (!env.period) return where;
  if (f?.stock) return { ...where, createdAt: env.cmd.lt(env.period.to) };
  return { ...where, createdAt: env.cmd.and(env.cmd.gte(env.period.from), env.cmd.lt(env.period.to)) };
}

/** The collection a figure counts in: its own, else its section's, else `cases`. */
export const collectionOf = (section: SectionDecl, f?: { collection?: string }) =>
  f?.collection ?? section.collection ?? 'cases';

async function countOf(ctx: HandlerContext, collection: string, filter: Filter): Promise<number> {
  const { total } = await ctx.db.collection(collection).where(filter).count();
  return total;
}

/** One `$group` over the matching documents: their count and the sum of `field`. */
async function sumOf(
  ctx: HandlerContext,
  collection: string,
  filter: Filter,
  field: string,
): Promise<{ n: number; total: number }> {
  const { list } = await ctx.db
    .collection(collection)
    .aggregate()
    .match(filter)
    .group({ _id: null, n: { $sum: 1 }, total: { $sum: `$${field}` } })
    .limit(1)
    .end();
  const row = list[0] as { n?: number; total?: number } | undefined;
  return { n: row?.n ?? 0, total: row?.total ?? 0 };
}

/**
 * The documents in scope matching a split count's base, counted per value of its field (one `$group`; a few rows:
 * the type's states or categories). A value that is not a string never equals a declared one.
 */
async function countsBy(
  ctx: HandlerContext,
  section: SectionDecl,
  f: CountFigure & { split: CountSplit },
  origins: string[] | null,
  env: FigureEnv,
  grid: Map<string, GridNode>,
): Promise<Map<string, number>> {
  const { list } = await ctx.db
    .collection(collectionOf(section, f))
    .aggregate()
    .match(scoped(ctx, section, origins, inPeriod(f.split.base(env), env, f), grid))
    .group({ _id: `$${f.split.field}`, n: { $sum: 1 } })
    .limit(1000)
    .end();
  return new Map(
    (list as { _id: unknown; n: number }[]).filter((r) => typeof r._id === 'string').map((r) => [r._id as string, r.n]),
  );
}

/** The raw value of a non-ratio figure for a scope. */
async function rawValue(
  ctx: HandlerContext,
  section: SectionDecl,
  f: Exclude<FigureDecl, { kind: 'ratio' }>,
  origins: string[] | null,
  env: FigureEnv,
  grid: Map<string, GridNode>,
): Promise<number | null> {
  const filter = scoped(ctx, section, origins, inPeriod(f.where(env), env, f), grid);
  if (f.kind === 'count') return countOf(ctx, collectionOf(section, f), filter);
  const { n, total } = await sumOf(ctx, collectionOf(section, f), filter, f.field);
  if (f.kind === 'sum') return total;
  return n ? total / n / f.divisor : null;
}

/** Values of `figures` for one scope (ratios from the counts they name). */
export async function valuesFor(
  ctx: HandlerContext,
  section: SectionDecl,
  figures: FigureDecl[],
  all: FigureDecl[],
  origins: string[] | null,
  env: FigureEnv,
  grid: Map<string, GridNode>,
): Promise<Map<string, number | null>> {
  const byKey = new Map(all.map((f) => [f.key, f]));
  const needed = new Set<string>();
  for (const f of figures) {
    if (f.kind === 'ratio') needed.add(f.of).add(f.over);
    else needed.add(f.key);
  }
  const direct = [...needed]
    .map((k) => byKey.get(k))
    .filter((f): f is Exclude<FigureDecl, { kind: 'ratio' }> => {
      return Boolean(f && f.kind !== 'ratio');
    });
  // Counts that split one base by a field are answered together: one `$group` per base and field.
  const splitKey = (f: FigureDecl) =>
    f.kind === 'count' && f.split ? `${collectionOf(section, f)}|${f.stock ? 's' : 'f'}|${f.split.key}` : null;
  const bases = new Map<string, CountFigure & { split: CountSplit }>();
  for (const f of direct) {
    const k = splitKey(f);
    if (k && f.kind === 'count' && f.split && !bases.has(k)) bases.set(k, { ...f, split: f.split });
  }
  const single = direct.filter((f) => !splitKey(f));
  const [values, splits] = await Promise.all([
    pool(single.map((f) => () => rawValue(ctx, section, f, origins, env, grid))),
    pool([...bases.values()].map((f) => () => countsBy(ctx, section, f, origins, env, grid))),
  ]);
  const byBase = new Map([...bases.keys()].map((k, i) => [k, splits[i]]));
  const out = new Map<string, number | null>(single.map((f, i) => [f.key, values[i]]));
  for (const f of direct) {
    const k = splitKey(f);
    if (!k || f.kind !== 'count' || !f.split) continue;
    const counts = byBase.get(k) ?? new Map<string, number>();
    const wanted = f.split.values;
    let n = 0;
    for (const [value, c] of counts) if (!wanted || wanted.includes(value)) n += c;
    out.set(f.key, n);
  }
  for (const f of figures) {
    if (f.kind !== 'ratio') continue;
    const of = out.get(f.of) ?? 0;
    const over = out.get(f.over) ?? 0;
    out.set(f.key, over ? Math.round((1000 * (of ?? 0)) / over) / 10 : null);
  }
  return out;
}

/** The first moment of the China-time month `offset` months from the month of `now`. */
export function monthStart(now: Date, offset: number): Date {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + offset, 1) - CHINA_OFFSET_MS);
}

/**
 * A monthly count over the last twelve China months: one `$group` by the case's `createdMonth` (`YYYYMM`, written at
 * filing) over the documents in scope matching the trend's filter — one request, answered from the
 * `stats_month` / `stats_origin_month` indexes, instead of twelve counts.
 */
async function trend(
  ctx: HandlerContext,
  section: SectionDecl,
  t: TrendDecl,
  scope: StatsScope,
  env: FigureEnv,
): Promise<TrendSeries> {
  const cmd = ctx.db.command;
  const months = Array.from({ length: 12 }, (_, i) => chinaMonth(monthStart(env.now, i - 11)));
  const where = { ...t.where(env), createdMonth: cmd.and(cmd.gte(months[0]), cmd.lte(months[11])) };
  const { list } = await ctx.db
    .collection(collectionOf(section))
    .aggregate()
    .match(scoped(ctx, section, scope.origins, where, scope.grid))
    .group({ _id: '$createdMonth', n: { $sum: 1 } })
    .limit(24)
    .end();
  const byMonth = new Map((list as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
  return {
    key: `${section.key}.${t.key}`,
    label: t.label,
    months: months.map((m) => m.replace(/^(\d{4})(\d{2})$/, '$1-$2')),
    values: months.map((m) => byMonth.get(m) ?? 0),
  };
}

/**
 * The values of `f` (a count, sum or average) for each node a document may sit at in the scope, with one `$group`
 * by the place's node field (a row per village or town, at most a few hundred); registry records group by town for
 * the city and by village for a town (no village: the town itself).
 */
async function valuesByNode(
  ctx: HandlerContext,
  section: SectionDecl,
  f: Exclude<FigureDecl, { kind: 'ratio' }>,
  scope: StatsScope,
  env: FigureEnv,
): Promise<Map<string, { n: number; total: number }>> {
  const place = placeOf(section);
  const field = place !== 'town_village' ? place.field : scope.node.level === 'city' ? 'townId' : 'villageId';
  const { list } = await ctx.db
    .collection(collectionOf(section, f))
    .aggregate()
    .match(scoped(ctx, section, scope.origins, inPeriod(f.where(env), env, f), scope.grid))
    .group({ _id: `$${field}`, n: { $sum: 1 }, total: { $sum: f.kind === 'count' ? 1 : `$${f.field}` } })
    .limit(1000)
    .end();
  return new Map(
    (list as { _id: string | null; n: number; total: number }[]).map((r) => [
      r._id === null || r._id === undefined ? scope.node._id : String(r._id),
      r,
    ]),
  );
}

export async function ranking(
  ctx: HandlerContext,
  section: SectionDecl,
  all: FigureDecl[],
  scope: StatsScope,
  env: FigureEnv,
): Promise<Ranking | null> {
  if (!section.ranking || !scope.children.length) return null;
  const byKey = new Map(all.map((f) => [f.key, f]));
  const columns = section.ranking.columns.map((k) => byKey.get(k)).filter((f): f is FigureDecl => !!f);
  const direct = [...new Set(columns.flatMap((c) => (c.kind === 'ratio' ? [c.of, c.over] : [c.key])))].map(
    (k) => byKey.get(k) as Exclude<FigureDecl, { kind: 'ratio' }>,
  );
  const grouped = await pool(direct.map((f) => () => valuesByNode(ctx, section, f, scope, env)));
  // Each child with its subtree, and the node itself (cases that arose at the town or the city directly).
  const childOf = (nodeId: string): string | null => {
    const path = scope.grid.get(nodeId)?.path ?? [];
    return path[path.indexOf(scope.node._id) + 1] ?? (nodeId === scope.node._id ? scope.node._id : null);
  };
  const parts = [...scope.children, { ...scope.node, name: `${scope.node.name}本级` }];
  const sums = new Map(parts.map((p) => [p._id, direct.map(() => ({ n: 0, total: 0 }))]));
  grouped.forEach((m, i) => {
    for (const [nodeId, v] of m) {
      const acc = sums.get(childOf(nodeId) ?? '')?.[i];
      if (acc) {
        acc.n += v.n;
        acc.total += v.total;
      }
    }
  });
  const valueOf = (f: Exclude<FigureDecl, { kind: 'ratio' }>, acc: { n: number; total: number }) =>
    f.kind === 'average' ? (acc.n ? acc.total / acc.n / f.divisor : null) : acc.total;
  const rows = parts.map((p) => {
    const accs = sums.get(p._id)!;
    const raw = new Map(direct.map((f, i) => [f.key, valueOf(f, accs[i])]));
    const values = Object.fromEntries(
      columns.map((c) => {
        if (c.kind !== 'ratio') return [c.key, raw.get(c.key) ?? null];
        const over = raw.get(c.over) ?? 0;
        return [c.key, over ? Math.round((1000 * (raw.get(c.of) ?? 0)) / over) / 10 : null];
      }),
    );
    return { nodeId: p._id, name: p.name, values };
  });
  const first = columns[0]?.key;
  const own = rows.pop()!;
  if (first) rows.sort((a, b) => (b.values[first] ?? -1) - (a.values[first] ?? -1));
  if (first && own.values[first]) rows.push(own);
  return {
    title: section.ranking.title,
    columns: columns.map((c) => ({ key: c.key, label: c.label, unit: unitOf(c) })),
    rows,
  };
}

/** The groups of a section for this call (declared plus data-dependent ones). */
export async function groupsOf(ctx: HandlerContext, section: SectionDecl, env: FigureEnv): Promise<FigureGroupDecl[]> {
  return [...section.groups, ...(section.dynamicGroups ? await section.dynamicGroups(ctx, env) : [])];
}

export const figuresOf = (groups: FigureGroupDecl[]): FigureDecl[] => groups.flatMap((g) => g.figures);

/** Whether a figure opens a list: a count of cases, or a count or sum over records its section can show. */
export function hasList(section: SectionDecl, f: { kind: string; collection?: string }): boolean {
  const collection = collectionOf(section, f);
  if (collection === 'cases') return f.kind === 'count';
  return (f.kind === 'count' || f.kind === 'sum') && Boolean(section.records?.[collection]);
}

/** A section of the dashboard, computed for the scope. */
export async function computeSection(
  ctx: HandlerContext,
  section: SectionDecl,
  scope: StatsScope,
  env: FigureEnv,
  opts: { trends: boolean; ranking: boolean },
): Promise<DashboardSection> {
  const groups = await groupsOf(ctx, section, env);
  const all = figuresOf(groups);
  const [values, trends, rank] = await Promise.all([
    valuesFor(ctx, section, all, all, scope.origins, env, scope.grid),
    opts.trends
      ? Promise.all((section.trends ?? []).map((t) => trend(ctx, section, t, scope, env)))
      : Promise.resolve([]),
    opts.ranking ? ranking(ctx, section, all, scope, env) : Promise.resolve(null),
  ]);
  const toFigure = (f: FigureDecl): Figure => {
    const value = values.get(f.key) ?? null;
    return {
      key: `${section.key}.${f.key}`,
      label: f.label,
      value,
      text: figureText(value, unitOf(f)),
      unit: unitOf(f),
      ...(f.hint ? { hint: f.hint } : {}),
      hasList: hasList(section, f),
      ...(f.alert && value ? { alert: true } : {}),
    };
  };
  const outGroups: FigureGroup[] = groups.map((g) => ({ title: g.title, figures: g.figures.map(toFigure) }));
  return {
    key: section.key,
    title: section.title,
    hasDetail: Boolean(section.trends?.length || (section.ranking && scope.children.length)),
    groups: outGroups,
    trends,
    ranking: rank,
  };
}
