/**
 * Consent on behalf, through the real wx-server-sdk against a seeded local cloud: a collector enters a profile
 * for someone without a smartphone and records the signed paper consent forms with a photo; the person claims
 * the profile, sees the paper records and withdraws one.
 */
import { fakePng } from '../support/images';
import { hasConsent } from '../../domain/people/profile';
import type { Database } from '../../domain/runtime/db';
import { makeIdNumber } from '../../domain/security/validators';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const COLLECTOR = 'demo-collector-t15-v01';
const OTHER_COLLECTOR = 'demo-collector-t01-v01';
const TOWN = 'demo-town-t15';
const PERSON = 'o-paper-consent-1';

describe('consent on behalf', () => {
  let cloud: TestCloud;
  const people = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'people', action, input);
  const db = () => cloud.sdkApp().database();
  /** Upload as the client does: `cases.uploadPath`, then `wx.cloud.uploadFile`. */
  const upload = async (openid: string): Promise<string> => {
    const path = await callAs(cloud, openid, 'cases', 'uploadPath', { ext: 'jpg' });
    expect(path.ok).toBe(true);
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': openid },
      body: fakePng('签字同意书'),
    });
    return ((await res.json()) as { fileID: string }).fileID;
  };
  const idNumber = makeIdNumber('421087', '19520318', 731);
  let personId = '';
  let claimCode = '';
  let photo = '';

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('records the signed paper forms with a photo, marked on-behalf and audited', async () => {
    const created = await people(COLLECTOR, 'createOnBehalf', {
      name: '冯纸质',
      idNumber,
      phone: '17000008888',
      homeVillageId: 't15-v01',
      categories: ['hardship'],
    });
    expect(created.ok).toBe(true);
    personId = created.data.person.personId;
    claimCode = created.data.claimCode;
    photo = await upload(COLLECTOR);
    for (const kind of ['sensitive_data', 'public_notice']) {
      const r = await people(COLLECTOR, 'recordConsentOnBehalf', {
        personId,
        kind,
        version: '2026-01',
        granted: true,
        formPhotoFileId: photo,
      });
      expect(r).toMatchObject({ ok: true, data: { kind, granted: true, onBehalf: true, formPhotoFileId: photo } });
      expect(r.data.recordedBy).toContain('*');
    }
    const staffView = await people(TOWN, 'listConsents', { personId });
    expect(staffView.data.consents).toHaveLength(2);
    expect(staffView.data.consents.every((c: { onBehalf: boolean }) => c.onBehalf)).toBe(true);
    const audit = (await db().collection('audit_log').where({ action: 'person.consentOnBehalf' }).get()).data;
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(idNumber);
    expect(await hasConsent({ db: db() as unknown as Database }, { personId }, 'public_notice')).toBe(true);
  });

  it('refuses without a photo the collector uploaded, outside the scope, for a self-registered person, and forged fields', async () => {
    const base = { personId, kind: 'public_notice', version: '2026-01', granted: true };
    expect((await people(COLLECTOR, 'recordConsentOnBehalf', base)).field).toBe('formPhotoFileId');
    const someoneElses = await upload(TOWN);
    expect(await people(COLLECTOR, 'recordConsentOnBehalf', { ...base, formPhotoFileId: someoneElses })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'formPhotoFileId',
    });
    expect(
      (await people(COLLECTOR, 'recordConsentOnBehalf', { ...base, formPhotoFileId: 'cloud://other-env.x/a.jpg' }))
        .field,
    ).toBe('formPhotoFileId');
    // A path under the collector's own prefix that was never uploaded, and an uploaded photo deleted since.
    const path = await callAs(cloud, COLLECTOR, 'cases', 'uploadPath', { ext: 'jpg' });
    const ghost = `cloud://${cloud.envId}.bucket/${path.data.cloudPath}`;
    const missing = await people(COLLECTOR, 'recordConsentOnBehalf', { ...base, formPhotoFileId: ghost });
    expect(missing).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'formPhotoFileId' });
    expect(missing.message).toContain('找不到');
    const deleted = await upload(COLLECTOR);
    await cloud.sdkApp().deleteFile({ fileList: [deleted] });
    expect(await people(COLLECTOR, 'recordConsentOnBehalf', { ...base, formPhotoFileId: deleted })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'formPhotoFileId',
    });
    expect((await people(OTHER_COLLECTOR, 'listConsents', { personId })).code).toBe('NOT_FOUND');
    expect(
      (
        await people(OTHER_COLLECTOR, 'recordConsentOnBehalf', {
          ...base,
          formPhotoFileId: await upload(OTHER_COLLECTOR),
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect((await people('demo-worker-1', 'recordConsentOnBehalf', { ...base, formPhotoFileId: photo })).code).toBe(
      'FORBIDDEN',
    );
    const forged = await people(COLLECTOR, 'recordConsentOnBehalf', {
      ...base,
      formPhotoFileId: photo,
      openid: PERSON,
    });
    expect(forged.code).toBe('INVALID_INPUT');
    // A person who registered themselves records their own consents.
    const selfRegistered = (await people('demo-worker-1', 'me')).data.personId;
    expect(
      await people(COLLECTOR, 'recordConsentOnBehalf', { ...base, personId: selfRegistered, formPhotoFileId: photo }),
    ).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect((await db().collection('consents').where({ personId }).get()).data).toHaveLength(2);
  });

  it('shows the paper forms to the person after claiming, who may withdraw one; staff can no longer record', async () => {
    const claimed = await people(PERSON, 'claimProfile', { name: '冯纸质', idNumber, claimCode });
    expect(claimed.ok).toBe(true);
    const mine = await people(PERSON, 'viewMyData');
    expect(mine.data.consents).toHaveLength(2);
    expect(mine.data.consents[0]).toMatchObject({ onBehalf: true, formPhotoFileId: photo, granted: true });

    const withdrawn = await people(PERSON, 'recordConsent', {
      kind: 'public_notice',
      version: '2026-01',
      granted: false,
    });
    expect(withdrawn.ok).toBe(true);
    const after = (await people(PERSON, 'viewMyData')).data.consents as { kind: string; granted: boolean }[];
    expect(after).toHaveLength(3);
    expect(after.find((c) => c.kind === 'public_notice')).toMatchObject({ granted: false });
    expect(await hasConsent({ db: db() as unknown as Database }, { personId }, 'public_notice')).toBe(false);
    expect(await hasConsent({ db: db() as unknown as Database }, { personId }, 'sensitive_data')).toBe(true);

    const late = await people(COLLECTOR, 'recordConsentOnBehalf', {
      personId,
      kind: 'public_notice',
      version: '2026-01',
      granted: true,
      formPhotoFileId: photo,
    });
    expect(late).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(await hasConsent({ db: db() as unknown as Database }, { personId }, 'public_notice')).toBe(false);
  });
});
