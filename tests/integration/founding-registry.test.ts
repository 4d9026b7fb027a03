/**
 * A founded union enters the registry through the town's `register` step: the union (type, parent = the town's
 * federation, covered unit, founding date and 文号 of the 批复, members, chairman and committee with the elected
 * term), the unit (the registry's, or added from the request), its members (the 预备会员 the town held for the
 * unit move over: among them the workers whose 入会申请 through the link was approved) — once, however often the effect runs;
 * the certificate's code and validity on the union. Attacks: the step refused when another union covers the unit,
 * by another town, by the enterprise, with a form smuggled in; another union's code on the certificate.
 */
import type { TestCloud } from '../support/cloud';
import { seedRegistry } from '../../scripts/seed/registry';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import {
  driveFounding,
  driver,
  FOUNDING_TOWN,
  smallRequest,
  unionCreditCode,
  workerProfiles,
} from '../support/founding';
import { creditCode, inProcessContext } from '../support/registry';
import { enterRegistry, foundingUnionId } from '../../domain/founding/registry-entry';
import { admit, memberOf, MEMBERS, type MemberRecord } from '../../domain/membership/members';
import { getPersonByOpenid } from '../../domain/people/person';
import { UNIONS, UNITS, type UnionRecord, type UnitRecord } from '../../domain/registry/store';

jest.setTimeout(300_000);

const CONTACT = 'demo-migrant-5';
const TOWN = FOUNDING_TOWN;
const OTHER_TOWN = 'demo-town-t16';
const WORKERS = ['entry-worker-1', 'entry-worker-2', 'entry-worker-3'];
const PENDING = 'entry-pending-1';
const NEW_UNIT_WORKERS = ['entry-worker-4', 'entry-worker-5', 'entry-worker-6'];
const JOINT_UNIT_WORKERS = ['entry-worker-7', 'entry-worker-8', 'entry-worker-9'];

const unitFields = (n: number, name: string) => ({
  name,
  creditCode: creditCode(900 + n),
  type: 'enterprise',
  economicType: 'private',
  industry: 'C',
  employees: 8,
  womenEmployees: 2,
  address: '万家乡示例路',
  townId: 't15',
  villageId: 't15-v01',
  contactName: '赵示例',
  contactPhone: '17000009999',
});

