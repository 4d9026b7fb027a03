/**
 * Disbursement (打卡发放): a payment batch from a notice that has run out with no open objection, the bank
 * file (CSV or xlsx; the ONLY place full account numbers appear; city administrator only; audited; handed
 * out through cloud storage), recording each payment as paid or failed, and retrying corrected failures.
 *
 * A case is never paid twice: a payment's `activeKey` is the case id while it is pending or paid (unique
 * index), and recording is claimed with a conditional update, so N concurrent recordings make one change.
 */
import ExcelJS from 'exceljs';
import type { PaymentBatchView, PaymentView, aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { loadActor, requireStaff } from '../people/actor';
import { deleteStoredFiles } from '../runtime/storage';
import { readAll, readIn } from '../runtime/paging';
import { jobBudgetMs } from '../runtime/jobs';
import { runClaimedStep } from '../runtime/saga';
import { writeAudit } from '../audit/audit';
import { decryptField } from '../security/crypto';
import { fenToYuan } from '../security/validators';
import { CASES, getCase, type CaseDoc } from '../cases/store';
import { chinaDate } from '../../common/china-time';
import { expireNotices, openObjectionCases } from './notices';
import { paymentView } from './application-view';
import { mapLimit, STEP_CONCURRENCY } from './steps';
import { PAYMENT_RECORDING } from './sagas';
import { noteAidPaid } from '../registry/archive';
import { AID } from './case-types';
import {
  AID_APPLICATIONS,
  NOTICES,
  PAYMENTS,
  PAYMENT_BATCHES,
  findById,
  newId,
  stableId,
  type ApplicationDoc,
  type NoticeDoc,
  BANK_FILE_TTL_MS,
  type BankFileExport,
  type PaymentBatchDoc,
  type PaymentDoc,
} from './store';

const paymentIdOf = (batchId: string, caseId: string) => `pay${stableId('payment', batchId, caseId).slice(0, 32)}`;

async function batchPayments(ctx: HandlerContext, batchId: string): Promise<PaymentDoc[]> {
  const data = await readAll<PaymentDoc>(ctx.db, PAYMENTS, { batchId });
  return data;
}

async function batchView(ctx: HandlerContext, batch: PaymentBatchDoc): Promise<PaymentBatchView> {
  const payments = await batchPayments(ctx, batch._id);
  return {
    batchId: batch._id,
    roundId: batch.roundId,
    noticeId: batch.noticeId,
    status: batch.status,
    count: payments.length,
    totalFen: payments.reduce((s, p) => s + p.amountFen, 0),
    paidCount: payments.filter((p) => p.status === 'paid').length,
    failedCount: payments.filter((p) => p.status === 'failed').length,
    payments: payments.map((p) => ({ ...paymentView(p), caseId: p.caseId, maskedName: p.maskedName })),
    exports: (batch.exports ?? []).map((e) => ({
      fileID: e.fileID,
      format: e.format,
      at: new Date(e.at).toISOString(),
      deletedAt: e.deletedAt ? new Date(e.deletedAt).toISOString() : null,
    })),
    createdAt: new Date(batch.createdAt).toISOString(),
  };
}

/**
 * A paid application of someone in the hardship archive is recorded on their file as help (once per case).
 * The payment stands either way: a failure here is logged, and the file can be completed by hand.
 */
async function noteHelpInArchive(ctx: HandlerContext, payment: PaymentDoc, paidOn: string): Promise<void> {
  try {
    const app = await findById<ApplicationDoc>(ctx.db, AID_APPLICATIONS, payment.applicationId);
    if (!app) return;
    await noteAidPaid(ctx, app.applicant.idIndex, {
      caseId: payment.caseId,
      on: paidOn,
      amountFen: payment.amountFen,
      programme: app.roundTitle,
    });
  } catch (error) {
    ctx.log.warn('could not note the payment in the hardship archive', {
      paymentId: payment._id,
      error: String(error),
    });
  }
}

async function requireBatch(ctx: HandlerContext, batchId: string): Promise<PaymentBatchDoc> {
  const batch = await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, batchId);
  if (!batch) throw notFound('发放批次不存在');
  return batch;
}

