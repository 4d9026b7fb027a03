/**
 * The `people` function through the real wx-server-sdk against a seeded local cloud: profiles,
 * one person per ID number, own-data requests, consents, collectors entering and people claiming
 * profiles, hostile input, and what ends up stored and logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { callAs, startSeededCloud } from '../support/people';
import type { TestCloud } from '../support/cloud';
import { FieldCipher } from '../../domain/security/crypto';
import { makeIdNumber } from '../../domain/security/validators';
import { fakeIdNumber, fakePhone } from '../../scripts/seed/people';

const ID_PATTERN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const PHONE_PATTERN = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
const PEOPLE_COLLECTIONS = ['people', 'staff', 'invitations', 'consents', 'audit_log', 'data_requests'];
/** Card numbers never start with 0 (zero-padded sort keys such as `001796140800000` are not cards). */
const CARD_PATTERN = /(?<![0-9A-Za-z])[1-9]\d{14,18}(?![0-9A-Za-z])/;

/** Valid, unused ID numbers for this file (birth dates in 1980, area 421087). */
const freshId = (n: number) => makeIdNumber('421087', `1980${String(1 + (n % 12)).padStart(2, '0')}15`, 500 + n);

describe('people function', () => {
  let cloud: TestCloud;
  const logged: string[] = [];
  const plainValues: string[] = [];
  let restore: Array<() => void> = [];

  const people = (openid: string, action: string, input?: unknown, requestId?: string) =>
    callAs(cloud, openid, 'people', action, input, requestId);
  const profile = (n: number, extra: Record<string, unknown> = {}) => {
    const idNumber = freshId(n);
    plainValues.push(idNumber);
    return { name: '钱测试', idNumber, homeVillageId: 't15-v02', categories: ['migrant'], workCity: '深圳', ...extra };
  };
  const countPeople = async () => (await cloud.db.find('people', { limit: 1000 })).length;

  beforeAll(async () => {
    // Capture everything the local cloud and the function instances print (they are not quiet here).
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
      restore.push(() => spy.mockRestore());
      void original;
    }
    for (const method of ['log', 'warn', 'error', 'info'] as const) {
      const spy = jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
      restore.push(() => spy.mockRestore());
    }
    cloud = await startSeededCloud({ quiet: false });
  });
  afterAll(async () => {
    await cloud?.close();
    restore.forEach((r) => r());
    restore = [];
  });

  describe('my own profile', () => {
    it('is null until a service needs it, then saved with gender and birth date from the ID, masked back', async () => {
      expect(await people('o-self-1', 'me')).toEqual({ ok: true, data: null });
      const input = profile(1, { phone: '+86 139 0000 1111' });
      plainValues.push('13900001111');
      const saved = await people('o-self-1', 'saveProfile', input);
      expect(saved.ok).toBe(true);
      expect(saved.data).toMatchObject({
        name: '钱测试',
        idNumber: `4210**********${input.idNumber.slice(-4)}`,
        phone: '139****1111',
        gender: Number(input.idNumber[16]) % 2 ? 'male' : 'female',
        birthDate: `1980-${input.idNumber.slice(10, 12)}-15`,
        homeVillageId: 't15-v02',
        categories: ['migrant'],
        claimed: true,
        enteredOnBehalf: false,
        masked: true,
      });
      expect((await people('o-self-1', 'me')).data).toEqual(saved.data);
    });

    it('takes the phone from a getPhoneNumber code through the open API', async () => {
      plainValues.push('13700002222');
      const saved = await people(
        'o-self-2',
        'saveProfile',
        profile(2, { phoneCode: cloud.issuePhoneCode('13700002222') }),
      );
      expect(saved.data.phone).toBe('137****2222');
    });

    it('exchanges the single-use phone code last: a save refused for a duplicate ID leaves the code usable', async () => {
      plainValues.push('13700005555');
      const taken = profile(15);
      expect((await people('o-self-15', 'saveProfile', taken)).ok).toBe(true);
      const code = cloud.issuePhoneCode('13700005555');
      const dup = await people('o-self-16', 'saveProfile', {
        ...profile(16),
        idNumber: taken.idNumber,
        phoneCode: code,
      });
      expect(dup).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'idNumber' });
      // The person corrects the ID number and saves again with the same tap's code.
      const mine = profile(16);
      const saved = await people('o-self-16', 'saveProfile', { ...mine, phoneCode: code });
      expect(saved.data.phone).toBe('137****5555');
      // Spent now: a replay is refused naming the field.
      const replay = await people('o-self-16', 'saveProfile', { ...mine, phoneCode: code });
      expect(replay).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'phoneCode' });
    });

    it('keeps one person per ID number: a second WeChat user gets DUPLICATE naming idNumber', async () => {
      const input = profile(3);
      expect((await people('o-self-3', 'saveProfile', input)).ok).toBe(true);
      const before = await countPeople();
      const dup = await people('o-self-4', 'saveProfile', { ...input, idNumber: input.idNumber.toLowerCase() });
      expect(dup).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'idNumber' });
      expect(await countPeople()).toBe(before);
    });

    it('points to claiming when a collector already registered the ID number', async () => {
      const dup = await people('o-self-5', 'saveProfile', { ...profile(5), idNumber: fakeIdNumber(84) });
      expect(dup).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'idNumber', details: { claimable: true } });
    });

    it('lets exactly one of two concurrent registrations of the same ID number win', async () => {
      const input = profile(6);
      const results = await Promise.all([
        people('o-race-1', 'saveProfile', input),
        people('o-race-2', 'saveProfile', input),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ code: 'DUPLICATE', field: 'idNumber' });
    });

    it('returns the first result for a retried save with the same request id', async () => {
      const input = profile(7);
      const first = await people('o-self-7', 'saveProfile', input, 'req-save-0007');
      const retry = await people('o-self-7', 'saveProfile', { ...input, workCity: '上海' }, 'req-save-0007');
      expect(retry).toEqual(first);
    });

    it('shows all my data in full (audited, logged as a view request)', async () => {
      const mine = await people('o-self-1', 'viewMyData');
      expect(mine.ok).toBe(true);
      expect(mine.data.profile).toMatchObject({
        name: '钱测试',
        idNumber: freshId(1),
        phone: '13900001111',
        masked: false,
      });
      expect(mine.data.requests[0]).toMatchObject({ type: 'view', status: 'done' });
      const audit = (await cloud.db.find('audit_log', { limit: 1000 })) as Array<Record<string, unknown>>;
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'person.viewOwn',
          targetId: mine.data.profile.personId,
          openid: 'o-self-1',
          clientIp: '127.0.0.1',
        }),
      );
    });

    it('corrects my data and logs which fields changed, never the values', async () => {
      plainValues.push('13600003333');
      const corrected = await people('o-self-1', 'correctMyData', {
        changes: { phone: '13600003333', employer: '示例公司' },
        reason: '换号',
      });
      expect(corrected.data.phone).toBe('136****3333');
      const mine = await people('o-self-1', 'viewMyData');
      const correction = mine.data.requests.find((r: { type: string }) => r.type === 'correct');
      expect(correction.fields.sort()).toEqual(['employer', 'phone']);
      expect(JSON.stringify(await cloud.db.find('data_requests', { limit: 1000 }))).not.toContain('13600003333');
    });

    it('asks for a profile before correcting when there is none', async () => {
      expect(await people('o-nobody', 'correctMyData', { changes: { workCity: '深圳' } })).toMatchObject({
        ok: false,
        code: 'PROFILE_REQUIRED',
      });
    });

    it('logs a deletion request as pending and records consents with version and time', async () => {
      const req = await people('o-self-1', 'requestDeletion', { reason: '不再需要' });
      expect(req.data).toMatchObject({ type: 'delete', status: 'pending' });
      const consent = await people('o-self-1', 'recordConsent', {
        kind: 'public_notice',
        version: '2026-01',
        granted: false,
      });
      expect(consent.data).toMatchObject({ kind: 'public_notice', version: '2026-01', granted: false });
      const mine = await people('o-self-1', 'viewMyData');
      expect(mine.data.consents[0]).toMatchObject({ kind: 'public_notice', granted: false, at: consent.data.at });
      expect(mine.data.requests.map((r: { type: string }) => r.type)).toContain('delete');
    });

    it('lets the city admin carry out a deletion request: the data is erased and the ID may register again', async () => {
      const personId = (await people('o-self-1', 'me')).data.personId;
      expect((await people('demo-town-t15', 'listDataRequests')).code).toBe('FORBIDDEN');
      const pending = (await people('demo-admin', 'listDataRequests')).data.requests;
      const request = pending.find((r: { personId: string }) => r.personId === personId);
      expect(request).toMatchObject({ type: 'delete', name: '钱*试', homeVillageId: 't15-v02', reason: '不再需要' });
      const done = await people('demo-admin', 'resolveDataRequest', {
        requestId: request.requestId,
        outcome: 'done',
        note: '已按申请删除',
      });
      expect(done.data).toMatchObject({ requestId: request.requestId, status: 'done', note: '已按申请删除' });
      expect(
        await people('demo-admin', 'resolveDataRequest', {
          requestId: request.requestId,
          outcome: 'done',
          note: '再次处理',
        }),
      ).toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
      expect((await people('o-self-1', 'me')).data).toBeNull();
      const stored = ((await cloud.db.find('people', { limit: 1000 })) as Array<Record<string, unknown>>).find(
        (p) => p._id === personId,
      )!;
      expect(stored).toMatchObject({ name: '已删除', openid: null, erased: true, birthDate: '' });
      for (const key of ['idEnc', 'phoneEnc', 'phoneHash', 'workCity', 'employer'])
        expect(stored).not.toHaveProperty(key);
      expect((await people('demo-admin', 'viewPerson', { personId })).data).toBeDefined();
      const search = await people('demo-admin', 'searchPeople', { idNumber: freshId(1) });
      expect(search.data.total).toBe(0);
      const audit = (await cloud.db.find('audit_log', { limit: 1000 })) as Array<Record<string, unknown>>;
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'person.erase', targetId: personId, role: 'city_admin' }),
      );
      expect(
        (
          await people('o-self-1', 'saveProfile', {
            name: '钱测试',
            idNumber: freshId(1),
            homeVillageId: 't15-v02',
            categories: ['worker'],
          })
        ).ok,
      ).toBe(true);
    });

    it('shows a refused deletion request with the city union’s note', async () => {
      const asked = await people('o-self-2', 'requestDeletion', {});
      const refused = await people('demo-admin', 'resolveDataRequest', {
        requestId: asked.data.requestId,
        outcome: 'refused',
        note: '有在办的救助申请，办结后再删除',
      });
      expect(refused.data.status).toBe('refused');
      const mine = await people('o-self-2', 'viewMyData');
      expect(mine.data.requests.find((r: { requestId: string }) => r.requestId === asked.data.requestId)).toMatchObject(
        {
          status: 'refused',
          note: '有在办的救助申请，办结后再删除',
        },
      );
      expect(mine.data.profile).not.toBeNull();
    });
  });

  describe('profiles entered by a collector', () => {
    let claimCode = '';
    let personId = '';
    const input = () => ({
      name: '孙示例',
      idNumber: freshId(20),
      phone: '17000009999',
      homeVillageId: 't15-v01',
      categories: ['hardship'],
    });

    it('are created on behalf, marked, with a one-time claim code', async () => {
      plainValues.push(freshId(20), '17000009999');
      const created = await people('demo-collector-t15-v01', 'createOnBehalf', input());
      expect(created.ok).toBe(true);
      expect(created.data.person).toMatchObject({ name: '孙*例', enteredOnBehalf: true, claimed: false, masked: true });
      expect(created.data.claimCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      claimCode = created.data.claimCode;
      personId = created.data.person.personId;
      const again = await people('demo-collector-t15-v01', 'createOnBehalf', input());
      expect(again).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'idNumber' });
    });

    it('tells the collector where to find someone already registered, not to contact the collector', async () => {
      const again = await people('demo-collector-t15-v01', 'createOnBehalf', input());
      expect(again).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'idNumber' });
      expect(again.message).toContain('人员名单');
      expect(again.message).not.toMatch(/联系.*信息采集员|认领码认领/);
      // The person it is about reads the message written for them.
      const mine = await people('o-self-dup-reader', 'saveProfile', { ...profile(21), idNumber: freshId(20) });
      expect(mine.message).toContain('认领码');
    });

    it('cannot be claimed with a wrong code or name, and the answer does not say which was wrong', async () => {
      const wrongCode = await people('o-claimer', 'claimProfile', {
        name: '孙示例',
        idNumber: freshId(20),
        claimCode: 'ABCDEFGH',
      });
      const wrongName = await people('o-claimer', 'claimProfile', { name: '孙测试', idNumber: freshId(20), claimCode });
      expect(wrongCode).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(wrongName.message).toBe(wrongCode.message);
    });

    it('is claimed with name + ID number + code, once', async () => {
      const claimed = await people('o-claimer', 'claimProfile', {
        name: '孙示例',
        idNumber: freshId(20),
        claimCode: claimCode.toLowerCase(),
      });
      expect(claimed.data).toMatchObject({ personId, name: '孙示例', claimed: true, enteredOnBehalf: true });
      expect((await people('o-claimer', 'me')).data.personId).toBe(personId);
      const second = await people('o-claimer-2', 'claimProfile', { name: '孙示例', idNumber: freshId(20), claimCode });
      expect(second).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(
        await people('o-claimer', 'claimProfile', { name: '孙示例', idNumber: freshId(20), claimCode }),
      ).toMatchObject({ code: 'CONFLICT' });
    });

    it('locks after five wrong attempts until the collector issues a new code', async () => {
      const idNumber = fakeIdNumber(85);
      const name = ((await cloud.db.find('people', { limit: 1000 })) as Array<{ _id: string; name: string }>).find(
        (p) => p._id === 'p-000085',
      )!.name;
      for (let i = 0; i < 5; i += 1) {
        expect((await people('o-guesser', 'claimProfile', { name, idNumber, claimCode: `WRONG00${i}` })).code).toBe(
          'NOT_FOUND',
        );
      }
      const fresh = await people('demo-collector-t15-v01', 'reissueClaimCode', { personId: 'p-000085' });
      expect(fresh.ok).toBe(true);
      expect((await people('o-guesser', 'claimProfile', { name, idNumber, claimCode: 'WRONG009' })).code).toBe(
        'NOT_FOUND',
      );
      // Reissuing reset the counter; a sixth guess on the old counter would have been RATE_LIMITED.
      for (let i = 0; i < 4; i += 1)
        await people('o-guesser', 'claimProfile', { name, idNumber, claimCode: `WRONG01${i}` });
      expect(
        (await people('o-guesser', 'claimProfile', { name, idNumber, claimCode: fresh.data.claimCode })).code,
      ).toBe('RATE_LIMITED');
    });
  });

  describe('hostile input', () => {
    const base = () => ({ name: '周测试', idNumber: freshId(30), homeVillageId: 't15-v02', categories: ['worker'] });
    const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

    it.each<[string, Record<string, unknown>, string]>([
      ['full-width digits in the ID number', { idNumber: fullWidth(freshId(30)) }, 'idNumber'],
      [
        'a zero-width space in the ID number',
        { idNumber: `${freshId(30).slice(0, 6)}\u200B${freshId(30).slice(6)}` },
        'idNumber',
      ],
      ['an emoji in the name', { name: '周测试😀' }, 'name'],
      ['a 10,000-character name', { name: '周'.repeat(10_000) }, 'name'],
      ['a 10,000-character employer', { employer: '示'.repeat(10_000) }, 'employer'],
      ['an array for the ID number', { idNumber: [freshId(30)] }, 'idNumber'],
      ['an operator object for the ID number', { idNumber: { $ne: null } }, 'idNumber'],
      ['an operator object for the village', { homeVillageId: { $ne: null } }, 'homeVillageId'],
      ['an unknown village', { homeVillageId: 't99-v99' }, 'homeVillageId'],
      ['a forged openid', { openid: 'demo-admin' }, 'input'],
      ['a bad check digit', { idNumber: freshId(30).slice(0, 17) + ((Number(freshId(30)[17]) + 1) % 10) }, 'idNumber'],
      ['a full-width phone', { phone: fullWidth('13800001111') }, 'phone'],
    ])('refuses %s with INVALID_INPUT naming the field, writing nothing', async (_what, change, field) => {
      const before = await countPeople();
      const result = await people('o-fuzz', 'saveProfile', { ...base(), ...change });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
      expect(result.message).toMatch(/[\u4e00-\u9fff]/);
      expect(await countPeople()).toBe(before);
      expect((await people('o-fuzz', 'me')).data).toBeNull();
    });
  });

  it('lists the demo people at GET /dev/people: one of each role, the 翠林山村 migrant working in 深圳 first', async () => {
    const res = await fetch(`${cloud.url}/dev/people`);
    const { people: demo } = (await res.json()) as {
      people: Array<{ openid: string; role: string; gridNodeId: string; label: string }>;
    };
    const byOpenid = new Map(demo.map((p) => [p.openid, p]));
    expect(byOpenid.get('demo-admin')).toMatchObject({ role: 'city_admin', gridNodeId: 'city' });
    expect(byOpenid.get('demo-town-t15')).toMatchObject({ role: 'town_staff', gridNodeId: 't15' });
    expect(byOpenid.get('demo-collector-t15-v01')).toMatchObject({ role: 'village_collector', gridNodeId: 't15-v01' });
    expect(byOpenid.get('demo-migrant-1')).toMatchObject({
      role: 'migrant',
      gridNodeId: 't15-v01',
      label: expect.stringContaining('深圳'),
    });
    expect(byOpenid.get('demo-worker-1')).toMatchObject({ role: 'worker' });
    expect(byOpenid.get('demo-hardship-1')).toMatchObject({ role: 'hardship' });
    expect(demo.filter((p) => p.role === 'town_staff')).toHaveLength(16);
    expect(JSON.stringify(demo)).not.toMatch(ID_PATTERN);
  });

  describe('what is stored and logged', () => {
    it('stores no plain-text ID, phone or card number in any collection or in the database file', async () => {
      const seededIds = Array.from({ length: 90 }, (_, i) => fakeIdNumber(i));
      const seededPhones = Array.from({ length: 90 }, (_, i) => fakePhone(i));
      const collections = await cloud.db.listCollections();
      expect(collections).toEqual(
        expect.arrayContaining(['people', 'staff', 'audit_log', 'data_requests', 'consents']),
      );
      const known = [...plainValues, ...seededIds, ...seededPhones];
      for (const name of collections) {
        const text = JSON.stringify(await cloud.db.find(name, { limit: 5000 }));
        // Every collection: none of the values entered here or seeded, in clear.
        expect({ name, found: known.find((v) => text.includes(v)) ?? null }).toEqual({ name, found: null });
        // This domain's collections: nothing even shaped like an ID, phone or card number. (Other domains'
        // collections hold sort keys of 15+ digits, e.g. `999999999999999`, so the shape check is scoped.)
        if (!PEOPLE_COLLECTIONS.includes(name)) continue;
        expect({ name, id: ID_PATTERN.exec(text)?.[0] ?? null }).toEqual({ name, id: null });
        expect({ name, phone: PHONE_PATTERN.exec(text)?.[0] ?? null }).toEqual({ name, phone: null });
        expect({ name, card: CARD_PATTERN.exec(text)?.[0] ?? null }).toEqual({ name, card: null });
      }
      const files = fs.readdirSync(cloud.dataDir).filter((f) => f.startsWith('database.sqlite'));
      expect(files.length).toBeGreaterThan(0);
      const raw = files.map((f) => fs.readFileSync(path.join(cloud.dataDir, f)).toString('latin1')).join('\n');
      expect(known.find((v) => raw.includes(v)) ?? null).toBeNull();
    });

    it('stores ciphertext that decrypts with the cloud’s keys to what was entered', async () => {
      const cipher = new FieldCipher(cloud.devKeys);
      const stored = ((await cloud.db.find('people', { limit: 1000 })) as Array<{ _id: string; idEnc: string }>).find(
        (p) => p._id === 'p-demo-migrant-1',
      )!;
      expect(cipher.decrypt(stored.idEnc)).toBe(fakeIdNumber(0));
    });

    it('logs no ID, phone or card number', () => {
      const text = logged.join('\n');
      expect(text).toContain('[local-cloud] people OK');
      expect(ID_PATTERN.exec(text)?.[0] ?? null).toBeNull();
      expect(PHONE_PATTERN.exec(text)?.[0] ?? null).toBeNull();
      expect(CARD_PATTERN.exec(text)?.[0] ?? null).toBeNull();
    });
  });
});