describe('a founded union enters the registry', () => {
  let cloud: TestCloud;
  const d = () => driver(cloud);
  const registry = (openid: string, action: string, input: unknown) => callAs(cloud, openid, 'registry', action, input);
  const ctx = () => inProcessContext(cloud);
  const personOf = async (openid: string) => (await getPersonByOpenid(ctx().db, openid))!._id;
  const unionRecord = async (id: string) =>
    (await ctx().db.collection<UnionRecord>(UNIONS).where({ _id: id }).limit(1).get()).data[0];
  const unitByCode = async (code: string) =>
    (await ctx().db.collection<UnitRecord>(UNITS).where({ creditCode: code }).limit(1).get()).data[0];

  let unitId = '';
  let caseId = '';

  beforeAll(async () => {
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    cloud = await startSeededCloud();
    // the registry the union enters: every town's federation (its parent), the demo units
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    const workers = [...WORKERS, PENDING, ...NEW_UNIT_WORKERS, ...JOINT_UNIT_WORKERS];
    subscribeAll(cloud, [CONTACT, TOWN, OTHER_TOWN, 'demo-admin', ...workers]);
    await workerProfiles(cloud, workers, 700);
    // The unit is in the registry, without a union; one of its workers is a 预备会员 the town's federation holds.
    const unit = await registry(TOWN, 'saveUnit', { fields: unitFields(1, '松滋入库示例有限公司') });
    expect(unit.ok).toBe(true);
    unitId = unit.data.unitId;
    const c = ctx();
    const federation = (
      await c.db.collection<UnionRecord>(UNIONS).where({ townId: 't15', type: 'town_federation' }).limit(1).get()
    ).data[0];
    const unitRecord = await unitByCode(creditCode(901));
    await admit(c, {
      personId: await personOf(PENDING),
      union: federation,
      unit: unitRecord,
      pending: true,
      caseId: 'entry-test-pending',
    });
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('refuses the step to another town, to the enterprise and with a form smuggled in', async () => {
    caseId = await driveFounding(
      cloud,
      d(),
      CONTACT,
      WORKERS,
      smallRequest('松滋入库示例有限公司', creditCode(901)),
      'registering',
    );
    const step = { inputs: { opinion: '录入工会组织库' } };
    expect(await d().act(OTHER_TOWN, caseId, 'register', step)).toMatchObject({ ok: false });
    expect(await d().act(CONTACT, caseId, 'register', step)).toMatchObject({ ok: false });
    const smuggled = await d().act(TOWN, caseId, 'register', { ...step, form: { unitName: '别的公司' } });
    expect(smuggled).toMatchObject({ ok: false });
    expect(await unionRecord(foundingUnionId(caseId))).toBeUndefined();
  });

  it('writes the union, its officers and its members; the 预备会员 move over', async () => {
    const done = await d().act(TOWN, caseId, 'register', { inputs: { opinion: '已核对，录入工会组织库' } });
    expect(done.ok ? '' : `${done.code} ${done.field} ${done.message}`).toBe('');
    expect(done.data.status).toBe('legal_person');
    const approval = (await callAs(cloud, CONTACT, 'founding', 'approval', { caseId })).data as {
      docNumber: string;
      issuedOn: string;
    };
    const unionId = foundingUnionId(caseId);
    const view = await registry(TOWN, 'union', { unionId });
    expect(view.ok).toBe(true);
    const rec = await unionRecord(unionId);
    const termEnd = rec.chairman!.termEnd;
    expect(termEnd > approval.issuedOn).toBe(true);
    expect(view.data).toMatchObject({
      name: '松滋入库示例有限公司工会小组',
      type: 'enterprise',
      parentName: expect.stringContaining('万家乡'),
      units: [{ unitId, creditCode: creditCode(901) }],
      foundedOn: approval.issuedOn,
      memberCount: 3,
      chairman: { name: '陈一', post: '主席', term: `${approval.issuedOn} 至 ${termEnd}` },
      // one seat: 陈二 stood and was not elected, so the committee holds the chairman alone
      committee: [],
      founding: `网上建会 · 批复 ${approval.docNumber}（${approval.issuedOn}）`,
      certificateState: '未办理法人资格登记',
    });
    expect((await registry(TOWN, 'unit', { unitId })).data.unionName).toBe('松滋入库示例有限公司工会小组');
    for (const w of WORKERS) {
      const m = (await memberOf(ctx(), await personOf(w))) as MemberRecord;
      expect(m).toMatchObject({ status: 'member', unionId, unitId });
    }
    const moved = (await memberOf(ctx(), await personOf(PENDING))) as MemberRecord;
    expect(moved).toMatchObject({ status: 'member', unionId });
    expect(moved.history.at(-1)?.kind).toBe('moved');
  });

  it('writes nothing twice when the effect runs again', async () => {
    const c = ctx();
    const before = (
      await c.db
        .collection(MEMBERS)
        .where({ unionId: foundingUnionId(caseId) })
        .count()
    ).total;
    await enterRegistry(c, caseId);
    await enterRegistry(c, caseId);
    const covering = await c.db.collection(UNIONS).where({ unitIds: unitId }).count();
    expect(covering.total).toBe(1);
    expect(
      (
        await c.db
          .collection(MEMBERS)
          .where({ unionId: foundingUnionId(caseId) })
          .count()
      ).total,
    ).toBe(before);
    for (const w of WORKERS) {
      const m = (await memberOf(c, await personOf(w))) as MemberRecord;
      // 预备会员 through their approved 入会申请, then moved into the new union once
      expect(m.history.map((e) => e.kind)).toEqual(['pending', 'moved']);
    }
  });

  it('puts the certificate on the union; another union’s code is refused', async () => {
    const federation = (
      await ctx().db.collection<UnionRecord>(UNIONS).where({ townId: 't16', type: 'town_federation' }).limit(1).get()
    ).data[0];
    const taken = federation.creditCode;
    const cert = (code: string | null) => ({
      inputs: { step: { unionCreditCode: code, issuedOn: '2026-12-01', validUntil: '2031-11-30' } },
    });
    if (taken) {
      const refused: CallResult = await d().act(CONTACT, caseId, 'report_certificate', cert(taken));
      expect(refused).toMatchObject({ ok: false, field: 'inputs.step.unionCreditCode' });
    }
    const code = unionCreditCode();
    expect(await d().act(CONTACT, caseId, 'report_certificate', cert(code))).toMatchObject({
      ok: true,
      data: { status: 'certified' },
    });
    const view = await registry(TOWN, 'union', { unionId: foundingUnionId(caseId) });
    expect(view.data).toMatchObject({ creditCode: code, certificateValidUntil: '2031-11-30' });
    expect(view.data.certificateState).toContain('2031-11-30');
  });

  it('adds a unit that was not in the registry, from the request', async () => {
    const code = creditCode(905);
    const id = await driveFounding(
      cloud,
      d(),
      'demo-migrant-6',
      NEW_UNIT_WORKERS,
      smallRequest('松滋新登记示例食品有限公司', code),
      'legal_person',
    );
    const unit = await unitByCode(code);
    expect(unit).toMatchObject({
      name: '松滋新登记示例食品有限公司',
      type: 'enterprise',
      industry: 'C',
      townId: 't15',
      source: 'founding',
      unionId: foundingUnionId(id),
    });
  });

  it('refuses the step, with the reason, while another union covers the unit', async () => {
    const unit = await registry(TOWN, 'saveUnit', { fields: unitFields(7, '松滋已入联合工会示例厂') });
    const joint = await registry(TOWN, 'saveUnion', {
      fields: {
        name: '万家乡工业园联合工会',
        type: 'joint',
        unitCreditCodes: [unit.data.creditCode],
        foundedOn: '2024-01-01',
        memberCount: 20,
        townId: 't15',
        committee: [],
      },
    });
    expect(joint.ok).toBe(true);
    const id = await driveFounding(
      cloud,
      d(),
      'demo-migrant-7',
      JOINT_UNIT_WORKERS,
      smallRequest('松滋已入联合工会示例厂', unit.data.creditCode),
      'registering',
    );
    const refused = await d().act(TOWN, id, 'register', { inputs: { opinion: '录入工会组织库' } });
    expect(refused).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', field: 'inputs.opinion' });
    expect(refused.message).toContain('万家乡工业园联合工会');
    expect(await unionRecord(foundingUnionId(id))).toBeUndefined();
    expect((await callAs(cloud, TOWN, 'cases', 'get', { caseId: id })).data.status).toBe('registering');
  });
});
