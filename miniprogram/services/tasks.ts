/**
 * Tasks sent down (function `tasks` and the `task`/`task_item` case types): lists, the issuer's board, reminders,
 * export, and on-site photos taken with the camera only, each after a server-timed capture ticket, with the
 * place from `wx.getLocation` (declared in app.json `requiredPrivateInfos`) or recorded as refused.
 */
import type { TaskBoard, TaskBoardRow, TaskLight, TaskListItem } from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { uploadFile } from './upload';

export const listTasks = (box: 'issued' | 'received') => callApi('tasks', 'list', { box });
export const loadBoard = (taskId: string) => callApi('tasks', 'board', { taskId });
export const remindTask = (taskId: string) => callApi('tasks', 'remind', { taskId });
export const exportTask = (taskId: string) => callApi('tasks', 'export', { taskId });

export type IssueForm = CallInput<'cases', 'submit'>['form'];
export const issueTask = (form: IssueForm, requestId = newRequestId()) =>
  callApi('cases', 'submit', { type: 'task', form }, { requestId });

/** Badge class of a supervision light. */
export const LIGHT_CLASS: Record<TaskLight, string> = {
  green: 'badge-ok',
  yellow: 'badge-warn',
  red: 'badge-error',
  none: 'badge-ok',
};

export const toListItem = (t: TaskListItem) => ({
  ...t,
  lightClass: LIGHT_CLASS[t.light],
  deadlineLine: `截止 ${t.deadline}`,
});
export type TaskItemView = ReturnType<typeof toListItem>;

export const toBoardView = (b: TaskBoard) => ({
  ...b,
  towns: b.towns.map((t) => ({
    ...t,
    line: `${t.total} 个：已签收 ${t.signed}，已完成 ${t.finished}，逾期 ${t.late}`,
    rows: t.rows.map((r: TaskBoardRow) => ({ ...r, lightClass: LIGHT_CLASS[r.light] })),
  })),
});
export type BoardView = ReturnType<typeof toBoardView>;

/** A site photo ready for the report. */
export interface SitePhotoDraft {
  fileID: string;
  captureId: string;
  location: { latitude: number; longitude: number; accuracy: number } | null;
  locationRefused: boolean;
  /** Local path for the thumbnail. */
  path: string;
}

function cameraPhoto(): Promise<{ path: string; size: number } | null> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['camera'],
      sizeType: ['compressed'],
      camera: 'back',
      success: (res) => resolve({ path: res.tempFiles[0].tempFilePath, size: res.tempFiles[0].size }),
      fail: () => resolve(null),
    });
  });
}

function place(): Promise<SitePhotoDraft['location']> {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      isHighAccuracy: true,
      highAccuracyExpireTime: 4000,
      success: (res) => resolve({ latitude: res.latitude, longitude: res.longitude, accuracy: res.accuracy }),
      fail: () => resolve(null),
    });
  });
}

export type PhotoOutcome =
  { ok: true; photo: SitePhotoDraft } | { ok: false; message: string } | { ok: false; cancelled: true; message: '' };

/** Ticket → camera → place → upload. A refused or failed location is recorded as refused, never invented. */
export async function takeSitePhoto(caseId: string, onProgress: (p: number) => void): Promise<PhotoOutcome> {
  const ticket = await callApi('tasks', 'captureStart', { caseId });
  if (!ticket.ok) return { ok: false, message: ticket.message };
  const shot = await cameraPhoto();
  if (!shot) return { ok: false, cancelled: true, message: '' };
  const location = await place();
  const up = await uploadFile('photo', shot.path, onProgress, shot.size);
  if (!up.ok) return { ok: false, message: up.message };
  return {
    ok: true,
    photo: {
      fileID: up.fileID,
      captureId: ticket.data.captureId,
      location,
      locationRefused: !location,
      path: shot.path,
    },
  };
}
