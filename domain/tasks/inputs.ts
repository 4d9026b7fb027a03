/**
 * The structured inputs of a recipient's part of a task: the report (filled fields, files, on-site photos with
 * server-confirmed proof, a note), an extension request (new date and reason, only before the deadline) and the
 * issuer's approval (which fixes the new date). Each is validated by its schema, then confirmed by the server
 * against the part (`confirm`): the form's own fields, the deadline, the capture tickets.
 */
import {
  ExtensionApprovalInput,
  ExtensionInput,
  TaskReportInput,
  type ExtensionRequest,
  type TaskForm,
  type TaskReport,
} from '../../typings/tasks';
import { AppError, invalid } from '../runtime/errors';
import type { InputDecl } from '../cases/inputs';
import { confirmPhotos } from './captures';
import { deadlineEnd, effectiveDeadline } from './deadline';

const NUMBER = /^-?\d+(\.\d+)?$/;

function checkAnswers(form: TaskForm, answers: Record<string, string>, field: string): Record<string, string> {
  const byKey = new Map(form.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(answers)) if (!byKey.has(key)) throw invalid(`${field}.answers.${key}`, '没有这个表项');
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    const value = (answers[f.key] ?? '').trim();
    if (!value) {
      if (f.required) throw invalid(`${field}.answers.${f.key}`, `请填写“${f.label}”`);
      continue;
    }
    if (f.kind === 'number' && !NUMBER.test(value))
      throw invalid(`${field}.answers.${f.key}`, `“${f.label}”请填写数字`);
    out[f.key] = value;
  }
  return out;
}

function photoLine(photos: TaskReport['photos']): string {
  if (!photos.length) return '';
  const refused = photos.filter((p) => p.locationRefused).length;
  const place =
    refused === 0 ? '均记录了拍摄地点' : refused === photos.length ? '未授权定位' : `${refused} 张未授权定位`;
  return `现场照片 ${photos.length} 张（相机拍摄，${place}）`;
}

/** The report of a recipient's part. */
export const taskReport: InputDecl<TaskReport> = {
  label: '办理情况',
  kind: 'task_report',
  schema: TaskReportInput.transform((v) => v as TaskReport),
  files: (v) => [
    ...v.files.map((fileID, i) => ({ field: `files.${i}`, fileID })),
    ...v.photos.map((p, i) => ({ field: `photos.${i}.fileID`, fileID: p.fileID })),
  ],
  texts: (v) => [
    ...(v.note ? [{ field: 'note', text: v.note }] : []),
    ...Object.entries(v.answers).map(([key, text]) => ({ field: `answers.${key}`, text })),
  ],
  summary: (v) =>
    [
      Object.keys(v.answers).length ? `填报 ${Object.keys(v.answers).length} 项` : '',
      v.files.length ? `材料 ${v.files.length} 个` : '',
      photoLine(v.photos),
      v.note,
    ]
      .filter(Boolean)
      .join('；') || '已办理',
  async confirm(value, at) {
    const form = at.case.form as TaskForm;
    if (form.kind === 'visit' && value.photos.length === 0)
      throw invalid(`${at.field}.photos`, '走访任务请拍摄现场照片');
    if (form.kind !== 'visit' && value.photos.length > 0)
      throw invalid(`${at.field}.photos`, '只有走访任务需要现场照片，材料请作为附件上传');
    const answers = checkAnswers(form, value.answers, at.field);
    const photos = await confirmPhotos(at.ctx, value.photos, at);
    return { value: { ...value, answers, photos } };
  },
};

/** A recipient's extension request: before the deadline, with a later date and a reason. */
export const extensionRequest: InputDecl<ExtensionRequest> = {
  label: '延期申请',
  kind: 'extension',
  schema: ExtensionInput,
  texts: (v) => [{ field: 'reason', text: v.reason }],
  summary: (v) => `申请延期至 ${v.newDate}：${v.reason}`,
  async confirm(value, at) {
    const current = effectiveDeadline(at.case);
    if (at.ctx.now().getTime() >= deadlineEnd(current).getTime())
      throw new AppError('PRECONDITION_FAILED', `已过截止日期 ${current}，不能再申请延期`, at.field);
    if (value.newDate <= current) throw invalid(`${at.field}.newDate`, `新的截止日期应晚于现在的截止日期 ${current}`);
    return { value, data: { extension: { ...value, requestedAt: at.ctx.now().toISOString() } } };
  },
};

/** The issuer's approval of an extension: the date it fixes (at most the one asked for is not required). */
export const extensionApproval: InputDecl<{ newDate: string }> = {
  label: '批准延期',
  kind: 'extension',
  schema: ExtensionApprovalInput,
  summary: (v) => `同意延期至 ${v.newDate}`,
  async confirm(value, at) {
    const current = effectiveDeadline(at.case);
    if (value.newDate <= current) throw invalid(`${at.field}.newDate`, `批准的截止日期应晚于现在的截止日期 ${current}`);
    return { value, data: { deadline: value.newDate, extension: null } };
  },
};
