/**
 * Files a case refers to must be in storage: a form or message naming a file that was never uploaded, or was
 * deleted since, is refused with INVALID_INPUT naming the field, through the real wx-server-sdk.
 */
import { fakePng } from '../support/images';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const MIGRANT = 'demo-migrant-1';
const COLLECTOR = 'demo-collector-t15-v01';

const form = (over: Record<string, unknown> = {}) => ({
  category: 'wage_arrears',
  facts: '在深圳某工地务工，老板拖欠三个月工资共一万二千元，多次讨要未果。',
  employer: '深圳示例建筑有限公司',
  workCity: '深圳',
  contactPreference: 'phone',
  amountOwedFen: 1_200_000,
  ...over,
});

describe('case attachments must exist in storage', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `req-stored-${Date.now()}-${(seq += 1)}`;
  const call = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, requestId);
  const submit = (openid: string, over: Record<string, unknown> = {}) =>
    call(openid, 'submit', { type: 'appeal', form: form(over) }, rid());
  const count = async (collection: string) =>
    (await cloud.sdkApp().database().collection(collection).where({}).count()).total as number;
  /** A path under the caller's own prefix, not uploaded. */
  const ownPath = async (openid: string, ext = 'jpg'): Promise<string> => {
    const path = await call(openid, 'uploadPath', { ext });
    expect(path.ok).toBe(true);
    return `cloud://${cloud.envId}.bucket/${path.data.cloudPath}`;
  };
  /** Upload as the client does (a fake image). */
  const upload = async (openid: string): Promise<string> => {
    const path = await call(openid, 'uploadPath', { ext: 'jpg' });
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': openid },
      body: fakePng('工资条照片'),
    });
    return ((await res.json()) as { fileID: string }).fileID;
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('refuses a form naming a file that was never uploaded, and writes nothing', async () => {
    const real = await upload(MIGRANT);
    const ghost = await ownPath(MIGRANT);
    const cases = await count('cases');
    const r = await submit(MIGRANT, { attachments: [real, ghost] });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form.attachments.1' });
    expect(r.message).toContain('重新上传');
    expect(await count('cases')).toBe(cases);
    const fine = await submit(MIGRANT, { attachments: [real] });
    expect(fine.ok).toBe(true);
    expect(fine.data.form.attachments).toEqual([real]);
  });

  it('refuses a file deleted from storage since it was uploaded', async () => {
    const gone = await upload(MIGRANT);
    const del = (await cloud.sdkApp().deleteFile({ fileList: [gone] })) as { fileList: { code?: string }[] };
    expect(del.fileList[0].code ?? 'SUCCESS').toBe('SUCCESS');
    expect(await submit(MIGRANT, { attachments: [gone] })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'form.attachments.0',
    });
  });

  it('refuses a message attachment that is not in storage, by either side', async () => {
    const submitted = await submit(MIGRANT);
    expect(submitted.ok).toBe(true);
    const caseId = submitted.data._id as string;
    const version = async () => (await call(MIGRANT, 'get', { caseId })).data.version as number;
    const ghost = await ownPath(MIGRANT);
    const real = await upload(MIGRANT);
    const refused = await call(MIGRANT, 'act', {
      caseId,
      action: 'comment',
      version: await version(),
      comment: '补充照片',
      attachments: [real, ghost],
    });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'attachments.1' });
    const staffGhost = await ownPath(COLLECTOR, 'pdf');
    expect(
      await call(COLLECTOR, 'act', {
        caseId,
        action: 'comment',
        version: await version(),
        comment: '调解协议',
        attachments: [staffGhost],
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'attachments.0' });
    const sent = await call(MIGRANT, 'act', {
      caseId,
      action: 'comment',
      version: await version(),
      comment: '补充照片',
      attachments: [real],
    });
    expect(sent.ok).toBe(true);
    expect(sent.data.messages.at(-1).attachments).toEqual([real]);
  });
});
