/** The import actions of the `registry` function: templates, starting, polling, cancelling, results. */
import type { HandlerContext } from '../../runtime/context';
import { notFound, AppError } from '../../runtime/errors';
import type { Handlers } from '../../runtime/function';
import { IMPORT_KIND_LABELS, type registryContract } from '../../../typings/registry';
import { loadActor, requireStaff } from '../../people/actor';
import { writeAudit } from '../../audit/audit';
import { requireOwnFiles, requireStoredFiles } from '../../cases/uploads';
import { buildTemplate } from './template';
import {
  IMPORT_JOBS,
  advanceImport,
  cancelJob,
  createImportJob,
  getJob,
  jobVisibleTo,
  toJobView,
  type ImportJobRecord,
} from './job';

/** What a call from the page may spend advancing a job before it answers (the rest is left to the next poll or the timer). */
export const CLIENT_SLICE_MS = 8_000;

async function visibleJob(ctx: HandlerContext, jobId: string): Promise<ImportJobRecord> {
  const actor = await loadActor(ctx);
  const job = await getJob(ctx, jobId);
  if (!job || !jobVisibleTo(job, actor.openid, actor.staff)) throw notFound('导入任务不存在');
  return job;
}

async function tempUrl(ctx: HandlerContext, fileID: string): Promise<string> {
  const res = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }] })) as {
    fileList: { tempFileURL: string }[];
  };
  return res.fileList[0]?.tempFileURL ?? '';
}

type ImportHandlers = Pick<
  Handlers<typeof registryContract>,
  'importTemplate' | 'startImport' | 'importStatus' | 'cancelImport' | 'importResult' | 'listImports'
>;

export const importHandlers: ImportHandlers = {
  async importTemplate({ kind }, ctx) {
    requireStaff(await loadActor(ctx));
    const uploaded = (await ctx.cloud.uploadFile({
      cloudPath: `registry-templates/${kind}.xlsx`,
      fileContent: await buildTemplate(kind),
    })) as { fileID: string };
    return {
      fileID: uploaded.fileID,
      tempFileURL: await tempUrl(ctx, uploaded.fileID),
      fileName: `${IMPORT_KIND_LABELS[kind]}导入模板.xlsx`,
    };
  },

  async startImport({ kind, fileID }, ctx) {
    const actor = await loadActor(ctx);
    const staff = requireStaff(actor);
    // Only a workbook the caller uploaded themselves, still in storage.
    requireOwnFiles([{ field: 'fileID', fileID }], actor.openid);
    await requireStoredFiles(ctx, [{ field: 'fileID', fileID }]);
    const job = await createImportJob(ctx, { kind, fileID }, { ...staff, openid: actor.openid });
    await writeAudit(ctx, {
      action: 'registry.importStart',
      targetType: 'import_job',
      targetId: job._id,
      detail: { kind },
      actor,
    });
    return toJobView((await advanceImport(ctx, job._id, CLIENT_SLICE_MS)) ?? job);
  },

  async importStatus({ jobId }, ctx) {
    const job = await visibleJob(ctx, jobId);
    if (!job.active) return toJobView(job);
    return toJobView((await advanceImport(ctx, job._id, CLIENT_SLICE_MS)) ?? job);
  },

  async cancelImport({ jobId }, ctx) {
    const job = await visibleJob(ctx, jobId);
    const actor = await loadActor(ctx);
    const after = await cancelJob(ctx, job);
    await writeAudit(ctx, { action: 'registry.importCancel', targetType: 'import_job', targetId: job._id, actor });
    return toJobView(after);
  },

  async importResult({ jobId }, ctx) {
    const job = await visibleJob(ctx, jobId);
    if (!job.resultFileID) {
      throw new AppError(
        'PRECONDITION_FAILED',
        job.status === 'done' ? '结果表已过保存期（7天）被删除，如需要请重新导入' : '导入完成后才能下载结果表',
      );
    }
    const actor = await loadActor(ctx);
    await writeAudit(ctx, { action: 'registry.importResult', targetType: 'import_job', targetId: job._id, actor });
    return {
      fileID: job.resultFileID,
      tempFileURL: await tempUrl(ctx, job.resultFileID),
      fileName: `${IMPORT_KIND_LABELS[job.kind]}导入结果.xlsx`,
    };
  },

  async listImports({ limit }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    const { data } = await ctx.db
      .collection<ImportJobRecord>(IMPORT_JOBS)
      .where({ 'by.openid': actor.openid })
      .orderBy('createdAt', 'desc')
      .limit(limit ?? 20)
      .get();
    return { jobs: data.map(toJobView) };
  },
};
