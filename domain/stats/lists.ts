/**
 * The list behind a figure: what its count counted or its sum added up — the same declared filter, the same scope —
 * a page at a time by cursor. Cases (newest first) for the case counts; registry records (by id) for the figures a
 * section counts or sums in another collection and knows how to show (`records` on the section). `total` and the
 * records' `value`s equal the figure by construction; `tests/integration/stats-dashboard.test.ts` and
 * `tests/integration/stats-registry-figures.test.ts` compare them for every figure.
 */
import type { HandlerContext } from '../runtime/context';
import type { Filter } from '../runtime/db';
import { invalid } from '../runtime/errors';
import { CASES, type CaseDoc } from '../cases/store';
import { toSummary } from '../cases/views';
import type { FigureList } from '../../typings/stats';
import { collectionOf, figuresOf, groupsOf, hasList, scoped } from './compute';
import { findSection, unitOf, type CountFigure, type FigureEnv, type SectionDecl, type SumFigure } from './declaration';
import type { StatsScope } from './scope';
import { figureText } from './format';

type ListedFigure = CountFigure | SumFigure;

const NO_LIST = '这个统计项没有明细列表';

/** The declared figure with this full key (`appeals.closed`, `registry.units`) that has a list, or a field error. */
export async function listedFigure(
  ctx: HandlerContext,
  key: string,
  env: FigureEnv,
): Promise<{ section: SectionDecl; figure: ListedFigure }> {
  const dot = key.indexOf('.');
  const section = findSection(key.slice(0, dot));
  const figure = section && figuresOf(await groupsOf(ctx, section, env)).find((f) => f.key === key.slice(dot + 1));
  if (!section || !figure || !hasList(section, figure)) throw invalid('figure', NO_LIST);
  return { section, figure: figure as ListedFigure };
}

export async function figureList(
  ctx: HandlerContext,
  scope: StatsScope,
  input: { figure: string; cursor?: string; limit: number },
): Promise<FigureList> {
  const env: FigureEnv = { now: ctx.now(), cmd: ctx.db.command };
  const { section, figure } = await listedFigure(ctx, input.figure, env);
  const filter = scoped(ctx, section, scope.origins, figure.where(env), scope.grid);
  const node = { _id: scope.node._id, name: scope.node.name };
  return collectionOf(section, figure) === CASES
    ? caseList(ctx, scope, input, figure, filter, env, node)
    : recordList(ctx, scope, input, section, figure, filter, node);
}

async function caseList(
  ctx: HandlerContext,
  scope: StatsScope,
  input: { figure: string; cursor?: string; limit: number },
  figure: ListedFigure,
  filter: Filter,
  env: FigureEnv,
  node: FigureList['node'],
): Promise<FigureList> {
  const coll = ctx.db.collection<CaseDoc>(CASES);
  const page = input.cursor ? { ...filter, createdKey: ctx.db.command.lt(input.cursor) } : filter;
  const [{ total }, { data }] = await Promise.all([
    coll.where(filter).count(),
    coll
      .where(page)
      .orderBy('createdKey', 'desc')
      .limit(input.limit + 1)
      .get(),
  ]);
  const items = data.slice(0, input.limit);
  return {
    figure: { key: input.figure, label: figure.label, text: figureText(total, 'count') },
    node,
    total,
    items: items.map((c) => toSummary(c, scope.grid, env.now)),
    records: [],
    nextCursor: data.length > input.limit ? items[items.length - 1].createdKey : null,
  };
}

/** Registry records behind a count or a sum, by id; for a sum, each record's part of it. */
async function recordList(
  ctx: HandlerContext,
  scope: StatsScope,
  input: { figure: string; cursor?: string; limit: number },
  section: SectionDecl,
  figure: ListedFigure,
  filter: Filter,
  node: FigureList['node'],
): Promise<FigureList> {
  const collection = collectionOf(section, figure);
  const lister = section.records?.[collection];
  if (!lister) throw invalid('figure', NO_LIST);
  const cmd = ctx.db.command;
  const coll = ctx.db.collection<Record<string, unknown> & { _id: string }>(collection);
  const page = input.cursor ? (cmd.and([filter, { _id: cmd.lt(input.cursor) }]) as unknown as Filter) : filter;
  const field = figure.kind === 'sum' ? figure.field : null;
  const [{ list }, { data }] = await Promise.all([
    coll
      .aggregate()
      .match(filter)
      .group({ _id: null, n: { $sum: 1 }, total: { $sum: field ? `$${field}` : 1 } })
      .limit(1)
      .end(),
    coll
      .where(page)
      .orderBy('_id', 'desc')
      .limit(input.limit + 1)
      .get(),
  ]);
  const sums = (list[0] as { n?: number; total?: number } | undefined) ?? {};
  const docs = data.slice(0, input.limit);
  const unit = unitOf(figure);
  const partOf = (d: Record<string, unknown>): number | null => {
    if (!field) return null;
    const v = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], d);
    return typeof v === 'number' ? v : 0;
  };
  return {
    figure: { key: input.figure, label: figure.label, text: figureText(sums.total ?? 0, unit) },
    node,
    total: sums.n ?? 0,
    items: [],
    records: lister(docs, scope.grid).map((r, i) => {
      const value = partOf(docs[i]);
      return { ...r, value, valueText: value === null ? '' : `${figure.label} ${figureText(value, unit)}` };
    }),
    nextCursor: data.length > input.limit ? docs[docs.length - 1]._id : null,
  };
}
