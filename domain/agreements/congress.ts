/**
 * Workers' congresses (职代会): sessions recorded per enterprise, with their rules checked (research §4, Y1–Y9) —
 * 100 or more workers meet as a congress of delegates, fewer as an assembly of all; at least 30 delegates for
 * 100–1,000 workers, 100 for 1,000–10,000, 150 above; front-line workers ≥ 50% and middle managers and above ≤ 20%
 * of the delegates; two thirds present; a resolution passes with more than half of ALL delegates. Held at least
 * once a year: the views list enterprises without a session this year.
 */
import { chinaDate } from '../../common/china-time';
import { CONGRESS_FORM_LABELS, type CongressSession } from '../../typings/agreements';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import type { Enterprise } from './enterprises';

export const CONGRESS_SESSIONS = 'congress_sessions';

export interface SessionDoc extends CongressSession {
  _id: string;
  unitName: string;
  townId: string;
  villageId: string | null;
  path: string[];
  /** `YYYY` of `heldOn` (the yearly check). */
  year: string;
  recordedBy: string;
  demo: boolean;
  createdAt: Date;
}

/** The fewest delegates a congress of `employees` workers may have (0: an assembly of all, no minimum). */
export function minDelegates(employees: number): number {
  if (employees < 100) return 0;
  if (employees <= 1000) return 30;
  if (employees <= 10_000) return 100;
  return 150;
}

/** The first rule a session breaks, as the field and the words; null when it keeps them all. */
export function sessionRefusal(s: CongressSession, employees: number): { field: string; message: string } | null {
  const total = s.delegatesTotal;
  if (s.form === 'delegates' && employees < 100)
    return { field: 'form', message: `职工 ${employees} 人（不足 100 人）的单位应召开职工大会` };
  if (s.form === 'assembly' && total > employees)
    return { field: 'delegatesTotal', message: `职工大会应到人数不能多于职工人数（${employees} 人）` };
  const min = s.form === 'delegates' ? minDelegates(employees) : 0;
  if (total < min) return { field: 'delegatesTotal', message: `职工 ${employees} 人的单位，职工代表不少于 ${min} 名` };
  if (s.present > total) return { field: 'present', message: '实到人数不能多于应到人数' };
  if (s.present * 3 < total * 2)
    return {
      field: 'present',
      message: `实到 ${s.present} 人，不足应到 ${total} 人的三分之二（至少 ${Math.ceil((total * 2) / 3)} 人），会议无效`,
    };
  if (s.form === 'delegates') {
    if (s.frontLine + s.managers > total)
      return { field: 'frontLine', message: '一线职工和管理人员代表合计不能多于代表总数' };
    if (s.frontLine * 2 < total)
      return {
        field: 'frontLine',
        message: `一线职工代表 ${s.frontLine} 名，不足代表总数的 50%（至少 ${Math.ceil(total / 2)} 名）`,
      };
    if (s.managers * 5 > total)
      return {
        field: 'managers',
        message: `中层以上管理人员代表 ${s.managers} 名，超过代表总数的 20%（至多 ${Math.floor(total / 5)} 名）`,
      };
  }
  if (s.women > total) return { field: 'women', message: '女职工代表人数不能多于代表总数' };
  for (const [i, r] of s.resolutions.entries())
    if (r.inFavour + r.against + r.abstain > s.present)
      return { field: `resolutions.${i}.inFavour`, message: `“${r.title}”的票数合计不能多于实到人数` };
  return null;
}

/** A session in words for people. */
export function sessionLines(s: CongressSession): string[] {
  const rate = Math.round((s.present / s.delegatesTotal) * 1000) / 10;
  return [
    `${s.heldOn} 第 ${s.termNo} 届第 ${s.sessionNo} 次${CONGRESS_FORM_LABELS[s.form]}：应到 ${s.delegatesTotal} 人，实到 ${s.present} 人（${rate}%）`,
    ...(s.form === 'delegates'
      ? [`代表构成：一线职工 ${s.frontLine} 名，中层以上管理人员 ${s.managers} 名，女职工 ${s.women} 名`]
      : []),
    `议程：${s.agenda.join('；')}`,
    ...s.resolutions.map(
      (r) =>
        `决议“${r.title}”：赞成 ${r.inFavour}，反对 ${r.against}，弃权 ${r.abstain}，${r.inFavour * 2 > s.delegatesTotal ? '通过' : '未通过'}`,
    ),
    ...s.openAffairs.map((o) => `厂务公开：${o.disclosedOn} ${o.item}`),
  ];
}

/** Record a session: its rules checked, one per 届/次 of an enterprise. */
export async function recordSession(
  ctx: HandlerContext,
  unit: Enterprise,
  s: CongressSession,
  staffId: string,
): Promise<SessionDoc> {
  const today = chinaDate(ctx.now());
  if (s.heldOn > today) throw invalid('heldOn', `会议日期不能晚于今天（${today}）`);
  for (const [i, o] of s.openAffairs.entries())
    if (o.disclosedOn > today) throw invalid(`openAffairs.${i}.disclosedOn`, `公开日期不能晚于今天（${today}）`);
  const refusal = sessionRefusal(s, unit.employees);
  if (refusal) throw invalid(refusal.field, refusal.message);
  const _id = `${unit._id}:${s.termNo}:${s.sessionNo}`;
  const { data: existing } = await ctx.db.collection(CONGRESS_SESSIONS).where({ _id }).limit(1).get();
  if (existing.length) throw new AppError('DUPLICATE', `第 ${s.termNo} 届第 ${s.sessionNo} 次会议已登记`, 'sessionNo');
  const doc: SessionDoc = {
    ...s,
    _id,
    unitName: unit.name,
    townId: unit.townId,
    villageId: unit.villageId,
    path: unit.path,
    year: s.heldOn.slice(0, 4),
    recordedBy: staffId,
    demo: false,
    createdAt: ctx.now(),
  };
  try {
    await ctx.db.collection(CONGRESS_SESSIONS).add({ data: doc });
  } catch {
    // Two at once: the unique id let one in.
    throw new AppError('DUPLICATE', `第 ${s.termNo} 届第 ${s.sessionNo} 次会议已登记`, 'sessionNo');
  }
  return doc;
}
