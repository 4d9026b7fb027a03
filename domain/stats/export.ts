/**
 * Exports as xlsx (exceljs): a node's dashboard (one sheet per section: its figures, the ranking of its children,
 * the monthly trend), and the yearly statistics (标准时点 1 Oct – 30 Sep): for each child of the node one row of
 * every section's figures counted over the period, then the 合计 row — the totals equal the node's own figures.
 * Only figures leave: no names, ids or phone numbers (nothing to mask). Every export is audited.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import { chinaDate, chinaMinute, CHINA_OFFSET_MS } from '../../common/china-time';
import { writeAudit } from '../audit/audit';
import type { Actor, StaffScope } from '../people/actor';
import { EXPORT_KIND_LABELS, type Dashboard, type ExportKind, type StatsExport } from '../../typings/stats';
import { dashboardOf } from './dashboard';
import { figuresOf, groupsOf, valuesFor } from './compute';
import { statsSections, unitOf, type FigureDecl, type FigureEnv } from './declaration';
import { figureText } from './format';
import { subtreeIds, type StatsScope } from './scope';

const bold = { bold: true } as const;

/** The dashboard as a workbook. */
export async function dashboardWorkbook(d: Dashboard): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of d.sections) {
    const ws = wb.addWorksheet(s.title.slice(0, 31));
    ws.columns = [
      { header: '分组', key: 'group', width: 22 },
      { header: '统计项', key: 'label', width: 18 },
      { header: '数值', key: 'value', width: 16 },
      { header: '说明', key: 'hint', width: 36 },
    ];
    ws.getRow(1).font = bold;
    for (const g of s.groups)
      for (const f of g.figures)
        ws.addRow({
          group: g.title,
          label: f.label,
          value: f.value === null ? '—' : f.unit === 'money' ? f.value / 100 : f.value,
          hint: [f.unit === 'money' ? '单位：元' : f.unit === 'percent' ? '单位：%' : '', f.hint ?? '']
            .filter(Boolean)
            .join('；'),
        });
    if (s.ranking) {
      ws.addRow([]);
      ws.addRow([s.ranking.title]).font = bold;
      ws.addRow(['名称', ...s.ranking.columns.map((c) => c.label)]).font = bold;
      for (const r of s.ranking.rows)
        ws.addRow([r.name, ...s.ranking.columns.map((c) => figureText(r.values[c.key] ?? null, c.unit))]);
    }
    for (const t of s.trends) {
      ws.addRow([]);
      ws.addRow([t.label]).font = bold;
      ws.addRow(['月份', ...t.months]);
      ws.addRow(['件数', ...t.values]);
    }
  }
  const about = wb.addWorksheet('说明');
  about.addRow(['统计范围', d.node.name]);
  about.addRow(['统计时间', d.asOf]);
  about.addRow(['说明', '各项按事项发生地（申请人所在村/社区）统计；比率为两项之比，分母为 0 时记“—”。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The period of the yearly statistics ending on 30 Sep of `year` (China time): [1 Oct year−1, 1 Oct year). */
export function statisticsPeriod(year: number): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(year - 1, 9, 1) - CHINA_OFFSET_MS),
    to: new Date(Date.UTC(year, 9, 1) - CHINA_OFFSET_MS),
  };
}

/** The latest year whose 标准时点 (30 Sep) has passed at `now`. */
export function latestStatisticsYear(now: Date): number {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  return local.getUTCMonth() >= 9 ? local.getUTCFullYear() : local.getUTCFullYear() - 1;
}

/** Figures the yearly form carries: what happened in the period (no "now" figures, no ratios of "now"). */
const yearly = (f: FigureDecl) => !f.alert;

/** The yearly statistics as a workbook: per section, one row per child node and the 合计 row. */
export async function yearlyWorkbook(ctx: HandlerContext, scope: StatsScope, year: number): Promise<Buffer> {
  const period = statisticsPeriod(year);
  const env: FigureEnv = { now: ctx.now(), cmd: ctx.db.command, period };
  // Each child with its subtree, then what arose at the node itself (shown when there is any): the 合计 row is the
  // node's own figure.
  const rows = scope.children.length
    ? [
        ...scope.children.map((c) => ({ name: c.name, origins: subtreeIds(scope.grid, c._id), own: false })),
        { name: `${scope.node.name}本级`, origins: [scope.node._id], own: true },
      ]
    : [{ name: scope.node.name, origins: subtreeIds(scope.grid, scope.node._id), own: false }];
  const wb = new ExcelJS.Workbook();
  const cover = wb.addWorksheet('封面');
  cover.addRow([`${scope.node.name}工会工作统计表（${year}年度）`]).font = { bold: true, size: 14 };
  cover.addRow(['统计期间', `${year - 1}年10月1日至${year}年9月30日（标准时点 9月30日）`]);
  cover.addRow(['填报单位', scope.node.name]);
  cover.addRow(['生成时间', chinaMinute(ctx.now())]);
  cover.addRow(['说明', '按平台办理的业务统计，金额单位：元；比率为合计数之比。']);
  for (const section of statsSections()) {
    const figures = figuresOf(await groupsOf(ctx, section, env)).filter(yearly);
    const counted = figures.filter((f) => f.kind !== 'ratio' && f.kind !== 'average');
    if (!counted.length) continue;
    const ws = wb.addWorksheet(section.title.slice(0, 31));
    ws.addRow(['单位', ...counted.map((f) => (unitOf(f) === 'money' ? `${f.label}（元）` : f.label))]).font = bold;
    const totals = counted.map(() => 0);
    for (const row of rows) {
      const values = await valuesFor(ctx, section, counted, figures, row.origins, env, scope.grid);
      const line = counted.map((f) => values.get(f.key) ?? 0);
      if (row.own && line.every((v) => !v)) continue;
      line.forEach((v, i) => (totals[i] += v));
      ws.addRow([row.name, ...line.map((v, i) => (unitOf(counted[i]) === 'money' ? v / 100 : v))]);
    }
    ws.addRow(['合计', ...totals.map((v, i) => (unitOf(counted[i]) === 'money' ? v / 100 : v))]).font = bold;
    ws.getColumn(1).width = 16;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Build the workbook asked for, store it, audit the export and hand back a link valid 10 minutes. */
export async function exportStats(
  ctx: HandlerContext,
  actor: Actor,
  staff: StaffScope,
  scope: StatsScope,
  input: { kind: ExportKind; year?: number },
): Promise<StatsExport> {
  const year = input.year ?? latestStatisticsYear(ctx.now());
  const content =
    input.kind === 'dashboard'
      ? await dashboardWorkbook(await dashboardOf(ctx, staff, scope, { trends: true, ranking: true }))
      : await yearlyWorkbook(ctx, scope, year);
  const day = chinaDate(ctx.now());
  const label = input.kind === 'yearly' ? `${EXPORT_KIND_LABELS.yearly}${year}` : EXPORT_KIND_LABELS.dashboard;
  const fileName = `${scope.node.name}${label}-${day}.xlsx`;
  const cloudPath = `stats-exports/${scope.node._id}/${day}-${randomBytes(6).toString('hex')}.xlsx`;
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
    fileList: { fileID: string; tempFileURL: string }[];
  };
  await writeAudit(ctx, {
    action: 'stats.export',
    targetType: 'grid_node',
    targetId: scope.node._id,
    detail: { kind: input.kind, ...(input.kind === 'yearly' ? { year } : {}) },
    actor: { ...actor, staff: { ...staff, gridPath: [...staff.gridPath] } },
  });
  return { url: temp.fileList[0]?.tempFileURL ?? '', fileName };
}
