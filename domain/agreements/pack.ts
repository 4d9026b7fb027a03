/**
 * The filing pack (报送材料, research §4 C7): what the labour department asks for, each item with whether the case
 * has it on record, and the pack as an xlsx workbook (exceljs) — the checklist, the contract's particulars, the
 * workers' congress vote with its counts, and the steps of the talks.
 */
import ExcelJS from 'exceljs';
import {
  AGREEMENT_KIND_LABELS,
  type AgreementForm,
  type DraftRecord,
  type FilingPackItem,
} from '../../typings/agreements';
import type { CaseDoc, HistoryDoc } from '../cases/store';
import { inputLines } from '../cases/inputs';
import { verbLabel } from '../cases/verbs';
import { chinaDate } from '../../common/china-time';
import { agreementCaseType } from './case-type';
import type { Enterprise } from './enterprises';
import { agreementData } from './inputs';
import { voteOutcome } from './rules';

/** The draft as last recorded (names of the chief negotiators, the term). */
function lastDraft(history: readonly HistoryDoc[]): DraftRecord | null {
  for (const h of [...history].reverse()) {
    const draft = h.inputs?.draft;
    if (draft) return draft as DraftRecord;
  }
  return null;
}

export function packItems(c: CaseDoc, unit: Enterprise | null, history: readonly HistoryDoc[]): FilingPackItem[] {
  const form = c.form as unknown as AgreementForm;
  const d = agreementData(c);
  const draft = lastDraft(history);
  const special: FilingPackItem =
    form.kind === 'wage'
      ? {
          item: '工资情况说明（上年度职工平均工资、本年度增长幅度、覆盖职工人数、工资分配制度）',
          onRecord: Boolean(d.dataOn),
          detail: d.dataOn ? `企业已于 ${d.dataOn} 提供工资和财务资料` : '企业尚未提供工资和财务资料',
        }
      : form.kind === 'safety'
        ? { item: '安全生产情况说明（危险岗位、岗位人数、防护措施）', onRecord: false, detail: '需另附' }
        : form.kind === 'women'
          ? { item: '女职工权益保护情况说明', onRecord: false, detail: '需另附' }
          : { item: '上一期集体合同履行情况', onRecord: false, detail: '需另附' };
  return [
    {
      item: '集体合同文本',
      onRecord: Boolean(draft),
      detail: draft ? `期限 ${draft.termYears} 年，自 ${draft.startsOn} 起至 ${d.endsOn ?? ''}` : '尚未形成草案',
    },
    {
      item: '协商情况说明（协商代表产生、协商过程、主要议题）',
      onRecord: Boolean(d.answeredOn),
      detail: d.answeredOn ? `要约 ${form.offeredOn}，书面回应 ${d.answeredOn}` : '尚未书面回应',
    },
    special,
    {
      item: '用人单位和工会主体资格证明',
      onRecord: Boolean(unit?.creditCode),
      detail: unit?.creditCode ? `统一社会信用代码 ${unit.creditCode}` : '单位信息不全',
    },
    {
      item: '职工代表大会决议（含出席人数和表决票数）',
      onRecord: Boolean(d.vote?.passed),
      detail: d.vote ? voteOutcome(d.vote).words : '尚未表决',
    },
    {
      item: '双方首席代表身份证明及授权委托书',
      onRecord: false,
      detail: draft
        ? `职工方 ${draft.unionChief}，企业方 ${draft.enterpriseChief}（身份证明需另附）`
        : '尚未确定首席代表',
    },
    {
      item: '双方首席代表签字的协商记录',
      onRecord: Boolean(d.signedOn),
      detail: d.signedOn ? `${d.signedOn} 签字` : '尚未签字',
    },
  ];
}

/** The steps of the case in words, oldest first. */
export function stepLines(history: readonly HistoryDoc[]): { on: string; step: string; record: string }[] {
  return history.map((h) => ({
    on: chinaDate(new Date(h.at)),
    step: h.action === 'submit' ? '发出要约' : verbLabel(agreementCaseType, h.action),
    record: [...inputLines(agreementCaseType, h, 'staff'), h.reason ?? '', h.comment ?? ''].filter(Boolean).join('；'),
  }));
}

export async function packWorkbook(
  c: CaseDoc,
  unit: Enterprise | null,
  history: readonly HistoryDoc[],
): Promise<Buffer> {
  const form = c.form as unknown as AgreementForm;
  const d = agreementData(c);
  const draft = lastDraft(history);
  const wb = new ExcelJS.Workbook();
  const list = wb.addWorksheet('报送材料清单');
  list.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '材料', key: 'item', width: 48 },
    { header: '是否具备', key: 'ok', width: 10 },
    { header: '说明', key: 'detail', width: 50 },
  ];
  packItems(c, unit, history).forEach((p, i) =>
    list.addRow({ n: i + 1, item: p.item, ok: p.onRecord ? '已具备' : '需另附', detail: p.detail }),
  );
  list.getRow(1).font = { bold: true };
  const info = wb.addWorksheet('合同基本情况');
  const rows: [string, string][] = [
    ['单位名称', unit?.name ?? c.applicantName],
    ['统一社会信用代码', unit?.creditCode ?? ''],
    ['合同类型', AGREEMENT_KIND_LABELS[form.kind]],
    ['要约日期', form.offeredOn],
    ['合同期限', draft ? `${draft.termYears} 年` : ''],
    ['起止日期', d.startsOn && d.endsOn ? `${d.startsOn} 至 ${d.endsOn}` : ''],
    ['职工方首席代表', draft?.unionChief ?? ''],
    ['企业方首席代表', draft?.enterpriseChief ?? ''],
    ['签字日期', d.signedOn ?? ''],
    ['报送日期', d.filedOn ?? ''],
    ['受理部门', d.office ?? ''],
    ['报送份数', '3 份'],
  ];
  for (const r of rows) info.addRow(r);
  info.getColumn(1).width = 18;
  info.getColumn(2).width = 40;
  const vote = wb.addWorksheet('职代会表决');
  vote.addRow(['表决日期', '应到代表', '实到代表', '出席率', '赞成', '反对', '弃权', '结果']);
  if (d.vote) {
    const o = voteOutcome(d.vote);
    vote.addRow([
      d.votedOn ?? '',
      d.vote.delegatesTotal,
      d.vote.present,
      `${Math.round((d.vote.present / d.vote.delegatesTotal) * 1000) / 10}%`,
      d.vote.inFavour,
      d.vote.against,
      d.vote.abstain,
      o.passed ? '通过' : '未通过',
    ]);
  }
  vote.getRow(1).font = { bold: true };
  const steps = wb.addWorksheet('协商过程');
  steps.columns = [
    { header: '日期', key: 'on', width: 12 },
    { header: '环节', key: 'step', width: 18 },
    { header: '记录', key: 'record', width: 80 },
  ];
  for (const s of stepLines(history)) steps.addRow(s);
  steps.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
