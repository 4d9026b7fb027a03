/**
 * Figures of the aid programmes (金秋助学, 困难帮扶): per programme, and per round (the latest rounds, as data):
 * applied, in review, approved, in notice, paid, and the amounts approved and paid.
 */
import { PROGRAMMES, PROGRAMME_NAMES, type Programme } from '../../../typings/aid';
import { hardshipAidCaseType, studentAidCaseType } from '../../aid/case-types';
import type { Filter } from '../../runtime/db';
import { countFigures } from '../type-counts';
import { AID_ROUNDS, type RoundDoc } from '../../aid/store';
import { registerSection, type FigureDecl, type FigureEnv, type FigureGroupDecl } from '../declaration';

/** Rounds shown one by one (newest first); older rounds count in the programme totals. */
const ROUNDS_SHOWN = 4;

/** Per programme or per round: each of the programme's declared counts (`counts` on the aid types). */
const roundFigures = (p: Programme, prefix: string, extra?: (env: FigureEnv) => Filter): FigureDecl[] =>
  countFigures(p === 'student_aid' ? studentAidCaseType : hardshipAidCaseType, undefined, { prefix, extra });

registerSection({
  key: 'aid',
  title: '困难帮扶与金秋助学',
  order: 30,
  groups: PROGRAMMES.map((p: Programme): FigureGroupDecl => ({
    title: `${PROGRAMME_NAMES[p]}（历年合计）`,
    figures: roundFigures(p, `${p}_`),
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
      figures: roundFigures(r.config.programme, `${r._id}.`, () => ({ 'form.roundId': r._id })),
    }));
  },
  trends: [{ key: 'applied', label: '每月申请（两项合计）', where: (env) => ({ type: env.cmd.in([...PROGRAMMES]) }) }],
  ranking: { title: '帮扶排名', columns: ['student_aid_applied', 'hardship_aid_applied', 'hardship_aid_paid_amount'] },
});
