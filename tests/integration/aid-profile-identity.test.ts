/**
 * The aid form takes the applicant's ID number and phone from their own profile when it leaves them out (the
 * form shows them masked to confirm; a correction goes through the profile), and asks for a phone the profile
 * does not have (issue 12 item 2).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { aidCalls, hardshipForm, hardshipRoundConfig } from '../support/aid';
import { makeIdNumber } from '../../domain/security/validators';

jest.setTimeout(120_000);

const ADMIN = 'demo-admin';

describe('aid identity from the profile', () => {
  let cloud: TestCloud;
  const { rid, aid } = aidCalls(() => cloud, 'identity');
  const people = (openid: string, action: string, input: unknown) => callAs(cloud, openid, 'people', action, input);
  let round: string;

  beforeAll(async () => {
    cloud = await startSeededCloud();
    round = (await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() })).data.roundId;
    await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 });
  });
  afterAll(async () => cloud?.close());

  async function person(openid: string, n: number, phone?: string) {
    const idNumber = makeIdNumber('421087', `1979${String(n).padStart(2, '0')}10`, 700 + n);
    const profile = {
      name: '钱示例',
      idNumber,
      homeVillageId: 't15-v01',
      categories: ['hardship'],
      ...(phone ? { phone } : {}),
    };
    expect((await people(openid, 'saveProfile', profile)).ok).toBe(true);
    return { openid, name: '钱示例', idNumber, villageId: 't15-v01', householdSize: 1 };
  }
  const withoutIdentity = (p: Awaited<ReturnType<typeof person>>) => {
    const form = hardshipForm(round, p);
    const { idNumber: _id, mobile: _mobile, ...applicant } = form.applicant;
    return { ...form, applicant };
  };

  it('takes the ID number and phone the form leaves out from the applicant’s profile', async () => {
    const p = await person('o-identity-1', 1, '13712345678');
    const r = await aid(p.openid, 'submit', withoutIdentity(p), rid());
    expect(r.ok).toBe(true);
    expect(r.data.applicant.idNumber).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    expect(r.data.applicant.mobile).toBe('137****5678');
  });

  it('asks for the phone when the profile has none, naming the field', async () => {
    const p = await person('o-identity-2', 2);
    const r = await aid(p.openid, 'submit', withoutIdentity(p), rid());
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'applicant.mobile', message: '请填写手机号' });
    const typed = await aid(
      p.openid,
      'submit',
      { ...withoutIdentity(p), applicant: { ...withoutIdentity(p).applicant, mobile: '13600001111' } },
      rid(),
    );
    expect(typed.ok).toBe(true);
    expect(typed.data.applicant.mobile).toBe('136****1111');
  });

  it('still refuses an ID number typed in that is not the profile’s', async () => {
    const p = await person('o-identity-3', 3, '13712340000');
    const other = makeIdNumber('421087', '19790320', 799);
    const form = hardshipForm(round, { ...p, idNumber: other });
    const r = await aid(p.openid, 'submit', form, rid());
    expect(r).toMatchObject({ ok: false, field: 'applicant.idNumber' });
  });
});
