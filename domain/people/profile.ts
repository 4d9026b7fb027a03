/**
 * A person's own profile: create or complete it when a service needs it, view everything held
 * (audited), correct it, ask for deletion, record consents. Each request about one's own data is
 * logged in `data_requests` with the fields concerned, never the values.
 */
import { exportEverywhere } from '../cases/type-hooks';
import { readAll } from '../runtime/paging';
import type { z } from 'zod';
import type { HandlerContext } from '../runtime/context';
import { forReader, type Reader } from '../runtime/readers';
import { AppError, invalid } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import type { GridNode } from '../../typings/grid';
import type { ConsentKind, ConsentView, DataRequestView, MyData, MyProfile, ProfileFields } from '../../typings/people';
import { findNode } from '../grid/handlers';
import { blindIndex, encryptField } from '../security/crypto';
import { checkMobile, idFacts } from '../security/validators';
import { writeAudit } from '../audit/audit';
import { loadActor, type Actor } from './actor';
import { newId } from './codes';
import { getPersonByOpenid, PEOPLE, toFullPerson, toMyProfile, type PersonRecord } from './person';

export const CONSENTS = 'consents';
export const DATA_REQUESTS = 'data_requests';

/** Profile fields after validation (what the schema outputs). */
export type ProfileData = z.output<typeof ProfileFields>;

/** The stored fields derived from validated profile data (encryption, blind indexes, grid path, ID facts). */
export async function personFields(
  ctx: HandlerContext,
  data: ProfileData,
  phone: string | undefined,
): Promise<Omit<PersonRecord, '_id' | 'openid' | 'ownerKey' | 'claimed' | 'createdAt' | 'updatedAt'>> {
  const village = await findNode(ctx.db, data.homeVillageId);
  if (!village || village.level !== 'village') throw invalid('homeVillageId', '户籍村（社区）不存在，请从列表中选择');
  if (data.employerTownId) {
    const town: GridNode | null = await findNode(ctx.db, data.employerTownId);
    if (!town || town.level !== 'town') throw invalid('employerTownId', '单位所在乡镇不存在');
  }
  const facts = idFacts(data.idNumber);
  return {
    name: data.name,
    idHash: blindIndex('id', data.idNumber),
    idEnc: encryptField(data.idNumber),
    ...(phone ? { phoneEnc: encryptField(phone), phoneHash: blindIndex('phone', phone) } : {}),
    gender: facts.gender,
    birthDate: facts.birthDate,
    homeVillageId: village._id,
    homePath: village.path,
    homeTownId: village.path[1],
    categories: data.categories,
    ...(data.workCity ? { workCity: data.workCity } : {}),
    ...(data.employer ? { employer: data.employer } : {}),
    ...(data.employerTownId ? { employerTownId: data.employerTownId } : {}),
  };
}

/** The phone number behind a `getPhoneNumber` button code (WeChat's open API; the local cloud answers it too). */
export async function phoneFromCode(ctx: HandlerContext, code: string): Promise<string> {
  type PhoneApi = {
    getPhoneNumber(p: { code: string }): Promise<{ phoneInfo?: { purePhoneNumber?: string; phoneNumber?: string } }>;
  };
  const api = (ctx.cloud.openapi as unknown as { phonenumber: PhoneApi }).phonenumber;
  try {
    const res = await api.getPhoneNumber({ code });
    const checked = checkMobile(res.phoneInfo?.purePhoneNumber ?? res.phoneInfo?.phoneNumber ?? '');
    if (checked.ok) return checked.value;
  } catch (error) {
    ctx.log.warn('getPhoneNumber failed', { errCode: (error as { errCode?: unknown }).errCode ?? null });
  }
  throw invalid('phoneCode', '手机号授权失败，请重新授权或手动输入手机号');
}

/**
 * DUPLICATE naming the field, for an ID number someone else already holds, in words for its `reader`: the person
 * is told to claim the profile or ask their collector; staff (often that collector) are told where to find it.
 */
