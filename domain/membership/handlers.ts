/**
 * Handlers of the `membership` function (`typings/membership.ts`): my membership and cases, joining and
 * transferring (filed as cases of the engine, their forms built from the registry here), the member card and its
 * staff check, and the unit picker.
 */
import type { membershipContract, UnitChoice } from '../../typings/membership';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { loadActor, requirePerson } from '../people/actor';
import { casePerson, submitCase } from '../cases/service';
import { findCaseType } from '../cases/registry';
import { UNITS, UNIONS, type UnionRecord, type UnitRecord } from '../registry/store';
import { escapeRegExp, gridNodes, placeName } from '../registry/scope';
import { JOIN_TYPE, TRANSFER_TYPE, joinForm, membershipCases, transferForm, transferringMember } from './apply';
import { memberOf, toMembershipView } from './members';
import { myCard, verifyCard } from './cards';

const chinaDay = (at: Date) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const stateLabel = (type: string, status: string) => findCaseType(type)?.states[status]?.label ?? status;

async function mine(ctx: HandlerContext) {
  const person = await requirePerson(ctx, await loadActor(ctx));
  const [member, cases] = await Promise.all([memberOf(ctx, person._id), membershipCases(ctx, person._id)]);
  const listed = cases.map((c) => ({
    caseId: c._id,
    title: findCaseType(c.type)?.title ?? '',
    statusLabel: stateLabel(c.type, c.status),
    at: chinaDay(c.createdAt),
    open: c.open,
  }));
  const open = cases.find((c) => c.open);
  const openCase = open
    ? { caseId: open._id, title: findCaseType(open.type)?.title ?? '', statusLabel: stateLabel(open.type, open.status) }
    : null;
  if (!member) return { membership: null, cases: listed };
  const view = toMembershipView(member);
  return {
    membership: { ...view, openCase, canTransfer: view.canTransfer && !open },
    cases: listed,
  };
}

/** Units whose name contains `q` (at most 20), with the union a worker of each would join. */
async function units(ctx: HandlerContext, q: string): Promise<{ units: UnitChoice[] }> {
  await loadActor(ctx);
  const { data } = await ctx.db
    .collection<UnitRecord>(UNITS)
    .where({ name: ctx.db.RegExp({ regexp: escapeRegExp(q) }) })
    .field({ name: true, townId: true, villageId: true, unionId: true })
    .limit(20)
    .get();
  const unionIds = [...new Set(data.flatMap((u) => (u.unionId ? [u.unionId] : [])))];
  const unions = unionIds.length
    ? (
        await ctx.db
          .collection<UnionRecord>(UNIONS)
          .where({ _id: ctx.db.command.in(unionIds) })
          .field({ name: true })
          .limit(20)
          .get()
      ).data
    : [];
  const unionName = new Map(unions.map((u) => [u._id, u.name]));
  const grid = await gridNodes(ctx);
  return {
    units: data.map((u) => ({
      unitId: u._id,
      name: u.name,
      place: placeName(grid, u),
      unionName: u.unionId ? (unionName.get(u.unionId) ?? null) : null,
    })),
  };
}

export const membershipHandlers: Handlers<typeof membershipContract> = {
  mine: (_input, ctx) => mine(ctx),
  units: ({ q }, ctx) => units(ctx, q),

  async join(input, ctx) {
    const actor = await loadActor(ctx);
    const person = casePerson(await requirePerson(ctx, actor));
    const form = await joinForm(ctx, person, input);
    return { caseId: await submitCase(ctx, actor, person, JOIN_TYPE, form) };
  },

  async transfer(input, ctx) {
    const actor = await loadActor(ctx);
    const person = casePerson(await requirePerson(ctx, actor));
    const member = await transferringMember(ctx, person.personId);
    const form = await transferForm(ctx, member, input);
    return { caseId: await submitCase(ctx, actor, person, TRANSFER_TYPE, form) };
  },

  card: (_input, ctx) => myCard(ctx),
  verifyCard: (input, ctx) => verifyCard(input, ctx),
};
