/**
 * CloudBase takes at most 50 files per `deleteFile` and `getTempFileURL` call and refuses a longer list
 * outright; the local cloud refuses it the same way, and the domain sends every list in batches of 50.
 */
import { deleteStoredFiles, STORAGE_BATCH } from '../../domain/runtime/storage';
import { startTestCloud, type TestCloud } from '../support/cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => cloud.close());

async function uploadMany(n: number): Promise<string[]> {
  const app = cloud.sdkApp();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1)
    ids.push((await app.uploadFile({ cloudPath: `batch/f${i}.txt`, fileContent: Buffer.from(`file ${i}`) })).fileID);
  return ids;
}

test('the local cloud refuses more than 50 files in one deleteFile or getTempFileURL call, deleting none', async () => {
  const ids = await uploadMany(51);
  const app = cloud.sdkApp();
  await expect(app.deleteFile({ fileList: ids })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  await expect(app.getTempFileURL({ fileList: ids })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  const wx = cloud.wxServer();
  await expect(wx.deleteFile({ fileList: ids })).rejects.toBeTruthy();
  const client = await fetch(`${cloud.url}/wx/deleteFile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'o' },
    body: JSON.stringify({ fileList: ids }),
  });
  expect(client.status).toBe(400);
  const still = await app.getTempFileURL({ fileList: ids.slice(0, 50) });
  expect(still.fileList.every((f: { code: string }) => f.code === 'SUCCESS')).toBe(true);
  expect((await app.deleteFile({ fileList: ids.slice(0, 50) })).fileList).toHaveLength(50);
});

test('deleteStoredFiles sends any number of files in batches of 50 and reports what storage kept', async () => {
  const ids = await uploadMany(120);
  const calls: number[] = [];
  const wx = cloud.wxServer();
  const ctx = {
    cloud: {
      deleteFile: (o: { fileList: string[] }) => {
        calls.push(o.fileList.length);
        return wx.deleteFile(o);
      },
    },
    log: { warn: () => undefined },
  } as unknown as Parameters<typeof deleteStoredFiles>[0];
  const missing = `cloud://${cloud.envId}.bucket/batch/never-uploaded.txt`;
  const result = await deleteStoredFiles(ctx, [...ids, missing]);
  expect(calls).toEqual([STORAGE_BATCH, STORAGE_BATCH, 21]);
  expect(result.kept).toEqual([]);
  expect(result.gone.sort()).toEqual([...ids, missing].sort());
});
