/**
 * Contract of the `stats` function: a dashboard per grid level (the city with all towns, a town with its villages,
 * a village by itself), the list behind each figure, and the exports (a dashboard, the yearly union statistics) as
 * xlsx. Figures are declared by the services that own them (`domain/stats/sections/*`); this contract only carries
 * what a screen shows: labels, values in words, definitions and where each figure's list is.
 */
import { z } from 'zod';
import { action } from './api';
import type { CaseSummary } from './cases';

const NodeId = z.string().regex(/^(city|t\d{2}(-v\d{2})?)$/, { error: '请选择要查看的城市、乡镇或村（社区）' });
const FigureKey = z.string().regex(/^[a-z_]+(\.[A-Za-z0-9_-]{1,64}){1,3}$/, { error: '统计项无效' });

/** Which node's dashboard (default: the caller's own node). */
export const DashboardInput = z.object({ nodeId: NodeId.optional() }).strict();

/** One section with its monthly trends and the ranking of the node's children (loaded when its tab opens). */
export const SectionInput = z
  .object({ nodeId: NodeId.optional(), section: z.string().regex(/^[a-z_]{1,32}$/, { error: '统计栏目无效' }) })
  .strict();

/** The list behind one figure, paged by cursor (newest first). */
export const FigureListInput = z
  .object({
    nodeId: NodeId.optional(),
    figure: FigureKey,
    cursor: z.string().max(80).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();

export const EXPORT_KINDS = ['dashboard', 'yearly'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  dashboard: '统计看板',
  yearly: '工会统计年报',
};
export const StatsExportInput = z
  .object({
    nodeId: NodeId.optional(),
    kind: z.enum(EXPORT_KINDS, { error: '请选择导出内容' }),
    /** Yearly statistics: the year whose 标准时点 (30 Sep) ends the period; default the latest ended. */
    year: z.number().int().min(2020).max(2100).optional(),
  })
  .strict();

export type FigureUnit = 'count' | 'percent' | 'money' | 'hours';

/** One figure: a number in words (`1,204 件`, `96.5%`, `¥12,000.00`), with its list when it has one. */
export interface Figure {
  key: string;
  label: string;
  value: number | null;
  /** The value as people read it; `—` when there is nothing to divide by. */
  text: string;
  unit: FigureUnit;
  /** What the figure means (shown under it; rates state their definition). */
  hint?: string;
  /** True: tapping opens the cases behind it (`stats.list`). */
  hasList: boolean;
  /** Shown in red (e.g. overdue now). */
  alert?: boolean;
}

export interface FigureGroup {
  title: string;
  figures: Figure[];
}

/** A monthly trend: twelve months ending this month. */
export interface TrendSeries {
  key: string;
  label: string;
  /** `YYYY-MM`, oldest first. */
  months: string[];
  values: number[];
}

/** One line of the ranking of the node's children (towns of the city, villages of a town). */
export interface RankRow {
  nodeId: string;
  name: string;
  values: Record<string, number | null>;
}
export interface Ranking {
  title: string;
  columns: { key: string; label: string; unit: FigureUnit }[];
  rows: RankRow[];
}

/** A section's figures; `trends` and `ranking` are filled by `stats.section` (empty and null in `stats.dashboard`). */
export interface DashboardSection {
  key: string;
  title: string;
  /** True when the section has trends or a ranking to load with `stats.section`. */
  hasDetail: boolean;
  groups: FigureGroup[];
  trends: TrendSeries[];
  ranking: Ranking | null;
}

export interface Dashboard {
  node: { _id: string; name: string; level: 'city' | 'town' | 'village'; path: string[] };
  /** Nodes the caller may switch to from here: the node's children (towns of the city, villages of a town). */
  children: { _id: string; name: string }[];
  /** The caller's own node, and the way back up to it. */
  home: { _id: string; name: string };
  sections: DashboardSection[];
  /** China-time moment the figures were computed (`YYYY-MM-DD HH:mm`). */
  asOf: string;
}

/** A registry record behind a figure (a unit, a union): what staff need to recognise it, no personal data. */
export interface RecordItem {
  _id: string;
  title: string;
  /** One Chinese line (type, size, union…). */
  summary: string;
  /** Town and village. */
  place: string;
  /** What it adds to a sum figure (members, workers), in words; '' for a count. */
  valueText: string;
  value: number | null;
  /** The staff page that opens it. */
  url: string;
}

/**
 * The list behind a figure: the cases it counts (`items`), or the registry records it counts or sums (`records`,
 * whose `value`s add up to the figure). `total` is the number of entries; `figure.text` the figure itself.
 */
export interface FigureList {
  figure: { key: string; label: string; text: string };
  node: { _id: string; name: string };
  total: number;
  items: CaseSummary[];
  records: RecordItem[];
  nextCursor: string | null;
}

export interface StatsExport {
  url: string;
  fileName: string;
}

export const statsContract = {
  dashboard: action(DashboardInput).returns<Dashboard>(),
  section: action(SectionInput).returns<DashboardSection>(),
  list: action(FigureListInput).returns<FigureList>(),
  export: action(StatsExportInput).returns<StatsExport>(),
};