export function duplicateId(holder: PersonRecord | null, reader: Reader = 'person'): AppError {
  if (holder && !holder.claimed) {
    const message = forReader(reader, {
      person: '该身份证号已由信息采集员登记，请凭采集员提供的认领码认领档案',
      staff: '该身份证号已经登记过，本人还没有认领：请在人员名单里按身份证号找到此人，需要时重新生成认领码',
    });
    return new AppError('DUPLICATE', message, 'idNumber', { claimable: true });
  }
  const message = forReader(reader, {
    person: '该身份证号已被登记，如有疑问请联系所在村（社区）信息采集员',
    staff: '该身份证号已经登记过，不用重复登记：请在人员名单里按身份证号找到此人',
  });
  return new AppError('DUPLICATE', message, 'idNumber');
}

/** Refuse an ID number held by a person other than `selfId`. */
async function assertIdFree(ctx: HandlerContext, idHash: string, selfId: string | null): Promise<void> {
  const { data } = await ctx.db.collection<PersonRecord>(PEOPLE).where({ idHash }).limit(1).get();
  const holder = data[0];
  if (holder && holder._id !== selfId) throw duplicateId(holder);
}

async function logRequest(
  ctx: HandlerContext,
  actor: Actor,
  personId: string | null,
  type: DataRequestView['type'],
  status: DataRequestView['status'],
  extra: { fields?: string[]; reason?: string } = {},
): Promise<DataRequestView> {
  const _id = newId();
  const at = ctx.now();
  await ctx.db
    .collection(DATA_REQUESTS)
    .add({ data: { _id, personId, openid: actor.openid, type, status, ...extra, at } });
  return { requestId: _id, type, status, ...(extra.fields ? { fields: extra.fields } : {}), at: at.toISOString() };
}

/** Which profile fields an update changes (names only). */
function changedFields(before: PersonRecord, after: Partial<PersonRecord>): string[] {
  const out: string[] = [];
  if (after.name !== undefined && after.name !== before.name) out.push('name');
  if (after.idHash !== undefined && after.idHash !== before.idHash) out.push('idNumber');
  if (after.phoneHash !== undefined && after.phoneHash !== before.phoneHash) out.push('phone');
  for (const key of ['homeVillageId', 'workCity', 'employer', 'employerTownId'] as const) {
    if (after[key] !== undefined && after[key] !== before[key]) out.push(key);
  }
  if (after.categories && after.categories.join() !== before.categories.join()) out.push('categories');
  return out;
}

/**
 * The phone number of a save: a typed one, or the one behind a `getPhoneNumber` code. A code is single-use
 * and expires after five minutes, so it is exchanged only once every other check has passed.
 */
type PhoneSource = { phone?: string; phoneCode?: string };

async function resolvePhone(ctx: HandlerContext, source: PhoneSource): Promise<string | undefined> {
  return source.phoneCode ? phoneFromCode(ctx, source.phoneCode) : source.phone;
}

/** Apply validated data to the caller's person (insert when none). Returns the stored record. */
async function upsertOwn(
  ctx: HandlerContext,
  actor: Actor,
  data: ProfileData,
  phoneSource: PhoneSource,
): Promise<{ person: PersonRecord; changed: string[] }> {
  const checked = await personFields(ctx, data, undefined);
  const existing = await getPersonByOpenid(ctx.db, actor.openid);
  await assertIdFree(ctx, checked.idHash, existing?._id ?? null);
  // Last: exchanging the code spends it.
  const phone = await resolvePhone(ctx, phoneSource);
  const fields = phone ? { ...checked, phoneEnc: encryptField(phone), phoneHash: blindIndex('phone', phone) } : checked;
  const now = ctx.now();
  const people = ctx.db.collection<PersonRecord>(PEOPLE);
  try {
    if (existing) {
      const update = { ...fields, updatedAt: now };
      await people.doc(existing._id).update({ data: update });
      return { person: { ...existing, ...update }, changed: changedFields(existing, update) };
    }
    const person: PersonRecord = {
      _id: newId(),
      openid: actor.openid,
      ownerKey: actor.openid,
      ...fields,
      claimed: true,
      createdAt: now,
      updatedAt: now,
    };
    await people.add({ data: person });
    return { person, changed: [] };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // A concurrent save: either the ID was taken meanwhile, or this user's profile was just created.
    const holder = await ctx.db.collection<PersonRecord>(PEOPLE).where({ idHash: fields.idHash }).limit(1).get();
    if (holder.data[0] && holder.data[0].openid !== actor.openid) throw duplicateId(holder.data[0]);
    throw new AppError('CONFLICT', '个人信息正在保存，请刷新后查看');
  }
}

