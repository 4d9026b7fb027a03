/**
 * The figure declaration API: a service says what it counts, the `stats` function computes it in the database
 * (a `count()` or an `aggregate()` with `$match` + `$group`, never by reading the documents into the function), for
 * any grid scope, and lists the documents behind each count with the very same filter (`lists.ts`).
 *
 * A section is one service's part of the dashboard (appeals, consultations, aid, tasks…); `catalog.ts` imports every
 * section: a new service adds its figures by declaring a section there, nothing else changes.
 */
import type { Command, Filter } from '../runtime/db';
import type { HandlerContext } from '../runtime/context';
import type { FigureUnit, RecordItem } from '../../typings/stats';
import type { GridNode } from '../../typings/grid';

/** What a figure's filter may depend on: the moment and the database's operators. */
export interface FigureEnv {
  now: Date;
  cmd: Command;
  /** Count only documents created in [from, to) (the yearly statistics' period). */
  period?: { from: Date; to: Date };
}

/**
 * Where a document sits on the grid — the one way every figure, list, ranking and export is scoped:
 * - `{ field }`: a field holding one node id (`originNodeId`: where a case arose, so an appeal escalated to the city
 *   still counts for its village and town);
 * - `'town_village'`: the registry's `townId` + `villageId` (null for a unit or union at the town itself).
 */
export type PlaceDecl = { field: string } | 'town_village';

interface FigureBase {
  /** Unique within the section; the full key is `<section>.<key>`. */
  key: string;
  label: string;
  hint?: string;
  /** Shown in red when above zero. */
  alert?: boolean;
  /**
   * A stock (units, unions, members) rather than a flow: the yearly statistics count what existed at the period's
   * end (created before it), not what was created within it.
   */
  stock?: boolean;
}

/** Counted in another collection than the section's (with the same place). */
interface InCollection {
  collection?: string;
}

/**
 * A count that is also "the documents matching `base` whose scalar `field` is one of `values`" (null: any value):
 * counts sharing a `key` (same base and field) are answered together by one `$group` by `field` over `base` — the
 * same documents as `where`, which must equal `{ ...base, field ∈ values }` (the list still uses `where`).
 */
export interface CountSplit {
  key: string;
  base: (env: FigureEnv) => Filter;
  field: string;
  values: readonly string[] | null;
}

/** How many documents of `collection` (default `cases`) in scope match `where`; the list behind it is those cases. */
export interface CountFigure extends FigureBase, InCollection {
  kind: 'count';
  where: (env: FigureEnv) => Filter;
  split?: CountSplit;
}

/** The sum of a numeric field (money in fen) over the documents in scope matching `where`. */
export interface SumFigure extends FigureBase, InCollection {
  kind: 'sum';
  unit: 'money' | 'count';
  where: (env: FigureEnv) => Filter;
  /** Field path to sum (e.g. `form.amountFen`). */
  field: string;
}

/** The average of a numeric field over the documents in scope matching `where`, divided by `divisor`. */
export interface AverageFigure extends FigureBase, InCollection {
  kind: 'average';
  unit: 'hours';
  where: (env: FigureEnv) => Filter;
  field: string;
  divisor: number;
}

/** `of / over` as a percentage of two figures (counts or sums) of the same section (— when `over` is 0). */
export interface RatioFigure extends FigureBase {
  kind: 'ratio';
  of: string;
  over: string;
}

export type FigureDecl = CountFigure | SumFigure | AverageFigure | RatioFigure;

export interface FigureGroupDecl {
  title: string;
  figures: FigureDecl[];
}

/** A monthly count over twelve months: the case documents in scope matching `where`, by the month they were filed. */
export interface TrendDecl {
  key: string;
  label: string;
  where: (env: FigureEnv) => Filter;
}

/** A ranking of the node's children by some of the section's figures (count, sum or ratio keys). */
export interface RankingDecl {
  title: string;
  columns: string[];
}

/** How a page of the documents of a collection (not cases) shows in the list behind a figure. */
export type RecordLister = (
  docs: Record<string, unknown>[],
  grid: Map<string, GridNode>,
) => Omit<RecordItem, 'value' | 'valueText'>[];

export interface SectionDecl {
  key: string;
  title: string;
  /** Sections are shown in this order. */
  order: number;
  /** The collection whose documents are counted (default `cases`). */
  collection?: string;
  /** Where a document sits on the grid (default `{ field: 'originNodeId' }`: where the case arose). */
  place?: PlaceDecl;
  groups: FigureGroupDecl[];
  /** Groups that depend on data (e.g. one per aid round), read at call time. */
  dynamicGroups?: (ctx: HandlerContext, env: FigureEnv) => Promise<FigureGroupDecl[]>;
  trends?: TrendDecl[];
  ranking?: RankingDecl;
  /**
   * The lists behind the section's count and sum figures in other collections than cases (by collection): a figure
   * counted or summed in a collection listed here opens the documents it counts, in the same scope and filter.
   */
  records?: Record<string, RecordLister>;
}

export const unitOf = (f: FigureDecl): FigureUnit =>
  f.kind === 'ratio' ? 'percent' : f.kind === 'average' ? 'hours' : f.kind === 'sum' ? f.unit : 'count';

const sections = new Map<string, SectionDecl>();

/** Register a service's dashboard section (once per key). */
export function registerSection(decl: SectionDecl): SectionDecl {
  if (!/^[a-z_]+$/.test(decl.key)) throw new Error(`stats section key must be [a-z_]: ${decl.key}`);
  const keys = new Set<string>();
  for (const g of decl.groups)
    for (const f of g.figures) {
      if (keys.has(f.key)) throw new Error(`duplicate figure ${decl.key}.${f.key}`);
      keys.add(f.key);
    }
  for (const g of decl.groups)
    for (const f of g.figures)
      if (f.kind === 'ratio' && (!keys.has(f.of) || !keys.has(f.over)))
        throw new Error(`ratio ${decl.key}.${f.key} refers to an undeclared figure`);
  if (decl.trends?.length && (decl.collection ?? 'cases') !== 'cases')
    throw new Error(`stats section ${decl.key}: monthly trends count cases (by their createdMonth) only`);
  sections.set(decl.key, decl);
  return decl;
}

export const statsSections = (): SectionDecl[] => [...sections.values()].sort((a, b) => a.order - b.order);
export const findSection = (key: string): SectionDecl | undefined => sections.get(key);
