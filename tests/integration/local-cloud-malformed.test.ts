/**
 * No request crashes the local cloud. Malformed and hostile requests on every route — directory ids, path tricks,
 * bad bodies, bad signatures, aborted uploads — are answered with a 4xx/5xx JSON (or refused per file), and after
 * each the server still answers and functions still run.
 */
import http from 'node:http';
import { newUploadPath } from '../../domain/cases/uploads';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(60_000);

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
  // A real upload, so uploads/<prefix>/<month>/ exists as directories on disk.
  const cloudPath = newUploadPath('o-owner', 'png', new Date('2026-03-01T00:00:00Z')).cloudPath;
  await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'o-owner' },
    body: 'png',
  });
  existing = cloudPath;
});
afterAll(async () => {
  await cloud?.close();
});
let existing = '';

/** The server still answers and runs functions. */
async function stillAlive(): Promise<void> {
  expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
  const call = await cloud.callFunction('whoami', {}, { openid: 'o-alive' });
  expect(call.errMsg).toBe('cloud.callFunction:ok');
}
/** The bucket of this cloud's fileIDs (learnt from a real upload in the first test). */
let bucket = '';
const idOf = (cloudPath: string) => `cloud://${cloud.envId}.${bucket}/${cloudPath}`;

async function post(route: string, body: string | Buffer, extra: Record<string, string> = {}) {
  const res = await fetch(`${cloud.url}${route}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'o-owner', ...extra },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
}

test('directory ids: no temp URL, nothing deleted, and fetching what an admin gets does not crash the server', async () => {
  // Learn the bucket from a real fileID.
  const real = await cloud.sdkApp().uploadFile({ cloudPath: 'probe/p.txt', fileContent: Buffer.from('p') });
  bucket = /^cloud:\/\/[^.]+\.([^/]+)\//.exec(real.fileID)?.[1] ?? '';
  const dirs = [
    'uploads',
    'uploads/',
    existing.split('/').slice(0, 2).join('/'),
    existing.split('/').slice(0, 3).join('/'),
    '',
  ];
  for (const dir of dirs) {
    const clientAnswer = await post('/wx/getTempFileURL', JSON.stringify({ fileList: [idOf(dir)] }), {
      'content-type': 'application/json',
    });
    expect(clientAnswer.status).toBe(200);
    expect(JSON.parse(clientAnswer.text).fileList[0]).toMatchObject({ tempFileURL: '' });
    const admin = await cloud.sdkApp().getTempFileURL({ fileList: [idOf(dir)] });
    const url = (admin.fileList[0] as { tempFileURL?: string }).tempFileURL;
    if (url) expect((await fetch(url)).status).toBeGreaterThanOrEqual(400);
    expect(
      JSON.parse((await post('/wx/deleteFile', JSON.stringify({ fileList: [idOf(dir)] }))).text).fileList[0].status,
    ).not.toBe(0);
    const adminDelete = await cloud.sdkApp().deleteFile({ fileList: [idOf(dir)] });
    expect((adminDelete.fileList[0] as { code: string }).code).not.toBe('SUCCESS');
  }
  // The real file under those directories is untouched.
  expect((await cloud.sdkApp().downloadFile({ fileID: idOf(existing) })).fileContent?.toString()).toBe('png');
  await stillAlive();
});

test('upload paths that cannot name a file are refused with 400', async () => {
  const prefix = existing.split('/').slice(0, 3).join('/');
  for (const cloudPath of [
    '',
    '/',
    '..',
    'uploads/../x.png',
    `${prefix}/./x.png`,
    `${prefix}//x.png`,
    `${prefix}/`,
    `${prefix}\\x.png`,
    `${prefix}/x\u0000.png`,
    `${prefix}/${'a'.repeat(900)}.png`,
  ]) {
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': 'o-owner' },
      body: 'x',
    });
    expect([JSON.stringify(cloudPath).slice(0, 40), res.status]).toEqual([JSON.stringify(cloudPath).slice(0, 40), 400]);
  }
  // Through the admin SDK: a path that is a folder, or runs through a file, is refused; both stay as they were.
  await expect(cloud.sdkApp().uploadFile({ cloudPath: prefix, fileContent: Buffer.from('x') })).rejects.toBeTruthy();
  await expect(
    cloud.sdkApp().uploadFile({ cloudPath: `${existing}/child.png`, fileContent: Buffer.from('x') }),
  ).rejects.toBeTruthy();
  expect((await cloud.sdkApp().downloadFile({ fileID: idOf(existing) })).fileContent?.toString()).toBe('png');
  await stillAlive();
});

