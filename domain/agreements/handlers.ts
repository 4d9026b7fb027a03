/** Handlers of the `agreements` function (`typings/agreements.ts`): thin wiring of identity and the modules. */
import { randomBytes } from 'crypto';
import type { agreementsContract } from '../../typings/agreements';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { forbidden, invalid, notFound } from '../runtime/errors';
import { inScope, loadActor, requireStaff, type Actor, type StaffScope } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { relation } from '../cases/machine';
import { getCase, getHistory, type CaseDoc } from '../cases/store';
import { loadCalendar } from '../calendar/holidays';
import { chinaDate } from '../../common/china-time';
import { AGREEMENT_KIND_LABELS, type AgreementForm } from '../../typings/agreements';
import { agreementCaseType } from './case-type';
import { countdowns } from './deadlines';
import { findEnterprise, type Enterprise } from './enterprises';
import { gridIndex } from '../grid/cache';
import { readAll } from '../runtime/paging';
import { boardWorkbook, buildBoard, placeOf } from './board';
import { CONGRESS_SESSIONS, recordSession, sessionLines, type SessionDoc } from './congress';
import { LABOUR_RECORDS, labourLine, rateOf, recordLabour, type LabourDoc } from './labour';
import { AGREEMENT_RECORDS, type AgreementRecord } from './records';
import { packItems, packWorkbook, stepLines } from './pack';
import { addContact, contactLines, removeContact } from './contacts';
import { proposalLines } from './proposals';

/** A contract the caller may see as staff (their scope covers it); anything else does not exist for them. */
async function contractFor(ctx: HandlerContext, caseId: string): Promise<{ actor: Actor; c: CaseDoc }> {
  const actor = await loadActor(ctx);
  requireStaff(actor);
  const c = await getCase(ctx.db, caseId);
  if (!c || c.type !== agreementCaseType.type || relation(c, actor) !== 'staff') throw notFound('集体合同不存在');
  return { actor, c };
}

/** An enterprise inside the caller's scope (staff); outside it, it does not exist for them. */
async function unitFor(
  ctx: HandlerContext,
  unitId: string,
): Promise<{ actor: Actor; staff: StaffScope; unit: Enterprise }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const unit = await findEnterprise(ctx, unitId);
  if (!unit || !inScope(staff, unit.path)) throw invalid('unitId', '您的辖区内没有这个单位');
  return { actor, staff, unit };
}

/** An enterprise whose records the caller keeps: town staff of its town (the city and collectors read only). */
async function keeperFor(ctx: HandlerContext, unitId: string) {
  const found = await unitFor(ctx, unitId);
  if (found.staff.role !== 'town_staff') throw forbidden('由企业所在乡镇的工作人员登记');
  return found;
}

/** The audit entry of a change to an enterprise's union contacts (the person's id, no personal data). */
async function auditContact(ctx: HandlerContext, actor: Actor, action: string, unitId: string, personId: string) {
  const staff = actor.staff!;
  await writeAudit(ctx, {
    action,
    targetType: 'agreements',
    targetId: unitId,
    detail: { personId },
    actor: { openid: actor.openid, personId: actor.personId, staff: { ...staff, gridPath: [...staff.gridPath] } },
  });
}

/** The node a view is for (the caller's own by default), inside their scope, with its name. */
async function viewScope(ctx: HandlerContext, nodeId: string | undefined) {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const grid = await gridIndex(ctx.db);
  const node = grid.get(nodeId ?? staff.gridNodeId);
  if (!node) throw invalid('nodeId', '乡镇不存在');
  if (!inScope(staff, node.path)) throw forbidden('只能查看本辖区的情况');
  return { actor, staff, grid, path: node.path, name: node.level === 'city' ? '全市' : node.name };
}

/** The audit entry of an export. */
async function auditExport(ctx: HandlerContext, actor: Actor, action: string, targetId: string) {
  const staff = actor.staff!;
  await writeAudit(ctx, {
    action,
    targetType: 'agreements',
    targetId,
    detail: {},
    actor: { openid: actor.openid, personId: actor.personId, staff: { ...staff, gridPath: [...staff.gridPath] } },
  });
}

/** Upload a workbook and return a link valid 10 minutes. */
async function upload(ctx: HandlerContext, folder: string, content: Buffer): Promise<string> {
  const cloudPath = `agreement-exports/${folder}/${chinaDate(ctx.now())}-${randomBytes(6).toString('hex')}.xlsx`;
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
    fileList: { fileID: string; tempFileURL: string }[];
  };
  return temp.fileList[0]?.tempFileURL ?? '';
}

