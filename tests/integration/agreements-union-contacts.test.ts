/**
 * The enterprise's union hears every countdown of its collective contracts, beside the town: the town names the
 * union's contacts (name and ID number matched with a real-name profile; another town, a collector, the city, a
 * worker cannot), the timer's reminders on a fake clock go to the town's staff and the contacts (written to the
 * outbox and sent as subscribe messages), a contact removed hears nothing more, and the records only the town
 * keeps (labour contracts, congress sessions) are refused to everyone else.
 */
import type { TestCloud } from '../support/cloud';
import { startSeededCloud, subscribeAll } from '../support/people';
import { ADMIN, COLLECTOR, OTHER_TOWN, TOWN, addUnits, agreementCalls, dayClock } from '../support/agreements';
import { DEMO_APPLICANTS } from '../../scripts/seed/reference-samples';

jest.setTimeout(300_000);

const CONTACT = DEMO_APPLICANTS.worker; // demo-worker-1, a claimed profile
const clock = dayClock();
const clockAt = clock.at;
const today = clock.today;

describe('the enterprise union’s contacts and the reminders they receive', () => {
  let cloud: TestCloud;
  const { agreements, cases, timer, rid } = agreementCalls(() => cloud, 'uc');
  const reminders = async (caseId: string) =>
    (await cloud.sdkApp().database().collection('notifications').where({ caseId, purpose: 'staff_reminder' }).get())
      .data as { touser: string; status: string; page: string; data: Record<string, { value: string }> }[];
  const name = { unitId: 'unit-t15-a', name: CONTACT.name, idNumber: CONTACT.idNumber };
  let contactId = '';

  beforeAll(async () => {
    clockAt(0);
    cloud = await startSeededCloud();
    subscribeAll(cloud, [TOWN, CONTACT.openid]);
    // In the collector's village, so the collector sees it and is refused as a role, not as out of scope.
    await addUnits(cloud, [
      { id: 'unit-t15-a', townId: 't15', villageId: 't15-v01', creditCode: '91421087MA0000021X' },
      { id: 'unit-t14-a', townId: 't14', villageId: 't14-v01', creditCode: '91421087MA0000022X' },
    ]);
  });
  afterAll(async () => {
    clock.reset();
    await cloud?.close();
  });

  it('lets only the enterprise’s town name a contact, by a name and ID number that match a profile', async () => {
    expect(await agreements(OTHER_TOWN, 'addContact', name)).toMatchObject({ code: 'INVALID_INPUT', field: 'unitId' });
    expect((await agreements(COLLECTOR, 'addContact', name)).code).toBe('FORBIDDEN');
    expect((await agreements(ADMIN, 'addContact', name)).code).toBe('FORBIDDEN');
    expect((await agreements(CONTACT.openid, 'addContact', name)).code).toBe('FORBIDDEN');
    expect(await agreements(TOWN, 'addContact', { ...name, name: '张冒名' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'name',
      message: '姓名与身份证号登记的实名信息不一致',
    });
    expect(await agreements(TOWN, 'addContact', { ...name, idNumber: '42108719900101001X' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'idNumber',
    });
    const added = await agreements(TOWN, 'addContact', name);
    expect(added.ok).toBe(true);
    contactId = added.data.personId;
    // Named twice is still one contact.
    expect((await agreements(TOWN, 'addContact', name)).data.personId).toBe(contactId);
    const view = await agreements(TOWN, 'enterprise', { unitId: 'unit-t15-a' });
    expect(view.data.contacts).toEqual([{ personId: contactId, line: expect.stringMatching(/（可接收提醒）$/) }]);
    expect(view.data.contacts[0].line).not.toContain(CONTACT.name);
    expect(view.data.canRecord).toBe(true);
    expect((await agreements(ADMIN, 'enterprise', { unitId: 'unit-t15-a' })).data.canRecord).toBe(false);
    const audit = await cloud
      .sdkApp()
      .database()
      .collection('audit_log')
      .where({ action: 'agreement.addContact' })
      .get();
    expect(audit.data).toHaveLength(2);
  });

  it('reminds the town and the enterprise’s union of a countdown, through the outbox, on a fake clock', async () => {
    const made = await cases(
      TOWN,
      'submit',
      {
        type: 'collective_contract',
        form: {
          kind: 'wage',
          unitId: 'unit-t15-a',
          offeredBy: 'union',
          offeredOn: today(),
          summary: '开展工资集体协商',
        },
      },
      rid(),
    );
    const caseId = made.data._id as string;
    clockAt(16);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 0 });
    expect(await reminders(caseId)).toEqual([]);
    clockAt(17);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 1 });
    let sent = await reminders(caseId);
    expect(sent.map((n) => n.touser).sort()).toEqual([CONTACT.openid, TOWN].sort());
    expect(sent.every((n) => n.status === 'sent')).toBe(true);
    const toUnion = sent.find((n) => n.touser === CONTACT.openid)!;
    expect(toUnion.data.phrase2.value).toBe('即将到期');
    expect(toUnion.data.thing4.value).toContain('书面回应要约');
    expect(toUnion.page).toBe('pages/home/index');
    // A replayed timer sends nothing twice.
    expect((await timer()).data.agreements).toMatchObject({ reminded: 0 });

    // Removed, the contact hears nothing more; the town still does.
    expect((await agreements(OTHER_TOWN, 'removeContact', { unitId: 'unit-t15-a', personId: contactId })).ok).toBe(
      false,
    );
    expect((await agreements(TOWN, 'removeContact', { unitId: 'unit-t15-a', personId: contactId })).ok).toBe(true);
    clockAt(21);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 1 });
    sent = await reminders(caseId);
    expect(sent.filter((n) => n.touser === CONTACT.openid)).toHaveLength(1);
    expect(sent.filter((n) => n.touser === TOWN)).toHaveLength(2);
  });

  it('keeps labour-contract and congress records for the town only', async () => {
    const labour = { unitId: 'unit-t15-a', recordedOn: today(), employees: 260, signed: 250 };
    expect((await agreements(COLLECTOR, 'recordLabour', labour)).code).toBe('FORBIDDEN');
    expect((await agreements(ADMIN, 'recordLabour', labour)).code).toBe('FORBIDDEN');
    const session = {
      unitId: 'unit-t15-a',
      termNo: 1,
      sessionNo: 1,
      heldOn: today(),
      form: 'delegates',
      delegatesTotal: 30,
      present: 30,
      frontLine: 15,
      managers: 6,
      women: 8,
      agenda: ['听取厂务公开情况报告'],
    };
    expect((await agreements(COLLECTOR, 'recordSession', session)).code).toBe('FORBIDDEN');
    expect((await agreements(TOWN, 'recordSession', session)).ok).toBe(true);
  });
});
