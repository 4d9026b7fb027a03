/**
 * The founded union enters the registry (the town's `register` step) and keeps its certificate there:
 * - before the step commits (`registerInput.confirm`): the enterprise is not covered by another union, and the
 *   town's federation (the new union's parent) is on record — refused with the reason otherwise;
 * - after it (`enterRegistry`, the declaration's `onTransition`, retried as an incident): the unit (found by its
 *   credit code, or added from the request), the union — type, parent, covered unit, founding date (the 批复's),
 *   members, chairman and committee with the elected term, the 批复 文号 — and its members: the 预备会员 the town
 *   held for this unit move over, and the workers who joined through the group's link are admitted. Idempotent:
 *   the union's id is the case's, every write checks what is already there;
 * - the legal-person certificate reported or renewed: its code and validity are written on the union.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { opinion, type InputDecl } from '../cases/inputs';
import { getCase, type CaseDoc } from '../cases/store';
import type { CaseSnapshot } from '../cases/declaration';
import type { Certificate, FoundingForm } from '../../typings/founding';
import type { Industry } from '../../typings/registry';
import { gridNodes, placeOf } from '../registry/scope';
import { getUnionRecord, writeUnion } from '../registry/unions';
import { UNIONS, UNITS, type OfficerRecord, type UnionRecord, type UnitRecord } from '../registry/store';
import { takePendingMembers } from '../membership/members';
import { approvalOf, certificateInput, foundingData, type FoundingData } from './inputs';

/** The registry id of the union a founding creates: one per founding, so a retried entry finds it. */
export const foundingUnionId = (caseId: string): string => `founding-${caseId}`;

async function unitByCode(ctx: Pick<HandlerContext, 'db'>, creditCode: string): Promise<UnitRecord | null> {
  const { data } = await ctx.db.collection<UnitRecord>(UNITS).where({ creditCode }).limit(1).get();
  return data[0] ?? null;
}

async function federationOf(ctx: Pick<HandlerContext, 'db'>, townId: string): Promise<UnionRecord | null> {
  const { data } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where({ townId, type: 'town_federation' })
    .limit(1)
    .get();
  return data[0] ?? null;
}

/** Why the union cannot enter the registry now, or null. */
export async function registryObstacle(
  ctx: Pick<HandlerContext, 'db'>,
  caseId: string,
  c: Pick<CaseSnapshot, 'form'>,
): Promise<string | null> {
  const form = c.form as FoundingForm;
  const unit = await unitByCode(ctx, form.creditCode);
  if (unit?.unionId && unit.unionId !== foundingUnionId(caseId)) {
    const holder = await getUnionRecord(ctx, unit.unionId);
    return `该单位已由“${holder?.name ?? '其他工会'}”覆盖，不能再录入新的工会；请核实后退回或联系市总工会`;
  }
  if (!(await federationOf(ctx, form.townId)))
    return '本乡镇（街道）工会联合会尚未录入工会组织库，新工会没有上级工会；请先在“基础信息”中录入联合会';
  return null;
}

/** The town's note on the registry step; the step is refused (with the reason) when the union cannot enter. */
export const registerInput: InputDecl<string> = {
  ...opinion('录入说明'),
  async confirm(value, at) {
    const obstacle = await registryObstacle(at.ctx, at.caseId, at.case);
    if (obstacle) throw new AppError('PRECONDITION_FAILED', obstacle, at.field);
    return { value };
  },
};

/** 国民经济行业分类 section of the request's free-text industry (the town corrects it in the registry if need be). */
const INDUSTRY_WORDS: readonly [RegExp, Industry][] = [
  [/农|林|牧|渔|养殖|种植/, 'A'],
  [/矿/, 'B'],
  [/电力|燃气|供水|热力/, 'D'],
  [/建筑|建设|装修|工程/, 'E'],
  [/批发|零售|商贸|超市|贸易/, 'F'],
  [/运输|物流|仓储|快递|邮政/, 'G'],
  [/餐饮|酒店|住宿|宾馆/, 'H'],
  [/软件|信息|互联网|通信/, 'I'],
  [/金融|银行|保险/, 'J'],
  [/房地产|物业/, 'K'],
  [/教育|培训|学校/, 'P'],
  [/医|卫生|养老/, 'Q'],
  [/制造|加工|机械|电子|化工|纺织|服装|食品|材料|印刷/, 'C'],
];
export const industryOf = (text: string): Industry => INDUSTRY_WORDS.find(([re]) => re.test(text))?.[1] ?? 'O';

/**
 * The unit of the founding: the registry's, or added from the request (marked as written by the founding) — at the
 * first worker's joining, whose 入会申请 names it, or at the registry step.
 */