export const agreementsHandlers: Handlers<typeof agreementsContract> = {
  async outline({ caseId }, ctx) {
    const { c } = await contractFor(ctx, caseId);
    const [unit, history, cal] = await Promise.all([
      c.subject?.kind === 'organisation' ? findEnterprise(ctx, c.subject.orgId) : null,
      getHistory(ctx.db, c._id),
      loadCalendar(ctx.db, ctx.now()),
    ]);
    const form = c.form as unknown as AgreementForm;
    return {
      title: `${c.applicantName} · ${AGREEMENT_KIND_LABELS[form.kind]}`,
      statusLabel: agreementCaseType.states[c.status as keyof typeof agreementCaseType.states]?.label ?? '',
      countdowns: countdowns(c, cal, ctx.now()),
      pack: packItems(c, unit, history),
      lines: stepLines(history).map((s) => `${s.on} ${s.step}${s.record ? `：${s.record}` : ''}`),
      today: chinaDate(ctx.now()),
    };
  },

  async filingPack({ caseId }, ctx) {
    const { actor, c } = await contractFor(ctx, caseId);
    const unit = c.subject?.kind === 'organisation' ? await findEnterprise(ctx, c.subject.orgId) : null;
    const content = await packWorkbook(c, unit, await getHistory(ctx.db, c._id));
    const day = chinaDate(ctx.now());
    const url = await upload(ctx, c._id, content);
    await auditExport(ctx, actor, 'agreement.filingPack', c._id);
    const form = c.form as unknown as AgreementForm;
    return {
      url,
      fileName: `${AGREEMENT_KIND_LABELS[form.kind]}报送材料-${day}.xlsx`,
    };
  },
  async recordLabour(input, ctx) {
    const { staff, unit } = await keeperFor(ctx, input.unitId);
    const doc = await recordLabour(ctx, unit, input, staff.staffId);
    return { recordId: doc._id, rate: rateOf(doc.signed, doc.employees) };
  },

  async recordSession(input, ctx) {
    const { staff, unit } = await keeperFor(ctx, input.unitId);
    const doc = await recordSession(ctx, unit, input, staff.staffId);
    return { sessionId: doc._id, lines: sessionLines(doc) };
  },

  async board({ nodeId }, ctx) {
    const v = await viewScope(ctx, nodeId);
    return buildBoard(ctx, v.path, v.name, v.grid);
  },

  async exportBoard({ nodeId }, ctx) {
    const v = await viewScope(ctx, nodeId);
    const board = await buildBoard(ctx, v.path, v.name, v.grid);
    const node = v.path[v.path.length - 1];
    const url = await upload(ctx, node, await boardWorkbook(board));
    await auditExport(ctx, v.actor, 'agreement.exportBoard', node);
    return { url, fileName: `${v.name}集体合同和职代会-${chinaDate(ctx.now())}.xlsx` };
  },

  async addContact({ unitId, name, idNumber }, ctx) {
    const { actor, staff, unit } = await keeperFor(ctx, unitId);
    const personId = await addContact(ctx, unit, { name, idNumber }, staff.staffId);
    await auditContact(ctx, actor, 'agreement.addContact', unitId, personId);
    return { personId };
  },

  async removeContact({ unitId, personId }, ctx) {
    const { actor, staff, unit } = await keeperFor(ctx, unitId);
    await removeContact(ctx, unit, personId, staff.staffId);
    await auditContact(ctx, actor, 'agreement.removeContact', unitId, personId);
    return { personId };
  },

  async enterprise({ unitId }, ctx) {
    const { staff, unit } = await unitFor(ctx, unitId);
    const [grid, records, labour, sessions, cal, proposals, contacts] = await Promise.all([
      gridIndex(ctx.db),
      readAll<AgreementRecord>(ctx.db, AGREEMENT_RECORDS, { unitId }),
      readAll<LabourDoc>(ctx.db, LABOUR_RECORDS, { unitId }),
      readAll<SessionDoc>(ctx.db, CONGRESS_SESSIONS, { unitId }),
      loadCalendar(ctx.db, ctx.now()),
      proposalLines(ctx, unitId),
      contactLines(ctx, unitId),
    ]);
    records.sort((a, b) => (a.ended === b.ended ? b.offeredOn.localeCompare(a.offeredOn) : a.ended ? 1 : -1));
    const cases = await Promise.all(records.map((r) => getCase(ctx.db, r._id)));
    return {
      unitId,
      name: unit.name,
      place: placeOf(grid, unit),
      employees: unit.employees,
      today: chinaDate(ctx.now()),
      canRecord: staff.role === 'town_staff',
      proposals,
      contacts,
      contracts: records.map((r, i) => {
        const c = cases[i];
        const next = c ? countdowns(c, cal, ctx.now()).find((x) => x.key !== 'renewal') : undefined;
        return {
          caseId: r._id,
          kindLabel: r.kindLabel,
          statusLabel: r.statusLabel,
          next: next ? `${next.label}：${next.dueOn}（${next.words}）` : r.ended ? '已结束' : '',
        };
      }),
      labour: labour
        .sort((a, b) => b.recordedOn.localeCompare(a.recordedOn))
        .map((l) => ({ recordedOn: l.recordedOn, line: labourLine(l) })),
      sessions: sessions
        .sort((a, b) => b.heldOn.localeCompare(a.heldOn))
        .map((s) => ({
          sessionId: s._id,
          title: `第 ${s.termNo} 届第 ${s.sessionNo} 次（${s.heldOn}）`,
          lines: sessionLines(s),
        })),
    };
  },
};
