/** Handlers of the `cases` function: thin wiring of identity, the engine and the views. */
import type { casesContract } from '../../typings/cases';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { loadActor, requireStaff } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { listIncidents } from '../notify/outbox';
import { HOLIDAYS_COLLECTION } from '../calendar/holidays';
import { typeInfos } from './type-info';
import { findCaseType } from './registry';
import { relation, type EngineActor } from './machine';
import { actOnCase, requireCaseType, retryCaseIncident, submitCase, type EngineOptions } from './service';
import { resolveFiling } from './filing';
import { formFiles } from './forms';
import { checkImages } from '../content/image';
import { newUploadPath } from './uploads';
import { CASE_MESSAGES, CASES, getCase, getMessages, type CaseDoc } from './store';
import { fileLinks, type FileToShow } from '../files/links';
import { myCases, staffQueue } from './queue';
import { toDetail } from './views';
import { applicantPhone } from './contact';

/** A case the actor may see, or NOT_FOUND (never revealing whether it exists). */
async function visibleCase(ctx: HandlerContext, actor: EngineActor, caseId: string): Promise<CaseDoc> {
  const c = await getCase(ctx.db, caseId);
  if (!c || relation(c, actor) === 'none') throw notFound('事项不存在');
  return c;
}

/** The detail of a case the actor may see (its relation, or read-only where it was before); NOT_FOUND otherwise. */
async function detailOf(ctx: HandlerContext, actor: EngineActor, caseId: string) {
  const c = await getCase(ctx.db, caseId);
  if (!c) throw notFound('事项不存在');
  return toDetail(ctx, c, actor);
}

/** The `cases` function checks photos with imgSecCheck (declared in its config.json). */
const ENGINE: EngineOptions = { checkImages: (ctx, files) => checkImages(ctx, files) };

export const casesHandlers: Handlers<typeof casesContract> = {
  async types() {
    return { types: typeInfos() };
  },

  async uploadPath({ ext }, ctx) {
    if (!ctx.identity.openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再上传');
    return newUploadPath(ctx.identity.openid, ext, ctx.now());
  },

  async submit({ type, form, onBehalfOf }, ctx) {
    // Every submission carries a client request id, so a double tap or a network retry makes one case.
    if (!ctx.requestId)
      throw new AppError('INVALID_INPUT', '缺少请求编号（requestId），请更新小程序后重试', 'requestId');
    const actor = await loadActor(ctx);
    const filing = await resolveFiling(ctx, actor, requireCaseType(type), onBehalfOf);
    const id = await submitCase(ctx, actor, filing, type, form, ENGINE);
    return detailOf(ctx, actor, id);
  },

  async get({ caseId }, ctx) {
    return detailOf(ctx, await loadActor(ctx), caseId);
  },

  async files({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const c = await visibleCase(ctx, actor, caseId);
    const isStaff = relation(c, actor) === 'staff';
    const decl = findCaseType(c.type);
    // The form's files, then the thread's (a held message's only for staff and its author, as its text).
    const form: FileToShow[] = (decl ? formFiles(decl, c.form) : []).map((f, i) => ({
      ...f,
      label: `照片或材料 ${i + 1}`,
    }));
    const thread: FileToShow[] = (await getMessages(ctx.db, caseId))
      .filter((m) => !m.held || isStaff || m.authorOpenid === actor.openid)
      .flatMap((m) =>
        (m.attachments ?? []).map((fileID, i) => ({
          field: `message.${m._id}.${i}`,
          label: `${m.author === 'staff' ? '工作人员' : '申请人'}留言附件 ${i + 1}`,
          fileID,
        })),
      );
    const audit = isStaff ? { actor, targetType: 'case', targetId: caseId } : null;
    return { files: await fileLinks(ctx, [...form, ...thread], audit) };
  },

  async revealPhone({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const c = await visibleCase(ctx, actor, caseId);
    if (relation(c, actor) !== 'staff') throw new AppError('FORBIDDEN', '只有办理这件事的工作人员能看到完整号码');
    const phone = await applicantPhone(ctx.db, c);
    if (!phone) throw new AppError('NOT_FOUND', '申请人没有留手机号');
    await writeAudit(ctx, { action: 'case.revealPhone', targetType: 'case', targetId: caseId, actor });
    return { phone };
  },

  async mine(input, ctx) {
    const actor = await loadActor(ctx);
    return myCases(ctx, actor, input);
  },

  async act(input, ctx) {
    const actor = await loadActor(ctx);
    await actOnCase(ctx, actor, input, ENGINE);
    return detailOf(ctx, actor, input.caseId);
  },

  async queue(input, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    return staffQueue(ctx, actor, input);
  },

  async release({ caseId, messageId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    const c = await visibleCase(ctx, actor, caseId);
    if (relation(c, actor) !== 'staff') throw new AppError('FORBIDDEN', '不能审核自己提交的内容');
    if (messageId) {
      const res = await ctx.db
        .collection(CASE_MESSAGES)
        .where({ _id: messageId, caseId, held: true })
        .update({ data: { held: false } });
      if (res.stats.updated !== 1) throw new AppError('NOT_FOUND', '没有待审核的这条消息', 'messageId');
    } else {
      if (!c.held) throw new AppError('PRECONDITION_FAILED', '该事项没有待审核的内容');
      await ctx.db
        .collection(CASES)
        .where({ _id: caseId, held: true })
        .update({ data: { held: false, heldFields: [] } });
    }
    await writeAudit(ctx, {
      action: 'case.releaseContent',
      targetType: 'case',
      targetId: caseId,
      detail: { messageId: messageId ?? null },
      actor,
    });
    return toDetail(ctx, (await getCase(ctx.db, caseId)) as CaseDoc, actor);
  },

  async incidents({ cursor }, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    return listIncidents(ctx, cursor);
  },

  async retryIncident({ incidentId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const incident = await retryCaseIncident(ctx, incidentId);
    await writeAudit(ctx, {
      action: 'incident.retry',
      targetType: 'incident',
      targetId: incidentId,
      detail: { status: incident.status },
      actor,
    });
    return incident;
  },

  async setHoliday({ date, kind, name }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    await ctx.db
      .collection(HOLIDAYS_COLLECTION)
      .doc(date)
      .set({ data: { date, kind, name, updatedAt: ctx.now() } });
    await writeAudit(ctx, { action: 'calendar.set', targetType: 'holiday', targetId: date, detail: { kind }, actor });
    return { date, kind };
  },
};
