/** Rounds (批次) as data: the city administrator configures them; applicants see the open ones. */
import { readAll } from '../runtime/paging';
import type { RoundView, aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import { loadActor, requireStaff } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { CURRENT_RULES_VERSION } from './eligibility';
import { chinaDate } from '../../common/china-time';
import { AID_ROUNDS, POVERTY_LINES, findById, newId, povertyLineOf, type RoundDoc } from './store';

/** A round as the client sees it. */
export async function roundView(ctx: HandlerContext, round: RoundDoc): Promise<RoundView> {
  const today = chinaDate(ctx.now());
  return {
    roundId: round._id,
    status: round.status,
    config: round.config,
    rulesVersion: round.rulesVersion,
    povertyLineFen: await povertyLineOf(ctx.db, round.config.year),
    acceptingApplications: round.status === 'open' && today >= round.config.opensOn && today <= round.config.closesOn,
  };
}

/** A round or NOT_FOUND. */
export async function requireRound(ctx: HandlerContext, roundId: string): Promise<RoundDoc> {
  const round = await findById<RoundDoc>(ctx.db, AID_ROUNDS, roundId);
  if (!round) throw notFound('申报批次不存在');
  return round;
}

type RoundHandlers = Pick<Handlers<typeof aidContract>, 'rounds' | 'allRounds' | 'saveRound' | 'setPovertyLine'>;

export const roundHandlers: RoundHandlers = {
  async rounds(_input, ctx) {
    const data = await readAll<RoundDoc>(ctx.db, AID_ROUNDS, { status: 'open' });
    const views = await Promise.all(data.map((r) => roundView(ctx, r)));
    return { rounds: views.filter((r) => r.acceptingApplications) };
  },

  async allRounds(_input, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    const data = (await readAll<RoundDoc>(ctx.db, AID_ROUNDS, {})).sort(
      (a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime(),
    );
    return { rounds: await Promise.all(data.map((r) => roundView(ctx, r))) };
  },

  async saveRound({ roundId, status, config }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    const now = ctx.now();
    let round: RoundDoc;
    if (roundId) {
      const existing = await requireRound(ctx, roundId);
      if (existing.config.programme !== config.programme)
        throw new AppError('INVALID_INPUT', '批次的项目不能修改', 'config.programme');
      round = { ...existing, status, config, updatedAt: now };
      const { _id, ...rest } = round;
      await ctx.db.collection(AID_ROUNDS).doc(_id).set({ data: rest });
    } else {
      round = { _id: newId('r'), status, config, rulesVersion: CURRENT_RULES_VERSION, createdAt: now, updatedAt: now };
      await ctx.db.collection(AID_ROUNDS).add({ data: round });
    }
    await writeAudit(ctx, {
      action: 'aid.saveRound',
      targetType: 'aid_round',
      targetId: round._id,
      detail: { status, programme: config.programme },
      actor,
    });
    return roundView(ctx, round);
  },

  async setPovertyLine({ year, monthlyFen }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['city_admin']);
    await ctx.db
      .collection(POVERTY_LINES)
      .doc(String(year))
      .set({ data: { year, monthlyFen, updatedAt: ctx.now() } });
    await writeAudit(ctx, {
      action: 'aid.setPovertyLine',
      targetType: 'aid_poverty_line',
      targetId: String(year),
      detail: { monthlyFen },
      actor,
    });
    return { year, monthlyFen };
  },
};
