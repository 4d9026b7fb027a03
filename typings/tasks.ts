/**
 * Contract of tasks sent down (任务/通知下发, 督办): the form the city or a town issues (a case type `task` that fans
 * out to a `task_item` per recipient, `domain/tasks`), the report a recipient sends, and the `tasks` function's
 * supervision actions (capture tickets for on-site photos, the completion board, one-tap reminders, export).
 */
import { z } from 'zod';
import { action } from './api';
import { CalendarDate } from './dates';
import { cloudFile } from './fields';
import { CaseDocId, userText } from './cases';

export const TASK_KINDS = ['notice', 'file', 'form', 'visit'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  notice: '通知',
  file: '文件',
  form: '报表',
  visit: '走访任务',
};

/** `villages`: every village under each chosen node (a town's villages, all 273); `nodes`: the chosen nodes. */
export const TASK_REACH = ['villages', 'nodes'] as const;

/** One field of a report form the recipient fills. */
export const TaskFieldInput = z
  .object({
    key: z.string().regex(/^f\d{1,2}$/, { error: '表项编号无效' }),
    label: userText('表项名称', 1, 30),
    kind: z.enum(['text', 'number'], { error: '请选择表项类型' }),
    required: z.boolean().default(true),
  })
  .strict();
export type TaskField = z.output<typeof TaskFieldInput>;

const NodeId = z.string().regex(/^(city|t\d{2}(-v\d{2})?)$/, { error: '请选择下发对象' });

export const TaskFormInput = z
  .object({
    kind: z.enum(TASK_KINDS, { error: '请选择任务类型' }),
    title: userText('任务名称', 2, 40),
    instructions: userText('任务要求', 2, 1000),
    deadline: CalendarDate('截止日期'),
    reach: z.enum(TASK_REACH, { error: '请选择下发方式' }),
    recipients: z
      .array(NodeId)
      .min(1, { error: '请选择下发对象' })
      .max(300, { error: '下发对象最多 300 个' })
      .refine((ids) => new Set(ids).size === ids.length, { error: '下发对象重复' }),
    fields: z.array(TaskFieldInput).max(20, { error: '表项最多 20 个' }).default([]),
    attachments: z.array(cloudFile('附件')).max(9, { error: '附件最多 9 个' }).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.kind === 'form' && f.fields.length === 0)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: '报表任务请至少设置一个表项' });
    if (f.kind !== 'form' && f.fields.length > 0)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: '只有报表任务需要表项' });
    if (new Set(f.fields.map((x) => x.key)).size !== f.fields.length)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: '表项编号重复' });
  });
export type TaskForm = z.output<typeof TaskFormInput>;

/** A location as `wx.getLocation` (gcj02) returned it. */
export const CaptureLocation = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
  })
  .strict();

/** One on-site photo: the file, the capture ticket taken before the camera opened, and where (or that it was refused). */
export const SitePhotoInput = z
  .object({
    fileID: cloudFile('现场照片'),
    captureId: z.string().regex(/^[0-9a-f]{24}$/, { error: '缺少拍摄凭证，请在小程序中重新拍摄' }),
    location: CaptureLocation.nullable(),
    /** The person refused location (or it failed): recorded as such, never a made-up point. */
    locationRefused: z.boolean(),
  })
  .strict();

/** A site photo as kept with the report: what the server confirmed. */
export interface SitePhoto {
  fileID: string;
  captureId: string;
  location: z.output<typeof CaptureLocation> | null;
  locationRefused: boolean;
  /** Server time the camera was opened (the ticket) and the report arrived: the photo was taken in between. */
  ticketAt?: string;
  confirmedAt?: string;
  /** SHA-256 of the stored file's bytes, computed by the server. */
  sha256?: string;
  bytes?: number;
}

export const TaskReportInput = z
  .object({
    /** Report-form answers by field key. */
    answers: z.record(z.string().regex(/^f\d{1,2}$/), z.string().max(500)).default({}),
    files: z.array(cloudFile('上报材料')).max(9, { error: '上报材料最多 9 个' }).default([]),
    photos: z.array(SitePhotoInput).max(9, { error: '现场照片最多 9 张' }).default([]),
    note: userText('情况说明', 0, 500).default(''),
  })
  .strict();
