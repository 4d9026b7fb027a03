/**
 * One recipient's part as its page shows it: the task (kind, requirements, deadline with its light, the fields to
 * fill), a pending extension, and the latest report in words — answers by their labels, each photo's server-
 * confirmed capture window and place (or that location was refused), and that its fingerprint is kept — with
 * short-lived links to its photos and files (a staff view is audited, as every file view).
 */
import type { HandlerContext } from '../runtime/context';
import { notFound } from '../runtime/errors';
import { chinaMinute } from '../../common/china-time';
import { fileLinks, type FileToShow } from '../files/links';
import type { Actor } from '../people/actor';
import { gridIndex } from '../grid/cache';
import { relation } from '../cases/machine';
import { getCase, getHistory } from '../cases/store';
import {
  TASK_KIND_LABELS,
  type SitePhoto,
  type TaskForm,
  type TaskPartView,
  type TaskReport,
} from '../../typings/tasks';
import { effectiveDeadline, lightLabel, lightOf } from './deadline';
import { taskItemCaseType } from './types';

/** `12月7日 18:49` in China time. */
function time(iso: string | undefined): string {
  if (!iso) return '';
  const [date, clock] = chinaMinute(new Date(iso)).split(' ');
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日 ${clock}`;
}

function photoLine(p: SitePhoto, i: number): string {
  const when = `拍摄于 ${time(p.ticketAt)} 至 ${time(p.confirmedAt)} 之间（服务器时间）`;
  const where = p.location
    ? `位置已记录（精度约 ${Math.round(p.location.accuracy)} 米）`
    : '拍摄人未授权定位，未记录位置';
  return `照片 ${i + 1}：${when}；${where}${p.sha256 ? '；已留存文件指纹' : ''}`;
}

export async function partView(ctx: HandlerContext, actor: Actor, caseId: string): Promise<TaskPartView> {
  const c = await getCase(ctx.db, caseId);
  if (!c || c.type !== taskItemCaseType.type || relation(c, actor) === 'none') throw notFound('任务不存在');
  const form = c.form as TaskForm;
  const deadline = effectiveDeadline(c);
  const finished = c.status === taskItemCaseType.state.done;
  const light = lightOf(deadline, finished, ctx.now());
  const grid = await gridIndex(ctx.db);
  const issuerNode = c.initiator?.kind === 'node' ? c.initiator.nodeId : '';
  const history = await getHistory(ctx.db, caseId);
  const last = [...history].reverse().find((h) => h.action === taskItemCaseType.verb.report);
  const report = (last?.inputs as { report?: TaskReport } | undefined)?.report ?? null;
  let reportView: TaskPartView['report'] = null;
  if (report) {
    const labels = new Map(form.fields.map((f) => [f.key, f.label]));
    const lines = [
      ...Object.entries(report.answers).map(([k, v]) => `${labels.get(k) ?? '填报项'}：${v}`),
      ...report.photos.map(photoLine),
      ...(report.note ? [`情况说明：${report.note}`] : []),
    ];
    const shown: FileToShow[] = [
      ...report.photos.map((p, i) => ({ field: `report.photos.${i}`, label: `现场照片 ${i + 1}`, fileID: p.fileID })),
      ...report.files.map((fileID, i) => ({ field: `report.files.${i}`, label: `上报材料 ${i + 1}`, fileID })),
    ];
    const audit = actor.staff ? { actor, targetType: 'case', targetId: caseId } : null;
    reportView = { at: new Date(last!.at).toISOString(), lines, files: await fileLinks(ctx, shown, audit) };
  }
  const ext = c.data?.extension as { newDate: string; reason: string } | null | undefined;
  return {
    caseId,
    title: form.title,
    kind: form.kind,
    kindLabel: TASK_KIND_LABELS[form.kind],
    instructions: form.instructions,
    deadline,
    light,
    lightLabel: lightLabel(light),
    statusLabel: taskItemCaseType.states[c.status as 'assigned']?.label ?? '',
    recipientName: grid.get(c.nodeId)?.name ?? c.applicantName,
    issuerName: issuerNode === 'city' ? '市总工会' : `${grid.get(issuerNode)?.name ?? ''}工会`,
    fields: form.fields,
    extension:
      c.status === taskItemCaseType.state.extension_requested && ext
        ? { newDate: ext.newDate, reason: ext.reason }
        : null,
    report: reportView,
  };
}
