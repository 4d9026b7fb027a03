/**
 * Figures of the aid programmes (金秋助学, 困难帮扶): per programme, and per round (the latest rounds, as data):
 * applied, in review, approved, in notice, paid, and the amounts approved and paid.
 */
import { PROGRAMMES, PROGRAMME_NAMES, type Programme } from '../../../typings/aid';
import { AID } from '../../aid/case-types';
import { AID_ROUNDS, type RoundDoc } from '../../aid/store';
import { registerSection, type FigureDecl, type FigureEnv, type FigureGroupDecl } from '../declaration';

/** Rounds shown one by one (newest first); older rounds count in the programme totals. */
const ROUNDS_SHOWN = 4;

const APPROVED = [...AID.inPayment, 'paid'];

function roundFigures(prefix: string, base: (env: FigureEnv) => Record<string, unknown>): FigureDecl[] {
  const states = (list: readonly string[]) => (env: FigureEnv) => ({ ...base(env), status: env.cmd.in([...list]) });
  return [
    { kind: 'count', key: `${prefix}applied`, label: '申请', where: base },
    { kind: 'count', key: `${prefix}in_review`, label: '审核中', where: states(AID.review) },
    {
      kind: 'count',
      key: `${prefix}approved`,
      label: '审批通过',
      hint: '市总审批通过（含公示中、待发放、已发放）',
      where: states(APPROVED),
    },
    { kind: 'count', key: `${prefix}in_notice`, label: '公示中', where: states(['in_notice']) },
    { kind: 'count', key: `${prefix}paid`, label: '已发放', where: states(['paid']) },
    {
      kind: 'sum',
      key: `${prefix}approved_amount`,
      label: '核定金额',
      unit: 'money',
      field: 'form.amountFen',
      where: states(APPROVED),
    },
    {
      kind: 'sum',
      key: `${prefix}paid_amount`,
      label: '已发放金额',
      unit: 'money',
      field: 'form.amountFen',
      where: states(['paid']),
    },
  ];
}

registerSection({
  key: 'aid',
  title: '困难帮扶与金秋助学',
  order: 30,
  groups: PROGRAMMES.map((p: Programme): FigureGroupDecl => ({
    title: `${PROGRAMME_NAMES[p]}（历年合计）`,
    figures: roundFigures(`${p}_`, () => ({ type: p })),
  })),
  dynamicGroups: async (ctx) => {
    const { data } = await ctx.db
      .collection<RoundDoc>(AID_ROUNDS)
      .orderBy('createdAt', 'desc')
      .limit(ROUNDS_SHOWN)
      .field({ _id: true, config: true })
      .get();
    return data.map((r) => ({
      title: r.config.title,
      figures: roundFigures(`${r._id}.`, () => ({ type: r.config.programme, 'form.roundId': r._id })),
    }));
  },
  trends: [{ key: 'applied', label: '每月申请（两项合计）', where: (env) => ({ type: env.cmd.in([...PROGRAMMES]) }) }],
  ranking: { title: '帮扶排名', columns: ['student_aid_applied', 'hardship_aid_applied', 'hardship_aid_paid_amount'] },
});