/** Add one payment per application (skipping cases already in a live payment). Returns how many were added. */
async function addPayments(ctx: HandlerContext, batchId: string, apps: readonly ApplicationDoc[]): Promise<number> {
  const now = ctx.now();
  const results = await mapLimit(apps, STEP_CONCURRENCY, async (app) => {
    const caseId = app.caseId as string;
    const payment: PaymentDoc = {
      _id: paymentIdOf(batchId, caseId),
      batchId,
      caseId,
      applicationId: app._id,
      amountFen: app.amountFen,
      status: 'pending',
      activeKey: caseId,
      cardEnc: app.bankCard.numberEnc,
      cardLast4: app.bankCard.last4,
      bankName: app.bankCard.bankName,
      holderName: app.bankCard.holderName,
      maskedName: app.applicant.nameMasked,
      pendingResult: null,
      paidOn: null,
      failureReason: null,
      recordedAt: null,
      createdAt: now,
    };
    try {
      await ctx.db.collection(PAYMENTS).add({ data: payment });
      return true;
    } catch (error) {
      // Already in this batch, or live in another one: never a second payment for the case.
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  });
  return results.filter(Boolean).length;
}

async function applicationsOf(ctx: HandlerContext, caseIds: readonly string[]): Promise<ApplicationDoc[]> {
  return readIn<ApplicationDoc>(ctx.db, AID_APPLICATIONS, 'caseId', caseIds);
}

/** The cases among `caseIds` in `status`, read whole. */
async function casesIn(ctx: HandlerContext, caseIds: readonly string[], status: string): Promise<string[]> {
  return (await readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds, { status }, { _id: true })).map((c) => c._id);
}

