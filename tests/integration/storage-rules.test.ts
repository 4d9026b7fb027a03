/**
 * The repo's storage security rules, enforced by the local cloud on its client storage routes as CloudBase applies
 * them: a person reads, overwrites and deletes only what they uploaded, only under uploads/; a file a function
 * wrote is no client's; anonymous calls get nothing. The uploader is recorded per file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newUploadPath } from '../../domain/cases/uploads';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(60_000);

let cloud: TestCloud;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-rules-'));
beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
});
afterAll(async () => {
  await cloud?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const headers = (openid?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(openid ? { 'x-wx-openid': openid } : {}),
});
async function upload(openid: string | undefined, cloudPath: string, body = 'photo-bytes') {
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: openid ? { 'x-wx-openid': openid } : {},
    body,
  });
  return { status: res.status, body: (await res.json()) as { fileID?: string; errMsg: string } };
}
async function tempUrl(openid: string | undefined, fileID: string) {
  const res = await fetch(`${cloud.url}/wx/getTempFileURL`, {
    method: 'POST',
    headers: headers(openid),
    body: JSON.stringify({ fileList: [{ fileID, maxAge: 60 }] }),
  });
  return ((await res.json()) as { fileList: Array<{ status: number; tempFileURL: string; errMsg: string }> })
    .fileList[0];
}
async function remove(openid: string | undefined, fileID: string) {
  const res = await fetch(`${cloud.url}/wx/deleteFile`, {
    method: 'POST',
    headers: headers(openid),
    body: JSON.stringify({ fileList: [fileID] }),
  });
  return ((await res.json()) as { fileList: Array<{ status: number; errMsg: string }> }).fileList[0];
}
const pathOf = (openid: string) => newUploadPath(openid, 'jpg', new Date()).cloudPath;

test('the uploader reads their file; another person and an anonymous caller get no URL', async () => {
  const { body } = await upload('o-owner', pathOf('o-owner'), '录取通知书');
  const fileID = body.fileID as string;
  const own = await tempUrl('o-owner', fileID);
  expect(own.status).toBe(0);
  expect(await (await fetch(own.tempFileURL)).text()).toBe('录取通知书');
  for (const stranger of ['o-stranger', undefined]) {
    expect(await tempUrl(stranger, fileID)).toMatchObject({
      status: -503002,
      errMsg: 'STORAGE_EXCEED_AUTHORITY',
      tempFileURL: '',
    });
  }
  // The preview's <image src> route applies the same rule.
  const img = (openid: string) =>
    fetch(`${cloud.url}/wx/file?fileID=${encodeURIComponent(fileID)}&openid=${openid}`, { redirect: 'manual' });
  expect((await img('o-owner')).status).toBe(302);
  expect((await img('o-stranger')).status).toBe(403);
  expect((await fetch(`${cloud.url}/wx/file?fileID=${encodeURIComponent(fileID)}`)).status).toBe(403);
});

test('nobody but the uploader overwrites or deletes a file', async () => {
  const cloudPath = pathOf('o-owner');
  const { body } = await upload('o-owner', cloudPath, 'original');
  const fileID = body.fileID as string;
  const overwrite = await upload('o-stranger', cloudPath, 'forged');
  expect(overwrite).toMatchObject({
    status: 403,
    body: { errMsg: expect.stringContaining('STORAGE_EXCEED_AUTHORITY') },
  });
  expect((await upload(undefined, cloudPath, 'forged')).status).toBe(403);
  expect(await remove('o-stranger', fileID)).toMatchObject({ status: -503002 });
  expect(await remove(undefined, fileID)).toMatchObject({ status: -503002 });
  expect(await (await fetch((await tempUrl('o-owner', fileID)).tempFileURL)).text()).toBe('original');
  // The uploader may replace and delete it.
  expect((await upload('o-owner', cloudPath, 'replaced')).status).toBe(200);
  expect(await (await fetch((await tempUrl('o-owner', fileID)).tempFileURL)).text()).toBe('replaced');
  expect(await remove('o-owner', fileID)).toMatchObject({ status: 0 });
  expect(await tempUrl('o-owner', fileID)).toMatchObject({ status: -503003 });
});

test('clients write only under uploads/, in the shape the functions hand out, and only signed in', async () => {
  for (const cloudPath of [
    'aid-exports/b1/bank.csv',
    'avatars/o-owner.png',
    'uploads/o-owner/x.jpg',
    pathOf('o-owner').replace(/\.jpg$/, '.html'),
  ]) {
    expect([cloudPath, (await upload('o-owner', cloudPath)).status]).toEqual([cloudPath, 403]);
  }
  expect((await upload(undefined, pathOf('o-anon'))).status).toBe(403);
});

test('a file a function or script wrote is no client’s to read or delete', async () => {
  const { fileID } = await cloud
    .sdkApp()
    .uploadFile({ cloudPath: 'aid-exports/b9/bank.csv', fileContent: Buffer.from('6217000000000000001,张三') });
  for (const who of ['o-owner', 'o-stranger', undefined]) {
    expect(await tempUrl(who, fileID)).toMatchObject({ status: -503002 });
    expect(await remove(who, fileID)).toMatchObject({ status: -503002 });
  }
  // Functions and admin scripts are not bound by the rules (as on CloudBase).
  const admin = await cloud.sdkApp().getTempFileURL({ fileList: [fileID] });
  expect(admin.fileList[0]).toMatchObject({ code: 'SUCCESS' });
});

test('the uploader is recorded per file and survives a restart', async () => {
  const { body } = await upload('o-keeper', pathOf('o-keeper'));
  await cloud.close();
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
  expect(await tempUrl('o-keeper', body.fileID as string)).toMatchObject({ status: 0 });
  expect(await tempUrl('o-stranger', body.fileID as string)).toMatchObject({ status: -503002 });
});
