/**
 * Labour-contract signing (劳动合同签订) per enterprise: an indicator kept by the enterprise's union or the town —
 * employees, signed, the rate — one record per enterprise and date (recording the same date again replaces it).
 */
import type { LabourRecord } from '../../typings/agreements';
import type { HandlerContext } from '../runtime/context';
import { chinaDate } from '../../common/china-time';
import { invalid } from '../runtime/errors';
import type { Enterprise } from './enterprises';

export const LABOUR_RECORDS = 'labour_contract_records';

export interface LabourDoc extends LabourRecord {
  _id: string;
  unitName: string;
  townId: string;
  villageId: string | null;
  path: string[];
  recordedBy: string;
  demo: boolean;
  updatedAt: Date;
}

/** `98.5%` (one decimal). */
export const rateOf = (signed: number, employees: number) => `${Math.round((signed / employees) * 1000) / 10}%`;

export const labourLine = (r: Pick<LabourRecord, 'recordedOn' | 'employees' | 'signed'>) =>
  `${r.recordedOn}：职工 ${r.employees} 人，已签订劳动合同 ${r.signed} 人，签订率 ${rateOf(r.signed, r.employees)}`;

export async function recordLabour(
  ctx: HandlerContext,
  unit: Enterprise,
  r: LabourRecord,
  staffId: string,
): Promise<LabourDoc> {
  const today = chinaDate(ctx.now());
  if (r.recordedOn > today) throw invalid('recordedOn', `统计日期不能晚于今天（${today}）`);
  const doc: LabourDoc = {
    ...r,
    _id: `${unit._id}:${r.recordedOn}`,
    unitName: unit.name,
    townId: unit.townId,
    villageId: unit.villageId,
    path: unit.path,
    recordedBy: staffId,
    demo: false,
    updatedAt: ctx.now(),
  };
  const { _id, ...data } = doc;
  await ctx.db.collection(LABOUR_RECORDS).doc(_id).set({ data });
  return doc;
}