export async function ensureUnit(ctx: HandlerContext, c: CaseDoc): Promise<UnitRecord> {
  const form = c.form as FoundingForm;
  const found = await unitByCode(ctx, form.creditCode);
  if (found) return found;
  const now = ctx.now();
  const place = placeOf(await gridNodes(ctx), form.townId, null, 'form.');
  const unit: UnitRecord = {
    _id: `founding-unit-${c._id}`,
    name: form.unitName,
    creditCode: form.creditCode,
    creditCodeWarning: false,
    type: 'enterprise',
    economicType: 'private',
    industry: industryOf(form.industry),
    employees: form.employees,
    womenEmployees: form.womenEmployees,
    address: form.address,
    legalRep: form.legalRep,
    contactName: null,
    contactPhoneEnc: null,
    contactPhoneHash: null,
    unionId: null,
    ...place,
    version: 0,
    demo: false,
    source: 'founding',
    createdAt: now,
    updatedAt: now,
    updatedBy: null,
  };
  try {
    await ctx.db.collection(UNITS).add({ data: unit });
    return unit;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const raced = await unitByCode(ctx, form.creditCode);
    if (!raced) throw error;
    return raced;
  }
}

/** The officers the election and the 批复 gave: the chairman and the committee with the approved term. */
export function officersOf(data: FoundingData): Pick<UnionRecord, 'chairman' | 'committee'> {
  const approval = approvalOf(data);
  const outcome = data.outcome;
  if (!approval || !outcome) return { chairman: null, committee: [] };
  const term = { termStart: approval.issuedOn, termEnd: approval.termEnd };
  const committee: OfficerRecord[] = outcome.committee
    .filter((name) => name !== outcome.chairman)
    .map((name) => ({ name, post: 'member', ...term }));
  if (outcome.audit.length === 1) committee.push({ name: outcome.audit[0], post: 'audit_head', ...term });
  if (data.womenCommittee) committee.push({ name: data.womenCommittee.chair, post: 'women_head', ...term });
  return { chairman: { name: outcome.chairman, post: 'chairman', ...term }, committee };
}

/** The union as the founding made it. */
export function foundedUnion(c: CaseDoc, unit: UnitRecord, parent: UnionRecord | null, now: Date): UnionRecord | null {
  const data = foundingData(c);
  const approval = approvalOf(data);
  if (!approval || !data.profile) return null;
  const _id = foundingUnionId(c._id);
  return {
    _id,
    name: data.profile.unionName,
    creditCode: null,
    creditKey: `none:${_id}`,
    creditCodeWarning: false,
    type: 'enterprise',
    parentUnionId: parent?._id ?? null,
    unitIds: [unit._id],
    foundedOn: approval.issuedOn,
    memberCount: data.members ?? 0,
    ...officersOf(data),
    certificateValidUntil: null,
    approval: { caseId: c._id, docNumber: approval.docNumber, issuedOn: approval.issuedOn },
    townId: unit.townId,
    villageId: unit.villageId,
    path: unit.path,
    version: 0,
    demo: false,
    source: 'founding',
    createdAt: now,
    updatedAt: now,
    updatedBy: null,
  };
}

/** Write the founded union, its unit's cover and its members (the `register` step's effect). */
export async function enterRegistry(ctx: HandlerContext, caseId: string): Promise<UnionRecord | null> {
  const c = await getCase(ctx.db, caseId);
  if (!c) return null;
  const form = c.form as FoundingForm;
  const unit = await ensureUnit(ctx, c);
  let union = await getUnionRecord(ctx, foundingUnionId(caseId));
  if (!union) {
    union = foundedUnion(c, unit, await federationOf(ctx, form.townId), ctx.now());
    if (!union) throw new Error(`founding ${caseId}: the 批复 or the profile is missing`);
    // Writing the union takes the unit's 预备会员: the workers whose 入会申请 through the link was approved.
    await writeUnion(ctx, union, null, []);
  } else {
    await takePendingMembers(ctx, union);
  }
  ctx.log.info('founding entered the registry', { caseId });
  return union;
}

/** The certificate reported (or renewed): its code and validity on the union. */
export async function recordCertificate(ctx: HandlerContext, caseId: string): Promise<void> {
  const c = await getCase(ctx.db, caseId);
  const cert = c ? foundingData(c).certificate : undefined;
  const union = await getUnionRecord(ctx, foundingUnionId(caseId));
  if (!cert || !union) return;
  if (union.creditCode === cert.unionCreditCode && union.certificateValidUntil === cert.validUntil) return;
  await ctx.db
    .collection(UNIONS)
    .doc(union._id)
    .update({
      data: {
        creditCode: cert.unionCreditCode,
        creditKey: cert.unionCreditCode,
        certificateValidUntil: cert.validUntil,
        version: union.version + 1,
        updatedAt: ctx.now(),
      },
    });
}

/** The certificate step: the input's own checks, and the union's code may not be another union's. */
export const certificateStepInput: InputDecl<Certificate> = {
  ...certificateInput,
  async confirm(value, at) {
    const out = certificateInput.confirm ? await certificateInput.confirm(value, at) : { value };
    const { data } = await at.ctx.db
      .collection<UnionRecord>(UNIONS)
      .where({ creditKey: value.unionCreditCode })
      .limit(1)
      .get();
    if (data[0] && data[0]._id !== foundingUnionId(at.caseId))
      throw new AppError(
        'CONFLICT',
        `统一社会信用代码已登记为“${data[0].name}”，请核对证书`,
        `${at.field}.unionCreditCode`,
      );
    return out;
  },
};
