/**
 * The list behind a figure: the cases its count counted — the same declared filter, the same scope — newest first
 * by cursor, with the total (which equals the figure by construction; `tests/integration/stats-dashboard.test.ts`
 * compares them for every figure).
 */
import type { HandlerContext } from '../runtime/context';
import { invalid } from '../runtime/errors';
import { CASES, type CaseDoc } from '../cases/store';
import { toSummary } from '../cases/views';
import type { FigureList } from '../../typings/stats';
import { collectionOf, figuresOf, groupsOf, scoped } from './compute';
import { findSection, type CountFigure, type FigureEnv, type SectionDecl } from './declaration';
import type { StatsScope } from './scope';
import { figureText } from './format';

/** The declared count figure with this full key (`appeals.closed`, `aid.<roundId>.paid`), or a field error. */
export async function countFigure(
  ctx: HandlerContext,
  key: string,
  env: FigureEnv,
): Promise<{ section: SectionDecl; figure: CountFigure }> {
  const dot = key.indexOf('.');
  const section = findSection(key.slice(0, dot));
  const figure = section && figuresOf(await groupsOf(ctx, section, env)).find((f) => f.key === key.slice(dot + 1));
  if (!section || !figure || figure.kind !== 'count') throw invalid('figure', '这个统计项没有明细列表');
  return { section, figure };
}

export async function figureList(
  ctx: HandlerContext,
  scope: StatsScope,
  input: { figure: string; cursor?: string; limit: number },
): Promise<FigureList> {
  const env: FigureEnv = { now: ctx.now(), cmd: ctx.db.command };
  const { section, figure } = await countFigure(ctx, input.figure, env);
  if (collectionOf(section, figure) !== CASES) throw invalid('figure', '这个统计项没有明细列表');
  const filter = scoped(ctx, section, scope.origins, figure.where(env), scope.grid);
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
    node: { _id: scope.node._id, name: scope.node.name },
    total,
    items: items.map((c) => toSummary(c, scope.grid, env.now)),
    nextCursor: data.length > input.limit ? items[items.length - 1].createdKey : null,
  };
}
