/** Handlers of the `registry` function, and its timers. */
import type { registryContract } from '../../typings/registry';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { findUnits, getUnit, listUnits, saveUnit } from './units';
import { getUnion, listUnions, saveUnion } from './unions';
import {
  exitArchiveFile,
  getArchiveFile,
  listArchive,
  purgeExpiredFiles,
  recordHelp,
  saveArchiveFile,
} from './archive';
import { getRecheck, recordRecheck, startRecheck } from './recheck';
import { exportList, purgeExports } from './export';
import { importHandlers } from './import/handlers';
import { advanceDueImports, cleanUpImports } from './import/job';

export const registryHandlers: Handlers<typeof registryContract> = {
  listUnits,
  unit: getUnit,
  saveUnit,
  findUnits,
  listUnions,
  union: getUnion,
  saveUnion,
  listArchive,
  archiveFile: getArchiveFile,
  saveArchiveFile,
  exitArchiveFile,
  recordHelp,
  startRecheck,
  recheck: getRecheck,
  recordRecheck,
  exportList,
  ...importHandlers,
};

/** Creations return their first result on a retry with the same request id. */
export const REGISTRY_IDEMPOTENT = [
  'saveUnit',
  'saveUnion',
  'saveArchiveFile',
  'exitArchiveFile',
  'recordHelp',
  'startImport',
];

/** Budget of one timer run advancing imports (the function's timeout is 60 s). */
export const TIMER_SLICE_MS = 40_000;

/**
 * Timers: `importJobs` (every minute) advances imports nobody is polling — after a restart, a closed page or a
 * timed-out slice; `registryDaily` deletes old exports and import results and purges archive files whose
 * ten years after exit are over.
 */
export async function registryTimer(trigger: string, ctx: HandlerContext): Promise<unknown> {
  if (String(ctx.cloud.getWXContext().OPENID ?? '')) throw new AppError('FORBIDDEN', '定时任务只能由系统触发');
  if (trigger === 'importJobs') return { advanced: await advanceDueImports(ctx, TIMER_SLICE_MS) };
  if (trigger === 'registryDaily') {
    return {
      exportsDeleted: await purgeExports(ctx),
      importResultsDeleted: await cleanUpImports(ctx),
      archivePurged: await purgeExpiredFiles(ctx),
    };
  }
  return { ignored: trigger };
}