test('bad bodies and lists on the storage routes', async () => {
  for (const route of ['/wx/getTempFileURL', '/wx/deleteFile', '/wx/callFunction']) {
    for (const body of [
      '{nope',
      '[]',
      'null',
      '"x"',
      JSON.stringify({ fileList: 'x' }),
      JSON.stringify({ fileList: { a: 1 } }),
    ]) {
      const res = await post(route, body, { 'content-type': 'application/json' });
      expect(res.status).toBeGreaterThanOrEqual(route === '/wx/callFunction' ? 200 : 400);
      expect(() => JSON.parse(res.text)).not.toThrow();
    }
  }
  const odd = await post(
    '/wx/getTempFileURL',
    JSON.stringify({ fileList: [null, 5, {}, { fileID: {} }, { fileID: 'cloud://x' }, 'x'.repeat(10_000), ['a']] }),
  );
  expect(odd.status).toBe(200);
  expect(JSON.parse(odd.text).fileList.every((f: { status: number }) => f.status !== 0)).toBe(true);
  const many = await post('/wx/getTempFileURL', JSON.stringify({ fileList: Array(1001).fill('cloud://x/y') }));
  expect(many.status).toBe(400);
  await stillAlive();
});

test('bad paths and signatures on the download and upload URLs', async () => {
  for (const route of [
    '/storage/%E0%A4%A',
    '/storage/uploads?e=1&sign=x',
    '/storage/?e=1&sign=x',
    '/storage/..%2F..%2Fetc%2Fpasswd',
  ]) {
    const res = await fetch(`${cloud.url}${route}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
  const put = await fetch(`${cloud.url}/storage-upload/x.png?e=1&sign=bad`, { method: 'PUT', body: 'x' });
  expect(put.status).toBe(403);
  const badPut = await fetch(`${cloud.url}/storage-upload/%E0%A4%A?e=1&sign=bad`, { method: 'PUT', body: 'x' });
  expect(badPut.status).toBe(400);
  expect(
    (await fetch(`${cloud.url}/wx/file?fileID=${encodeURIComponent(idOf('uploads'))}&openid=o-owner`)).status,
  ).toBe(404);
  await stillAlive();
});

test('malformed admin API requests and dev routes are answered', async () => {
  for (const [body, type] of [
    ['not json', 'application/json'],
    ['[]', 'application/json'],
    ['--x\r\n', 'multipart/form-data'],
    [
      JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{not json' }),
      'application/json',
    ],
    [JSON.stringify({ action: 'database.queryDocument', collectionName: { $ne: 1 } }), 'application/json'],
    [
      JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: [null, 7, { fileid: {} }] }),
      'application/json',
    ],
    [JSON.stringify({ action: 'storage.batchDeleteFile', fileid_list: 'nope' }), 'application/json'],
    [JSON.stringify({ action: 'storage.getUploadMetadata', path: { a: 1 } }), 'application/json'],
  ] as const) {
    const res = await fetch(`${cloud.url}/admin`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBeLessThan(500);
    const answer = JSON.parse(await res.text()) as { code?: string; data?: unknown };
    expect(answer.code ?? answer.data).toBeTruthy();
  }
  for (const route of [
    '/dev/collections/%ZZ',
    '/dev/collections/no_such_collection',
    '/dev/timers/%ZZ',
    '/dev/people?x=%ZZ',
  ]) {
    const res = await fetch(`${cloud.url}${route}`, { method: route.startsWith('/dev/timers') ? 'POST' : 'GET' });
    expect(typeof JSON.parse(await res.text())).toBe('object');
  }
  await stillAlive();
});

test('an upload aborted half way leaves the server answering', async () => {
  const cloudPath = newUploadPath('o-owner', 'png', new Date()).cloudPath;
  await new Promise<void>((resolve) => {
    const req = http.request(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': 'o-owner', 'content-length': '1000000' },
    });
    req.on('error', () => resolve());
    req.write(Buffer.alloc(1000, 1));
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 100);
  });
  await stillAlive();
});