/** `me`: my profile (ID and phone masked), or null. */
export async function me(ctx: HandlerContext): Promise<MyProfile | null> {
  const actor = await loadActor(ctx);
  const person = await getPersonByOpenid(ctx.db, actor.openid);
  return person ? toMyProfile(person) : null;
}

/** `saveProfile`: create or complete my profile. */
export async function saveProfile(input: ProfileData, ctx: HandlerContext): Promise<MyProfile> {
  const actor = await loadActor(ctx);
  const { person, changed } = await upsertOwn(ctx, actor, input, { phone: input.phone, phoneCode: input.phoneCode });
  if (changed.length > 0) await logRequest(ctx, actor, person._id, 'correct', 'done', { fields: changed });
  return toMyProfile(person);
}

/** `correctMyData`: change some fields of my profile; logged as a `correct` request. */
export async function correctMyData(
  input: { changes: Partial<ProfileData>; reason?: string },
  ctx: HandlerContext,
): Promise<MyProfile> {
  const actor = await loadActor(ctx);
  const existing = await getPersonByOpenid(ctx.db, actor.openid);
  if (!existing)
    throw new AppError('PROFILE_REQUIRED', '还没有个人信息，请先填写', 'profile', {
      missing: ['name', 'idNumber', 'homeVillage'],
    });
  const c = input.changes;
  if (c.phone && c.phoneCode) throw invalid('changes.phone', '手机号与手机号授权码只能填一个');
  const current: ProfileData = {
    name: existing.name,
    idNumber: toFullPerson(existing).idNumber,
    homeVillageId: existing.homeVillageId,
    categories: existing.categories,
    ...(existing.workCity ? { workCity: existing.workCity } : {}),
    ...(existing.employer ? { employer: existing.employer } : {}),
    ...(existing.employerTownId ? { employerTownId: existing.employerTownId } : {}),
  };
  const merged: ProfileData = { ...current, ...c };
  const phoneSource: PhoneSource = c.phoneCode
    ? { phoneCode: c.phoneCode }
    : { phone: c.phone ?? toFullPerson(existing).phone ?? undefined };
  const { person, changed } = await upsertOwn(ctx, actor, merged, phoneSource);
  await logRequest(ctx, actor, person._id, 'correct', 'done', {
    fields: changed,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  return toMyProfile(person);
}

/** A stored consent record as the person or staff see it. */
export function consentView(c: Record<string, unknown>): ConsentView {
  return {
    kind: c.kind as ConsentKind,
    version: String(c.version),
    granted: c.granted === true,
    at: new Date(c.at as Date).toISOString(),
    ...(c.onBehalf
      ? {
          onBehalf: true,
          formPhotoFileId: String(c.formPhotoFileId ?? ''),
          recordedBy: String(c.recordedByName ?? ''),
        }
      : {}),
  };
}

/**
 * A person's consents, newest first: their own records (by openid) and, once they have a profile, the paper
 * forms staff recorded on their behalf before they claimed it (by person id).
 */
export async function listConsents(
  ctx: Pick<HandlerContext, 'db'>,
  openid: string,
  personId?: string | null,
): Promise<ConsentView[]> {
  const _ = ctx.db.command;
  const filter = (personId ? _.or({ openid }, { personId }) : { openid }) as Record<string, unknown>;
  const data = (await readAll(ctx.db, CONSENTS, filter)).sort(
    (a, b) => new Date(b.at as Date).getTime() - new Date(a.at as Date).getTime(),
  );
  return data.map((c) => consentView(c));
}

/** `viewMyData`: everything held about me, in full; audited and logged. */
export async function viewMyData(ctx: HandlerContext): Promise<MyData> {
  const actor = await loadActor(ctx);
  const person = await getPersonByOpenid(ctx.db, actor.openid);
  await logRequest(ctx, actor, person?._id ?? null, 'view', 'done');
  if (person) await writeAudit(ctx, { action: 'person.viewOwn', targetType: 'person', targetId: person._id, actor });
  const data = (await readAll(ctx.db, DATA_REQUESTS, { openid: actor.openid })).sort(
    (a, b) => new Date(b.at as Date).getTime() - new Date(a.at as Date).getTime(),
  );
  return {
    profile: person ? toFullPerson(person) : null,
    consents: await listConsents(ctx, actor.openid, person?._id),
    requests: data.map((r) => ({
      requestId: r._id as string,
      type: r.type,
      status: r.status,
      ...(r.fields ? { fields: r.fields } : {}),
      at: new Date(r.at).toISOString(),
      ...(r.note ? { note: r.note } : {}),
    })),
    // What every case type declares it holds about the person (its export hook).
    held: person ? await exportEverywhere(ctx, { personId: person._id, openid: actor.openid }) : [],
  };
}

/** `requestDeletion`: logged as a pending `delete` request for the city union to handle. */
export async function requestDeletion(input: { reason?: string }, ctx: HandlerContext): Promise<DataRequestView> {
  const actor = await loadActor(ctx);
  const person = await getPersonByOpenid(ctx.db, actor.openid);
  const request = await logRequest(
    ctx,
    actor,
    person?._id ?? null,
    'delete',
    'pending',
    input.reason ? { reason: input.reason } : {},
  );
  await writeAudit(ctx, {
    action: 'person.requestDeletion',
    targetType: 'data_request',
    targetId: request.requestId,
    actor,
  });
  return request;
}

/** `recordConsent`: append a consent (or withdrawal) with the text version and time. */
export async function recordConsent(
  input: { kind: ConsentKind; version: string; granted: boolean },
  ctx: HandlerContext,
): Promise<ConsentView> {
  const actor = await loadActor(ctx);
  const at = ctx.now();
  await ctx.db.collection(CONSENTS).add({
    data: {
      _id: newId(),
      openid: actor.openid,
      personId: actor.personId,
      kind: input.kind,
      version: input.version,
      granted: input.granted,
      at,
    },
  });
  return { kind: input.kind, version: input.version, granted: input.granted, at: at.toISOString() };
}

/**
 * Whether the person's latest consent of `kind` is a grant (e.g. `public_notice`: without it the
 * person is left out of a public notice). Looks up by person id or, for a person's own calls, openid.
 */
export async function hasConsent(
  ctx: Pick<HandlerContext, 'db'>,
  who: { personId?: string | null; openid?: string | null },
  kind: ConsentKind,
): Promise<boolean> {
  const _ = ctx.db.command;
  const owners = [
    ...(who.personId ? [{ personId: who.personId }] : []),
    ...(who.openid ? [{ openid: who.openid }] : []),
  ];
  if (owners.length === 0) return false;
  const filter = (owners.length === 1 ? { ...owners[0], kind } : _.and({ kind }, _.or(...owners))) as Record<
    string,
    unknown
  >;
  const { data } = await ctx.db.collection(CONSENTS).where(filter).orderBy('at', 'desc').limit(1).get();
  return data[0]?.granted === true;
}
