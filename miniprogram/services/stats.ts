/** Dashboards, the list behind a figure and exports (function `stats`), shaped for the pages. */
import {
  EXPORT_KIND_LABELS,
  type Dashboard,
  type DashboardSection,
  type ExportKind,
  type FigureUnit,
  type Ranking,
  type RankRow,
  type TrendSeries,
} from '@union/contracts';
import { callApi, newRequestId } from './api';

export const loadDashboard = (nodeId?: string) => callApi('stats', 'dashboard', nodeId ? { nodeId } : {});
export const loadSection = (section: string, nodeId?: string) =>
  callApi('stats', 'section', nodeId ? { section, nodeId } : { section });
export const loadFigureList = (input: { figure: string; nodeId?: string; cursor?: string }) =>
  callApi('stats', 'list', { limit: 20, ...input });
export const exportStats = (kind: ExportKind, nodeId?: string) =>
  callApi('stats', 'export', nodeId ? { kind, nodeId } : { kind }, { requestId: newRequestId() });

export const exportLabel = (kind: ExportKind) => EXPORT_KIND_LABELS[kind];

const LEVEL_TITLES = { city: '全市各乡镇', town: '本乡镇及所辖村（社区）', village: '本村（社区）' } as const;

/** The figure list page of a figure, for the node shown. */
export const figureUrl = (key: string, nodeId: string) =>
  `/staff/pages/figure/index?figure=${encodeURIComponent(key)}&nodeId=${encodeURIComponent(nodeId)}`;

const cellText = (value: number | null, unit: FigureUnit): string => {
  if (value === null) return '—';
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'money') return `${(value / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}元`;
  return String(value);
};

const monthLabel = (m: string) => `${Number(m.slice(5, 7))}月`;

/** The monthly series of a section as one column chart, and the same in words for screen readers. */
function trendChart(trends: TrendSeries[]) {
  const months = trends[0].months;
  return {
    categories: months.map(monthLabel),
    series: trends.map((t) => ({ name: t.label, data: t.values })),
    label: trends
      .map(
        (t) => `${t.label}：${t.months.map((m, i) => `${m.slice(0, 4)}年${monthLabel(m)}${t.values[i]}件`).join('，')}`,
      )
      .join('；'),
  };
}

/** Rows shown as bars (the top ones; the table below lists them all). */
const RANK_BARS = 12;

/** The ranking's first column as horizontal bars, one per town or village (money in yuan). */
function rankChart(r: Ranking) {
  const column = r.columns[0];
  if (!column || !r.rows.length || column.unit === 'percent' || column.unit === 'hours') return null;
  const rows = r.rows.slice(0, RANK_BARS);
  const value = (v: number | null | undefined) => (column.unit === 'money' ? Math.round((v ?? 0) / 100) : (v ?? 0));
  return {
    title: column.unit === 'money' ? `${column.label}（元）` : column.label,
    categories: rows.map((row) => row.name),
    series: [{ name: column.label, data: rows.map((row) => value(row.values[column.key])) }],
    height: 36 + rows.length * 30,
    label: `${column.label}：${rows.map((row) => `${row.name}${cellText(row.values[column.key] ?? null, column.unit)}`).join('，')}`,
  };
}

/** A section as the page shows it: figure cards, the monthly chart, the ranking as a bar chart and rows of words. */
export function toSectionView(s: DashboardSection, nodeId: string) {
  return {
    key: s.key,
    title: s.title,
    /** Trends and ranking still to load (`stats.section`). */
    pending: s.hasDetail && !s.trends.length && !s.ranking,
    groups: s.groups.map((g) => ({
      title: g.title,
      figures: g.figures.map((f) => ({
        key: f.key,
        label: f.label,
        text: f.text,
        hint: f.hint ?? '',
        alert: Boolean(f.alert),
        url: f.hasList ? figureUrl(f.key, nodeId) : '',
      })),
    })),
    trends: s.trends.map((t) => ({
      key: t.key,
      label: t.label,
      total: t.values.reduce((a, b) => a + b, 0),
    })),
    /** One column chart of the section's monthly series (uCharts, `staff/components/chart`). */
    trendChart: s.trends.length ? trendChart(s.trends) : null,
    rankChart: s.ranking ? rankChart(s.ranking) : null,
    ranking: s.ranking
      ? {
          title: s.ranking.title,
          columns: s.ranking.columns.map((c) => c.label),
          rows: s.ranking.rows.map((r: RankRow, i: number) => ({
            nodeId: r.nodeId,
            rank: i + 1,
            name: r.name,
            cells: s.ranking!.columns.map((c) => cellText(r.values[c.key] ?? null, c.unit)),
          })),
        }
      : null,
  };
}
export type SectionView = ReturnType<typeof toSectionView>;

/** Title, where it is and how to go up or down. */
export function toHeader(d: Dashboard) {
  return {
    title: `${d.node.name}统计看板`,
    scope: LEVEL_TITLES[d.node.level],
    asOf: `统计时间 ${d.asOf}`,
    nodeId: d.node._id,
    /** Up to the caller's own node when looking at a node below it. */
    backTo: d.node._id !== d.home._id ? d.home : null,
    children: d.children,
  };
}
export type HeaderView = ReturnType<typeof toHeader>;
