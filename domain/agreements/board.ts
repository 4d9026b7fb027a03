/**
 * The views per town and for the city (and the rows per enterprise): which collective contracts are in force,
 * which expire within 60 days, which are overdue on a step, which enterprises have no contract in force and which
 * units held no workers' congress this year — counted from `agreement_records`, `congress_sessions` and
 * `labour_contract_records`, inside the caller's scope; and the view as an xlsx workbook.
 */
import ExcelJS from 'exceljs';
import { addDays, chinaDate } from '../../common/china-time';
import type { Board, BoardRow } from '../../typings/agreements';
import type { GridNode } from '../../typings/grid';
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { enterprisesUnder, isEnterprise, type Enterprise } from './enterprises';
import { AGREEMENT_RECORDS, type AgreementRecord } from './records';
import { CONGRESS_SESSIONS, type SessionDoc } from './congress';
import { LABOUR_RECORDS, rateOf, type LabourDoc } from './labour';
import { LIMITS } from './rules';

const IN_FORCE = new Set(['in_force', 'published']);

const under = (path: readonly string[]) => (path.length >= 2 ? { townId: path[1] } : {});

/** `万家乡 · 翠林山村` or the town alone. */
export function placeOf(grid: Map<string, GridNode>, u: Pick<Enterprise, 'townId' | 'villageId'>): string {
  const town = grid.get(u.townId)?.name ?? '';
  const village = u.villageId ? grid.get(u.villageId)?.name : '';
  return village ? `${town} · ${village}` : town;
}

/** A contract's line on a row: `工资专项集体合同 履行中（2027-12-31 期满）`. */
function contractWords(r: AgreementRecord, today: string): string {
  if (IN_FORCE.has(r.status) && r.endsOn) return `${r.kindLabel} ${r.statusLabel}（${r.endsOn} 期满）`;
  if (r.nextDueOn && r.nextDueOn < today) return `${r.kindLabel} ${r.statusLabel}（${r.nextDueLabel}已逾期）`;
  return `${r.kindLabel} ${r.statusLabel}`;
}

export async function buildBoard(
  ctx: HandlerContext,
  path: readonly string[],
  scopeName: string,
  grid: Map<string, GridNode>,
): Promise<Board> {
  const now = ctx.now();
  const today = chinaDate(now);
  const year = today.slice(0, 4);
  const horizon = addDays(today, LIMITS.renewalDaysBefore);
  const [units, records, sessions, labour] = await Promise.all([
    enterprisesUnder(ctx, path),
    readAll<AgreementRecord>(ctx.db, AGREEMENT_RECORDS, { ...under(path), ended: false }),
    readAll<SessionDoc>(ctx.db, CONGRESS_SESSIONS, { ...under(path), year }),
    readAll<LabourDoc>(ctx.db, LABOUR_RECORDS, under(path)),
  ]);
  const byUnit = new Map<string, AgreementRecord[]>();
  for (const r of records) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const met = new Set(sessions.map((s) => s.unitId));
  const latest = new Map<string, LabourDoc>();
  for (const l of labour) if ((latest.get(l.unitId)?.recordedOn ?? '') < l.recordedOn) latest.set(l.unitId, l);
  const counts = { enterprises: 0, inForce: 0, expiring: 0, overdue: 0, noContract: 0, noCongress: 0 };
  const rows: BoardRow[] = [];
  for (const u of units) {
    const own = byUnit.get(u._id) ?? [];
    const flags: BoardRow['flags'] = [];
    const inForce = own.filter((r) => IN_FORCE.has(r.status));
    const expiring = inForce.filter((r) => r.endsOn && r.endsOn <= horizon);
    const overdue = own.filter((r) => r.nextDueOn && r.nextDueOn < today);
    if (expiring.length) flags.push('expiring');
    if (overdue.length) flags.push('overdue');
    if (isEnterprise(u)) {
      counts.enterprises += 1;
      if (inForce.length) counts.inForce += 1;
      else {
        counts.noContract += 1;
        flags.push('no_contract');
      }
    }
    counts.expiring += expiring.length;
    counts.overdue += overdue.length;
    if (!met.has(u._id)) {
      counts.noCongress += 1;
      flags.push('no_congress');
    }
    const l = latest.get(u._id);
    rows.push({
      unitId: u._id,
      name: u.name,
      place: placeOf(grid, u),
      contracts: own.length ? own.map((r) => contractWords(r, today)).join('；') : '无集体合同',
      labour: l ? `劳动合同签订率 ${rateOf(l.signed, l.employees)}（${l.recordedOn}）` : '未登记劳动合同签订情况',
      congress: met.has(u._id) ? `${year} 年已召开职代会` : `${year} 年未召开职代会`,
      flags,
    });
  }
  const summary =
    `${scopeName}企业 ${counts.enterprises} 家：集体合同有效 ${counts.inForce} 家，无有效合同 ${counts.noContract} 家；` +
    `60 天内到期 ${counts.expiring} 份，逾期未办 ${counts.overdue} 份；${year} 年未召开职代会 ${counts.noCongress} 家`;
  return { scopeName, year, summary, counts, rows };
}

const FLAG_WORDS: Record<BoardRow['flags'][number], string> = {
  expiring: '60天内到期',
  overdue: '逾期未办',
  no_contract: '无有效合同',
  no_congress: '今年未开职代会',
};
export const flagWords = (flags: BoardRow['flags']) => flags.map((f) => FLAG_WORDS[f]);

export async function boardWorkbook(board: Board): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业集体合同和职代会');
  ws.columns = [
    { header: '单位', key: 'name', width: 28 },
    { header: '所在地', key: 'place', width: 18 },
    { header: '集体合同', key: 'contracts', width: 50 },
    { header: '劳动合同', key: 'labour', width: 30 },
    { header: '职代会', key: 'congress', width: 18 },
    { header: '提示', key: 'flags', width: 30 },
  ];
  for (const r of board.rows) ws.addRow({ ...r, flags: flagWords(r.flags).join('、') });
  ws.getRow(1).font = { bold: true };
  const sum = wb.addWorksheet('汇总');
  sum.addRow(['范围', board.scopeName]);
  sum.addRow(['说明', board.summary]);
  sum.addRow([]);
  sum.addRow(['企业', '集体合同有效', '无有效合同', '60天内到期（份）', '逾期未办（份）', '今年未开职代会']);
  const c = board.counts;
  sum.addRow([c.enterprises, c.inForce, c.noContract, c.expiring, c.overdue, c.noCongress]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