export type TaskReport = Omit<z.output<typeof TaskReportInput>, 'photos'> & { photos: SitePhoto[] };

export const ExtensionInput = z
  .object({ newDate: CalendarDate('新的截止日期'), reason: userText('延期理由', 2, 300) })
  .strict();
export type ExtensionRequest = z.output<typeof ExtensionInput>;

/** The issuer's acceptance opinion (optional; the same limits as the engine's opinions). */
export const TaskOpinionInput = z.object({ opinion: userText('验收意见', 2, 500) }).strict();

export const ExtensionApprovalInput = z.object({ newDate: CalendarDate('批准的截止日期') }).strict();

/** Supervision light: green on time, yellow within 3 days of the deadline, red overdue; none when finished. */
export type TaskLight = 'green' | 'yellow' | 'red' | 'none';
export const TASK_LIGHT_LABELS: Record<TaskLight, string> = {
  green: '正常',
  yellow: '临近截止',
  red: '已逾期',
  none: '已完成',
};

/** One recipient's line on the issuer's board. */
export interface TaskBoardRow {
  caseId: string;
  name: string;
  statusLabel: string;
  light: TaskLight;
  lightLabel: string;
  signed: boolean;
  finished: boolean;
  /** Effective deadline `YYYY-MM-DD` (after an approved extension) and a pending extension in words. */
  deadline: string;
  note: string;
}

/** Completion of one town (its villages, or the town itself as recipient). */
export interface TaskBoardTown {
  townId: string;
  name: string;
  total: number;
  signed: number;
  finished: number;
  late: number;
  rows: TaskBoardRow[];
}

export interface TaskBoard {
  taskId: string;
  title: string;
  kindLabel: string;
  deadline: string;
  total: number;
  created: number;
  signed: number;
  finished: number;
  late: number;
  unsigned: number;
  /** One line in words, e.g. `共 14 个村：已签收 10，已完成 6，逾期 2`. */
  summary: string;
  towns: TaskBoardTown[];
}

/** A task the caller issued or received, for lists. */
export interface TaskListItem {
  caseId: string;
  title: string;
  kindLabel: string;
  statusLabel: string;
  deadline: string;
  light: TaskLight;
  lightLabel: string;
  /** Issuer's lists: progress in words; recipient's lists: who sent it. */
  line: string;
}

/** One recipient's part as its page shows it (for the recipient and the issuer). */
export interface TaskPartView {
  caseId: string;
  title: string;
  kind: TaskKind;
  kindLabel: string;
  instructions: string;
  deadline: string;
  light: TaskLight;
  lightLabel: string;
  statusLabel: string;
  /** The recipient (`翠林山村`) and who sent it (`市总工会`, `万家乡工会`). */
  recipientName: string;
  issuerName: string;
  fields: TaskField[];
  /** A pending extension request. */
  extension: { newDate: string; reason: string } | null;
  /** The latest report in words, with links to its photos and files. */
  report: { at: string; lines: string[]; files: import('./cases').CaseFile[] } | null;
}

const TaskId = CaseDocId;

export const tasksContract = {
  /** A recipient about to photograph on-site work: a one-use server-timed ticket (valid 30 minutes). */
  captureStart: action(z.object({ caseId: TaskId }).strict()).returns<{ captureId: string; serverTime: string }>(),
  /** A recipient's part: the task, its deadline and light, its fields, the latest report (recipient, issuer, above). */
  part: action(z.object({ caseId: TaskId }).strict()).returns<TaskPartView>(),
  /** The issuer (or staff above it): completion by town and village. */
  board: action(z.object({ taskId: TaskId }).strict()).returns<TaskBoard>(),
  /** Issuer: remind every unsigned or late recipient (and the level above) — once a day per recipient. */
  remind: action(z.object({ taskId: TaskId }).strict()).returns<{ reminded: number; skipped: number }>(),
  /** Issuer: the board as an xlsx workbook, a link valid 10 minutes. */
  export: action(z.object({ taskId: TaskId }).strict()).returns<{ url: string; fileName: string }>(),
  /** Staff: tasks issued from their node (`issued`) or received at it (`received`). */
  list: action(z.object({ box: z.enum(['issued', 'received']) }).strict()).returns<{ items: TaskListItem[] }>(),
};
