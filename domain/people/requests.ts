/**
 * Deletion requests, handled by the city union: a person asks (`requestDeletion`, logged as pending);
 * the city administrator lists the pending ones and either carries one out — the person's name, ID,
 * phone, birth date, work details and WeChat link are erased (the record stays as an anonymous row so
 * statistics and other records that point to it keep working) — or refuses it with a note the person
 * sees in `viewMyData`. Both outcomes are audited. Carrying one out also erases the person's aid drafts and
 * applications (keeping only the payment record of paid ones), and waits while an approved application is
 * still being published or paid: `domain/aid/erasure.ts`.
 */
import { readAll } from '../runtime/paging';
import type { HandlerContext } from '../runtime/context';
import { AppError, notFound } from '../runtime/errors';
import type { DataRequestView, PendingDataRequest } from '../../typings/people';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { loadActor, requireStaff } from './actor';
import { getPeople, PEOPLE } from './person';
import { DATA_REQUESTS } from './profile';
import { assertErasable, eraseEverywhere } from '../cases/type-hooks';

interface StoredRequest {
  _id: string;
  personId: string | null;
  openid: string;
  type: 'view' | 'correct' | 'delete';
  status: 'done' | 'pending' | 'refused';
  reason?: string;
  at: Date;
}

/** The name an erased person's record keeps. */
export const ERASED_NAME = '已删除';

/** `listDataRequests`: pending deletion requests, oldest first (city admin). */
export async function listDataRequests(ctx: HandlerContext): Promise<{ requests: PendingDataRequest[] }> {
  requireStaff(await loadActor(ctx), ['city_admin']);
  const data = (await readAll<StoredRequest>(ctx.db, DATA_REQUESTS, { type: 'delete', status: 'pending' })).sort(
    (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime(),
  );
  const people = new Map(
    (
      await getPeople(
        ctx.db,
        data.flatMap((r) => (r.personId ? [r.personId] : [])),
      )
    ).map((p) => [p._id, p]),
  );
  return {
    requests: data.map((r) => {
      const person = r.personId ? people.get(r.personId) : undefined;
      return {
        requestId: r._id,
        type: 'delete',
        personId: r.personId,
        name: person ? maskName(person.name) : null,
        homeVillageId: person?.homeVillageId ?? null,
        reason: r.reason ?? null,
        at: new Date(r.at).toISOString(),
      };
    }),
  };
}

/** `resolveDataRequest`: carry out or refuse a pending deletion request (city admin). */
export async function resolveDataRequest(
  input: { requestId: string; outcome: 'done' | 'refused'; note: string },
  ctx: HandlerContext,
): Promise<DataRequestView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor, ['city_admin']);
  const requests = ctx.db.collection<StoredRequest>(DATA_REQUESTS);
  const { data } = await requests.where({ _id: input.requestId }).limit(1).get();
  const request = data[0];
  if (!request || request.type !== 'delete') throw notFound('申请不存在');
  if (request.status !== 'pending') throw new AppError('PRECONDITION_FAILED', '该申请已处理');
  // Every case type's declared erasure may hold the deletion back (aid: applications approved, in notice or in
  // payment; see domain/aid/erasure.ts) before anything changes.
  if (input.outcome === 'done' && request.personId) await assertErasable(ctx, request.personId);
  const now = ctx.now();
  const claimed = await requests
    .where({ _id: request._id, status: 'pending' })
    .update({ data: { status: input.outcome, note: input.note, resolvedBy: staff.staffId, resolvedAt: now } });
  if (claimed.stats.updated !== 1) throw new AppError('PRECONDITION_FAILED', '该申请已处理');
  if (input.outcome === 'done' && request.personId) {
    const _ = ctx.db.command;
    const id = request.personId;
    const [person] = await getPeople(ctx.db, [id]);
    try {
      await eraseEverywhere(ctx, { personId: id, openid: person?.openid ?? null }, actor);
    } catch (error) {
      // Not carried out: the request goes back to pending so the administrator can try again.
      await requests.doc(request._id).update({ data: { status: 'pending', note: _.remove(), resolvedAt: _.remove() } });
      throw error;
    }
    await ctx.db
      .collection(PEOPLE)
      .doc(id)
      .update({
        data: {
          name: ERASED_NAME,
          openid: null,
          ownerKey: `erased:${id}`,
          idHash: `erased:${id}`,
          idEnc: _.remove(),
          phoneEnc: _.remove(),
          phoneHash: _.remove(),
          birthDate: '',
          workCity: _.remove(),
          employer: _.remove(),
          employerTownId: _.remove(),
          claimCodeHash: _.remove(),
          claimCodeExpiresAt: _.remove(),
          // Out of every scoped list (subtree filters match town/village ids); `homePath` stays for scope checks.
          homeTownId: 'erased',
          homeVillageId: 'erased',
          erased: true,
          erasedAt: now,
          updatedAt: now,
        },
      });
  }
  await writeAudit(ctx, {
    action: input.outcome === 'done' ? 'person.erase' : 'dataRequest.refuse',
    targetType: 'person',
    targetId: request.personId ?? request._id,
    detail: { requestId: request._id },
    actor,
  });
  return {
    requestId: request._id,
    type: 'delete',
    status: input.outcome,
    at: new Date(request.at).toISOString(),
    note: input.note,
  };
}