/** Build the bank file: one line per pending payment, full account numbers. */
export async function bankFile(
  payments: readonly PaymentDoc[],
  format: 'csv' | 'xlsx',
  purpose: string,
): Promise<Buffer> {
  const header = ['序号', '户名', '银行卡号', '开户银行', '金额（元）', '用途', '业务编号'];
  const rows = payments.map((p, i) => [
    String(i + 1),
    p.holderName,
    decryptField(p.cardEnc),
    p.bankName,
    fenToYuan(p.amountFen),
    purpose,
    p._id,
  ]);
  if (format === 'csv') {
    const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    // Card numbers as ="…" text so spreadsheet programs keep every digit.
    const line = (r: string[], i: number) => r.map((c, j) => (j === 2 && i >= 0 ? `="${c}"` : cell(c))).join(',');
    return Buffer.from('\uFEFF' + [line(header, -1), ...rows.map((r, i) => line(r, i))].join('\r\n') + '\r\n', 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代发明细');
  sheet.addRow(header);
  for (const r of rows) {
    const row = sheet.addRow([Number(r[0]), r[1], r[2], r[3], Number(r[4]), r[5], r[6]]);
    row.getCell(3).numFmt = '@';
    row.getCell(5).numFmt = '0.00';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Delete a batch's bank files from cloud storage: all of them (`completed`), or those exported more than
 * 24 hours ago (`expired`). Each deleted file is marked on its export entry (by position, so a concurrent
 * export is not lost) and never served again; a file storage no longer has counts as deleted. Audited.
 */
export async function purgeBankFiles(
  ctx: HandlerContext,
  batch: PaymentBatchDoc,
  reason: 'completed' | 'expired',
): Promise<number> {
  const now = ctx.now();
  const due = (batch.exports ?? [])
    .map((e, i) => ({ e, i }))
    .filter(
      ({ e }) =>
        !e.deletedAt && (reason === 'completed' || now.getTime() - new Date(e.at).getTime() >= BANK_FILE_TTL_MS),
    );
  if (due.length > 0) {
    const gone = new Set(
      (
        await deleteStoredFiles(
          ctx,
          due.map(({ e }) => e.fileID),
        )
      ).gone,
    );
    const patch: Record<string, unknown> = {};
    for (const { e, i } of due) {
      if (!gone.has(e.fileID)) continue;
      patch[`exports.${i}.deletedAt`] = now;
      patch[`exports.${i}.deleteReason`] = reason;
    }
    const deleted = Object.keys(patch).length / 2;
    if (deleted > 0) {
      await ctx.db.collection(PAYMENT_BATCHES).doc(batch._id).update({ data: patch });
      await writeAudit(ctx, {
        action: 'aid.deleteBankFile',
        targetType: 'payment_batch',
        targetId: batch._id,
        detail: { files: deleted, reason },
      });
    }
    if (deleted < due.length) return deleted;
  }
  const after = await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, batch._id);
  if (after && (after.exports ?? []).every((e) => e.deletedAt))
    await ctx.db
      .collection(PAYMENT_BATCHES)
      .doc(batch._id)
      .update({ data: { filesLive: false } });
  return due.length;
}

/** Timer: delete the bank files of recorded batches and files older than 24 hours. */
export async function purgeExpiredBankFiles(ctx: HandlerContext): Promise<number> {
  const { data } = await ctx.db
    .collection<PaymentBatchDoc>(PAYMENT_BATCHES)
    .where({ filesLive: true })
    .limit(100)
    .get();
  let deleted = 0;
  for (const batch of data) {
    try {
      deleted += await purgeBankFiles(ctx, batch, batch.status === 'completed' ? 'completed' : 'expired');
    } catch (error) {
      ctx.log.warn('bank file deletion failed; retried next run', { batchId: batch._id, error: String(error) });
    }
  }
  return deleted;
}

type PaymentHandlers = Pick<
  Handlers<typeof aidContract>,
  'createPaymentBatch' | 'paymentBatch' | 'exportBankFile' | 'recordPayment' | 'retryFailed'
>;

/** Creating a batch first lets the notice's cases pass it, for at most 8 s of the function's 20 s. */
const PAYMENT_EXPIRY_BUDGET_MS = 8_000;

export const paymentHandlers: PaymentHandlers = {
  async createPaymentBatch({ noticeId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const notice = await findById<NoticeDoc>(ctx.db, NOTICES, noticeId);
    if (!notice || notice.status === 'publishing') throw notFound('公示不存在');
    if (ctx.now().getTime() < new Date(notice.endsAt).getTime())
      throw new AppError('PRECONDITION_FAILED', `公示期至${notice.endsOn}，期满后才能发放`);
    if ((await openObjectionCases(ctx, noticeId)).size > 0)
      throw new AppError('PRECONDITION_FAILED', '公示有未处理的异议，处理完毕后才能发放');
    // The notice's cases pass it first (a resumable job); until that is complete nothing is written.
    const expiry = await expireNotices(ctx, noticeId, jobBudgetMs(PAYMENT_EXPIRY_BUDGET_MS));
    if (!expiry.complete) throw new AppError('PRECONDITION_FAILED', '公示期满的名单仍在处理中，请一分钟后再试');
    const batchId = `pb-${noticeId}`;
    let batch = await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, batchId);
    const due = await casesIn(ctx, notice.caseIds, AID.state.notice_passed);
    // Nothing to pay and no batch yet: refuse before writing anything.
    if (!batch && due.length === 0) throw new AppError('PRECONDITION_FAILED', '该公示没有待发放的申请');
    if (!batch) {
      batch = {
        _id: batchId,
        roundId: notice.roundId,
        noticeId,
        retryOf: null,
        status: 'open',
        caseIds: [],
        totalFen: 0,
        exports: [],
        createdAt: ctx.now(),
        createdBy: actor.staff?.staffId ?? '',
      };
      try {
        await ctx.db.collection(PAYMENT_BATCHES).add({ data: batch });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        batch = (await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, batchId)) as PaymentBatchDoc;
      }
    }
    const added = await addPayments(ctx, batchId, await applicationsOf(ctx, due));
    const payments = await batchPayments(ctx, batchId);
    await ctx.db
      .collection(PAYMENT_BATCHES)
      .doc(batchId)
      .update({
        data: { caseIds: payments.map((p) => p.caseId), totalFen: payments.reduce((s, p) => s + p.amountFen, 0) },
      });
    if (added > 0) {
      await writeAudit(ctx, {
        action: 'aid.createPaymentBatch',
        targetType: 'payment_batch',
        targetId: batchId,
        detail: { added },
        actor,
      });
    }
    if (payments.length === 0) throw new AppError('PRECONDITION_FAILED', '该公示没有待发放的申请');
    return batchView(ctx, batch);
  },

  async paymentBatch({ batchId }, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    return batchView(ctx, await requireBatch(ctx, batchId));
  },

  async exportBankFile({ batchId, format, fileID }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const batch = await requireBatch(ctx, batchId);
    const pending = (await batchPayments(ctx, batchId)).filter((p) => p.status === 'pending');
    const totalFen = pending.reduce((s, p) => s + p.amountFen, 0);
    if (fileID) {
      // An earlier export again: only while it is still in storage (never a deleted file).
      const i = batch.exports.findIndex((e) => e.fileID === fileID);
      if (i < 0) throw new AppError('NOT_FOUND', '导出文件不存在', 'fileID');
      const e = batch.exports[i];
      if (!e.deletedAt && ctx.now().getTime() - new Date(e.at).getTime() >= BANK_FILE_TTL_MS)
        await purgeBankFiles(ctx, batch, 'expired');
      const current = (await requireBatch(ctx, batchId)).exports[i];
      if (current.deletedAt)
        throw new AppError('PRECONDITION_FAILED', '该导出文件已删除，不能再次下载；如需发放请重新导出', 'fileID');
      const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }] })) as {
        fileList: { fileID: string; tempFileURL: string }[];
      };
      await writeAudit(ctx, {
        action: 'aid.serveBankFile',
        targetType: 'payment_batch',
        targetId: batchId,
        detail: { format: e.format },
        actor,
      });
      return {
        fileID,
        tempFileURL: temp.fileList[0]?.tempFileURL ?? '',
        count: pending.length,
        totalFen,
        deleteBy: new Date(new Date(e.at).getTime() + BANK_FILE_TTL_MS).toISOString(),
      };
    }
    if (pending.length === 0) throw new AppError('PRECONDITION_FAILED', '该批次没有待发放的记录');
    const fmt = format ?? 'csv';
    const content = await bankFile(pending, fmt, '工会帮扶资金');
    const cloudPath = `aid-exports/${batchId}/${chinaDate(ctx.now())}-${newId()}.${fmt}`;
    const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
    const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
      fileList: { fileID: string; tempFileURL: string }[];
    };
    const at = ctx.now();
    const exportRecord: BankFileExport = {
      fileID: uploaded.fileID,
      format: fmt,
      at,
      by: actor.staff?.staffId ?? '',
      deletedAt: null,
    };
    await ctx.db
      .collection(PAYMENT_BATCHES)
      .doc(batchId)
      .update({
        data: {
          status: batch.status === 'open' ? 'exported' : batch.status,
          exports: ctx.db.command.push(exportRecord),
          filesLive: true,
        },
      });
    await writeAudit(ctx, {
      action: 'aid.exportBankFile',
      targetType: 'payment_batch',
      targetId: batchId,
      detail: { format: fmt, count: pending.length, totalFen },
      actor,
    });
    return {
      fileID: uploaded.fileID,
      tempFileURL: temp.fileList[0]?.tempFileURL ?? '',
      count: pending.length,
      totalFen,
      deleteBy: new Date(at.getTime() + BANK_FILE_TTL_MS).toISOString(),
    };
  },

  async recordPayment({ paymentId, result, paidOn, failureReason }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const payment = await findById<PaymentDoc>(ctx.db, PAYMENTS, paymentId);
    if (!payment) throw notFound('发放记录不存在');
    const settled = async (): Promise<PaymentView> => {
      // Wait briefly for a concurrent recording to finish, then answer what was recorded.
      for (let i = 0; i < 100; i += 1) {
        const p = await findById<PaymentDoc>(ctx.db, PAYMENTS, paymentId);
        if (p && p.status !== 'recording') {
          if (p.status === result) return paymentView(p);
          throw new AppError(
            'PRECONDITION_FAILED',
            `该记录已登记为${p.status === 'paid' ? '发放成功' : p.status === 'failed' ? '发放失败' : '待发放'}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new AppError('CONFLICT', '该记录正被他人登记，请稍后刷新');
    };
    if (payment.status !== 'pending') return settled();
    // Claim, move the case, finish — or put the payment back to pending (the one saga mechanism).
    const run = await runClaimedStep(ctx, PAYMENT_RECORDING, payment, {
      result,
      ...(paidOn !== undefined ? { paidOn } : {}),
      ...(failureReason !== undefined ? { failureReason } : {}),
    });
    if (!run.claimed) return settled();
    const patch = run.patch as Partial<PaymentDoc>;
    if (result === 'paid' && typeof patch.paidOn === 'string') await noteHelpInArchive(ctx, payment, patch.paidOn);
    const remaining = (await batchPayments(ctx, payment.batchId)).filter(
      (p) => p.status === 'pending' || p.status === 'recording',
    );
    if (remaining.length === 0) {
      await ctx.db
        .collection(PAYMENT_BATCHES)
        .doc(payment.batchId)
        .update({ data: { status: 'completed' } });
      // Fully recorded: the bank files (full card numbers) leave storage now; the timer retries a failure.
      const done = await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, payment.batchId);
      if (done)
        await purgeBankFiles(ctx, done, 'completed').catch((error: unknown) =>
          ctx.log.warn('bank file deletion failed; the timer retries', { batchId: done._id, error: String(error) }),
        );
    }
    await writeAudit(ctx, {
      action: 'aid.recordPayment',
      targetType: 'payment',
      targetId: paymentId,
      detail: { result },
      actor,
    });
    return paymentView({ ...payment, ...patch });
  },

  async retryFailed({ batchId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const batch = await requireBatch(ctx, batchId);
    const failed = (await batchPayments(ctx, batchId)).filter((p) => p.status === 'failed');
    const apps = await applicationsOf(
      ctx,
      failed.map((p) => p.caseId),
    );
    const corrected = apps.filter((a) => {
      const p = failed.find((f) => f.caseId === a.caseId);
      return p && p.recordedAt && new Date(a.bankCard.updatedAt).getTime() > new Date(p.recordedAt).getTime();
    });
    const ready: ApplicationDoc[] = [];
    for (const a of corrected)
      if ((await getCase(ctx.db, a.caseId as string))?.status === AID.state.payment_failed) ready.push(a);
    if (ready.length === 0) throw new AppError('PRECONDITION_FAILED', '没有已更正银行卡、可重新发放的失败记录');
    const earlier = await readAll<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, { noticeId: batch.noticeId });
    const retryId = `${batch._id.replace(/-r\d+$/, '')}-r${earlier.length}`;
    const retry: PaymentBatchDoc = {
      ...batch,
      _id: retryId,
      retryOf: batch._id,
      status: 'open',
      caseIds: [],
      totalFen: 0,
      exports: [],
      createdAt: ctx.now(),
      createdBy: actor.staff?.staffId ?? '',
    };
    try {
      await ctx.db.collection(PAYMENT_BATCHES).add({ data: retry });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const added = await addPayments(ctx, retryId, ready);
    const payments = await batchPayments(ctx, retryId);
    await ctx.db
      .collection(PAYMENT_BATCHES)
      .doc(retryId)
      .update({
        data: { caseIds: payments.map((p) => p.caseId), totalFen: payments.reduce((s, p) => s + p.amountFen, 0) },
      });
    await writeAudit(ctx, {
      action: 'aid.retryFailed',
      targetType: 'payment_batch',
      targetId: retryId,
      detail: { added },
      actor,
    });
    return batchView(ctx, (await findById<PaymentBatchDoc>(ctx.db, PAYMENT_BATCHES, retryId)) as PaymentBatchDoc);
  },
};
