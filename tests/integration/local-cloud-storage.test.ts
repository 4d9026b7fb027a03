/**
 * Cloud storage through the real SDKs: upload, temporary URL, download, file info, delete; the client endpoints
 * the preview uses; signed URLs; files surviving a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

// Cold starts of function instances (worker + wx-server-sdk load) take longer on a busy machine.
jest.setTimeout(30_000);

let cloud: TestCloud;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-storage-'));

beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
});

afterAll(async () => {
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('node-sdk round trip: upload, temp URL, download, file info, delete', async () => {
  const app = cloud.sdkApp();
  const bytes = Buffer.from('证明材料 · proof of hardship');
  const up = await app.uploadFile({ cloudPath: 'cases/c1/proof.txt', fileContent: bytes });
  expect(up.fileID).toMatch(new RegExp(`^cloud://${cloud.envId}\\.[^/]+/cases/c1/proof\\.txt$`));

  const urls = await app.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 60 }] });
  const { tempFileURL, code } = urls.fileList[0] as { tempFileURL: string; code: string };
  expect(code).toBe('SUCCESS');
  expect(tempFileURL.startsWith(`${cloud.url}/storage/`)).toBe(true);
  const fetched = await fetch(tempFileURL);
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

  const down = await app.downloadFile({ fileID: up.fileID });
  expect(Buffer.isBuffer(down.fileContent) && down.fileContent.equals(bytes)).toBe(true);

  const info = await app.getFileInfo({ fileList: [up.fileID] });
  expect(info.fileList[0]).toMatchObject({ code: 'SUCCESS', size: bytes.length, fileName: 'proof.txt' });
  expect(String(info.fileList[0].mime)).toBe('text/plain');

  const del = await app.deleteFile({ fileList: [up.fileID] });
  expect(del.fileList[0]).toMatchObject({ fileID: up.fileID, code: 'SUCCESS' });
  const after = await app.getTempFileURL({ fileList: [up.fileID] });
  expect(after.fileList[0]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  expect((await fetch(tempFileURL)).status).toBe(404);
});

test('wx-server-sdk inside a function does the same round trip', async () => {
  const { result } = await cloud.callFunction(
    'files',
    { cloudPath: 'fn/hello.txt', text: 'hello from a function' },
    { openid: 'o1' },
  );
  expect(result).toMatchObject({ downloaded: 'hello from a function', deleted: 0 });
  expect((result as { fileID: string }).fileID).toContain('/fn/hello.txt');
});

test('a temp URL with a tampered signature or path is refused', async () => {
  const { fileID } = await cloud
    .sdkApp()
    .uploadFile({ cloudPath: 'private/a.txt', fileContent: Buffer.from('secret') });
  const { fileList } = await cloud.sdkApp().getTempFileURL({ fileList: [fileID] });
  const good = (fileList[0] as { tempFileURL: string }).tempFileURL;
  expect((await fetch(good.replace(/sign=[0-9a-f]/, 'sign=z'))).status).toBe(403);
  expect((await fetch(good.replace('private/a.txt', 'private/b.txt'))).status).toBe(403);
});

test('a cloudPath escaping the storage root is refused', async () => {
  await expect(
    cloud.sdkApp().uploadFile({ cloudPath: '../../etc/x', fileContent: Buffer.from('x') }),
  ).rejects.toBeTruthy();
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent('../x')}`, {
    method: 'POST',
    body: 'x',
  });
  expect(res.status).toBe(400);
});

/** Where the mini-program uploads (the only place the storage rules let a client write). */
const ownPath = (name: string, ext = 'png') => `uploads/${'0123456789abcdef'}/202603/${name}.${ext}`;

test('the preview endpoints /wx/uploadFile and /wx/getTempFileURL (as the uploader)', async () => {
  const cloudPath = ownPath('avatar-o1');
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'o1' },
    body: Buffer.from([137, 80, 78, 71]),
  });
  expect(res.status).toBe(200);
  const up = (await res.json()) as { fileID: string; statusCode: number; errMsg: string };
  expect(up).toMatchObject({ statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
  const urls = await fetch(`${cloud.url}/wx/getTempFileURL`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' },
    body: JSON.stringify({ fileList: [up.fileID, 'cloud://other.bucket/x.png'] }),
  });
  const body = (await urls.json()) as { fileList: Array<{ tempFileURL: string; status: number }>; errMsg: string };
  expect(body.errMsg).toBe('cloud.getTempFileURL:ok');
  expect(body.fileList[0].status).toBe(0);
  expect(body.fileList[1].status).not.toBe(0);
  const img = await fetch(body.fileList[0].tempFileURL);
  expect(img.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await img.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
});

test('GET /wx/file redirects the uploader to a cloud:// fileID’s content; /wx/deleteFile removes it', async () => {
  const cloudPath = ownPath('photo-o1', 'jpg');
  const up = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'o1' },
    body: 'jpeg-bytes',
  });
  const { fileID } = (await up.json()) as { fileID: string };
  const res = await fetch(`${cloud.url}/wx/file?fileID=${encodeURIComponent(fileID)}&openid=o1`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(await res.text()).toBe('jpeg-bytes');
  const del = await fetch(`${cloud.url}/wx/deleteFile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' },
    body: JSON.stringify({ fileList: [fileID] }),
  });
  expect(await del.json()).toEqual({ fileList: [{ fileID, status: 0, errMsg: 'ok' }], errMsg: 'cloud.deleteFile:ok' });
  expect((await fetch(`${cloud.url}/wx/file?fileID=${encodeURIComponent(fileID)}&openid=o1`)).status).toBe(404);
});

test('files survive a restart of the local cloud', async () => {
  const { fileID } = await cloud
    .sdkApp()
    .uploadFile({ cloudPath: 'keep/me.txt', fileContent: Buffer.from('still here') });
  await cloud.close();
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
  const down = await cloud.sdkApp().downloadFile({ fileID });
  expect(down.fileContent?.toString('utf8')).toBe('still here');
});
