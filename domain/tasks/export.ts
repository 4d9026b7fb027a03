/** The board as an xlsx workbook (exceljs): one row per recipient, with its town, state, light and deadline. */
import ExcelJS from 'exceljs';
import { randomBytes } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import { chinaDate } from '../../common/china-time';
import type { TaskBoard } from '../../typings/tasks';

export async function boardWorkbook(board: TaskBoard): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('完成情况');
  ws.columns = [
    { header: '乡镇', key: 'town', width: 14 },
    { header: '村/单位', key: 'name', width: 18 },
    { header: '办理状态', key: 'status', width: 12 },
    { header: '督办', key: 'light', width: 10 },
    { header: '是否签收', key: 'signed', width: 10 },
    { header: '截止日期', key: 'deadline', width: 12 },
    { header: '备注', key: 'note', width: 24 },
  ];
  for (const town of board.towns)
    for (const r of town.rows)
      ws.addRow({
        town: town.name,
        name: r.name,
        status: r.statusLabel,
        light: r.lightLabel,
        signed: r.signed ? '是' : '否',
        deadline: r.deadline,
        note: r.note,
      });
  ws.getRow(1).font = { bold: true };
  const sum = wb.addWorksheet('汇总');
  sum.addRow(['任务', `${board.kindLabel} · ${board.title}`]);
  sum.addRow(['截止日期', board.deadline]);
  sum.addRow(['完成情况', board.summary]);
  sum.addRow([]);
  sum.addRow(['乡镇', '应办', '已签收', '已完成', '逾期']);
  for (const t of board.towns) sum.addRow([t.name, t.total, t.signed, t.finished, t.late]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upload the workbook and return a link valid 10 minutes. */
export async function exportBoard(ctx: HandlerContext, board: TaskBoard): Promise<{ url: string; fileName: string }> {
  const content = await boardWorkbook(board);
  const fileName = `任务完成情况-${chinaDate(ctx.now())}.xlsx`;
  const cloudPath = `task-exports/${board.taskId}/${chinaDate(ctx.now())}-${randomBytes(6).toString('hex')}.xlsx`;
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
    fileList: { fileID: string; tempFileURL: string }[];
  };
  return { url: temp.fileList[0]?.tempFileURL ?? '', fileName };
}
