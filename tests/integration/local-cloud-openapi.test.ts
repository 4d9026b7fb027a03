/**
 * Open APIs answered locally, called by the real wx-server-sdk (`cloud.openapi.*`) inside functions:
 * content security against word lists, subscribe messages into an outbox, phone numbers, permissions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

// Cold starts of function instances (worker + wx-server-sdk load) take longer on a busy machine.
jest.setTimeout(30_000);

/** What the `openapi` fixture returns: the SDK result, or the SDK error's errCode/errMsg. */
type OpenApiOutcome = {
  ok: boolean;
  errCode?: number;
  errMsg?: string;
  result?: {
    errCode?: number;
    result?: { suggest: string; label: number };
    phoneInfo?: { phoneNumber: string; purePhoneNumber: string; countryCode: string };
  };
};

let cloud: TestCloud;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-openapi-'));

beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
});

afterAll(async () => {
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openapi(api: string, params: object, fn = 'openapi', openid = 'o-user'): Promise<OpenApiOutcome> {
  const { result } = await cloud.callFunction(fn, { api, params }, { openid });
  return result as OpenApiOutcome;
}

function secCheck(content: string): Promise<OpenApiOutcome> {
  return openapi('security.msgSecCheck', { content, version: 2, scene: 2, openid: 'o-user' });
}

describe('security.msgSecCheck (v2)', () => {
  test('ordinary text passes', async () => {
    const out = await secCheck('申请困难帮扶，家中老人住院');
    expect(out).toMatchObject({ ok: true, result: { result: { suggest: 'pass', label: 100 }, errCode: 0 } });
  });

  test('a risky word gives suggest risky with a label', async () => {
    const out = await secCheck('这里有赌博网站');
    expect(out).toMatchObject({ ok: true, result: { result: { suggest: 'risky' } } });
    expect(out.result?.result?.label).not.toBe(100);
  });

  test('a review word gives suggest review', async () => {
    const out = await secCheck('我们建了一个维权群');
    expect(out).toMatchObject({ ok: true, result: { result: { suggest: 'review' } } });
  });

  test('an error word makes the check itself fail (for fail-closed code)', async () => {
    cloud.setContentRules({ error: ['触发故障'] });
    const out = await secCheck('请触发故障');
    expect(out.ok).toBe(false);
    expect(out.errCode).toBe(-1);
  });

  test('word lists are configurable at run time', async () => {
    cloud.setContentRules({ risky: ['菠萝'], review: ['香蕉'] });
    expect(await secCheck('我爱菠萝')).toMatchObject({ result: { result: { suggest: 'risky' } } });
    expect(await secCheck('我爱香蕉')).toMatchObject({ result: { result: { suggest: 'review' } } });
    expect(await secCheck('赌博')).toMatchObject({ result: { result: { suggest: 'pass' } } });
  });

  test('POST /dev/content-rules replaces word lists for the developer panel', async () => {
    const res = await fetch(`${cloud.url}/dev/content-rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ review: ['西瓜'] }),
    });
    expect(((await res.json()) as { review: string[] }).review).toEqual(['西瓜']);
    expect(await secCheck('西瓜')).toMatchObject({ result: { result: { suggest: 'review' } } });
  });

  test('v2 without a valid scene is a data format error', async () => {
    const out = await openapi('security.msgSecCheck', { content: 'x', version: 2, scene: 9, openid: 'o' });
    expect(out).toMatchObject({ ok: false, errCode: 47001 });
  });

  test('version 1 rejects risky content with 87014', async () => {
    cloud.setContentRules({ risky: ['菠萝'] });
    const out = await openapi('security.msgSecCheck', { content: '菠萝' });
    expect(out).toMatchObject({ ok: false, errCode: 87014 });
  });
});

describe('security.imgSecCheck', () => {
  test('an image is risky when its bytes carry a risky word, else it passes', async () => {
    cloud.setContentRules({ risky: ['菠萝'] });
    // The fixture builds the image (a real PNG header followed by `imageText`) inside the function.
    const call = (text: string) =>
      cloud.callFunction('openapi', { api: 'security.imgSecCheck', imageText: text, params: {} }, { openid: 'o' });
    expect((await call('平安')).result).toMatchObject({ ok: true, result: { errCode: 0 } });
    expect((await call('菠萝')).result).toMatchObject({ ok: false, errCode: 87014 });
  });

  test('takes PNG, JPEG or GIF only, at most 750×1334 and 1 MB, as WeChat does', async () => {
    const call = (extra: Record<string, unknown>) =>
      cloud.callFunction(
        'openapi',
        { api: 'security.imgSecCheck', imageText: '平安', params: {}, ...extra },
        { openid: 'o' },
      );
    expect((await call({ imageWidth: 750, imageHeight: 1334 })).result).toMatchObject({ ok: true });
    expect((await call({ imageWidth: 751, imageHeight: 100 })).result).toMatchObject({ ok: false, errCode: 40006 });
    expect((await call({ imageWidth: 100, imageHeight: 1335 })).result).toMatchObject({ ok: false, errCode: 40006 });
    expect((await call({ imageText: '平'.repeat(400_000) })).result).toMatchObject({ ok: false, errCode: 40006 });
    expect((await call({ imageFormat: 'bmp' })).result).toMatchObject({ ok: false, errCode: 40005 });
  });
});

describe('security.msgSecCheck limits', () => {
  test('content over 2500 characters is refused as WeChat does; 2500 pass', async () => {
    expect(await secCheck('好'.repeat(2500))).toMatchObject({ ok: true });
    expect(await secCheck('好'.repeat(2501))).toMatchObject({ ok: false, errCode: 47001 });
  });
});

describe('subscribeMessage.send', () => {
  const TEMPLATE = 'CASE_PROGRESS_TEMPLATE_ID';
  const data = {
    thing1: { value: '困难帮扶·生活救助' },
    phrase2: { value: '已受理' },
    time3: { value: '2026年5月14日 10:30' },
    thing4: { value: '请在小程序中查看办理进度' },
  };
  const send = (touser: string, extra: Record<string, unknown> = {}) =>
    openapi('subscribeMessage.send', { touser, templateId: TEMPLATE, page: 'pages/case/index?id=c1', data, ...extra });

  test('records the message in the outbox, readable through outbox() and /dev/outbox', async () => {
    cloud.subscribe('o-applicant', [TEMPLATE]);
    const out = await send('o-applicant');
    expect(out).toMatchObject({ ok: true, result: { errCode: 0 } });
    const mine = cloud.outbox({ openid: 'o-applicant' });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      touser: 'o-applicant',
      templateId: TEMPLATE,
      page: 'pages/case/index?id=c1',
      data,
    });
    expect(Number.isNaN(Date.parse(mine[0].sentAt))).toBe(false);
    expect(cloud.outbox({ openid: 'someone-else' })).toHaveLength(0);
    const dev = (await (await fetch(`${cloud.url}/dev/outbox?openid=o-applicant`)).json()) as { messages: unknown[] };
    expect(dev.messages).toHaveLength(1);
  });

  test('one accepted subscription is one message: the next is refused with 43101 until the person accepts again', async () => {
    expect(await send('o-once')).toMatchObject({ ok: false, errCode: 43101 });
    cloud.subscribe('o-once', [TEMPLATE]);
    cloud.subscribe('o-once', [TEMPLATE]);
    expect(cloud.subscriptionsLeft('o-once', TEMPLATE)).toBe(2);
    expect(await send('o-once')).toMatchObject({ ok: true });
    expect(await send('o-once')).toMatchObject({ ok: true });
    expect(await send('o-once')).toMatchObject({ ok: false, errCode: 43101 });
    expect(cloud.outbox({ openid: 'o-once' })).toHaveLength(2);
  });

  test('the preview subscribes through /wx/requestSubscribeMessage; an unknown template fails the request', async () => {
    const post = (tmplIds: string[]) =>
      fetch(`${cloud.url}/wx/requestSubscribeMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-preview' },
        body: JSON.stringify({ tmplIds }),
      });
    expect(await (await post([TEMPLATE])).json()).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      [TEMPLATE]: 'accept',
    });
    expect(cloud.subscriptionsLeft('o-preview', TEMPLATE)).toBe(1);
    expect((await post(['NOT_A_TEMPLATE'])).status).toBe(400);
  });

  test('values that break their field type are refused with 47003 naming the field, and use no subscription', async () => {
    cloud.subscribe('o-strict', [TEMPLATE]);
    const refused = async (field: string, value: string) => send('o-strict', { data: { ...data, [field]: { value } } });
    expect(await refused('phrase2', '审批通过…')).toMatchObject({ ok: false, errCode: 47003 });
    expect(await refused('phrase2', '待补充材料了')).toMatchObject({ ok: false, errCode: 47003 });
    expect(await refused('phrase2', 'ok')).toMatchObject({ ok: false, errCode: 47003 });
    expect(await refused('thing1', '一二三四五六七八九十一二三四五六七八九十一')).toMatchObject({
      ok: false,
      errCode: 47003,
    });
    expect(await refused('time3', '明天上午')).toMatchObject({ ok: false, errCode: 47003 });
    expect(await refused('thing4', ' ')).toMatchObject({ ok: false, errCode: 47003 });
    expect(
      await send('o-strict', { data: { thing1: data.thing1, phrase2: data.phrase2, time3: data.time3 } }),
    ).toMatchObject({ ok: false, errCode: 47003 });
    expect(await send('o-strict', { data: { ...data, thing9: { value: 'x' } } })).toMatchObject({
      ok: false,
      errCode: 47003,
    });
    expect(cloud.subscriptionsLeft('o-strict', TEMPLATE)).toBe(1);
    expect(await send('o-strict', { data: { ...data, time3: { value: '2026-05-14 10:30' } } })).toMatchObject({
      ok: true,
    });
  });

  test('a template the console does not have is refused with 40037', async () => {
    cloud.subscribe('o-applicant', [TEMPLATE]);
    expect(await send('o-applicant', { templateId: 'TPL_UNKNOWN' })).toMatchObject({ ok: false, errCode: 40037 });
  });

  test('a missing template id is refused and nothing is recorded', async () => {
    const before = cloud.outbox().length;
    const out = await openapi('subscribeMessage.send', { touser: 'o-applicant', data: { thing1: { value: 'x' } } });
    expect(out).toMatchObject({ ok: false, errCode: 40037 });
    expect(cloud.subscriptionsLeft('o-applicant', 'CASE_PROGRESS_TEMPLATE_ID')).toBe(1);
    expect(cloud.outbox()).toHaveLength(before);
  });

  test('the outbox survives a restart', async () => {
    const count = cloud.outbox().length;
    expect(count).toBeGreaterThan(0);
    await cloud.close();
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    expect(cloud.outbox()).toHaveLength(count);
  });
});

describe('phonenumber.getPhoneNumber', () => {
  test('a code the button issued returns its number once', async () => {
    const code = cloud.issuePhoneCode('13912345678');
    const out = await openapi('phonenumber.getPhoneNumber', { code });
    expect(out).toMatchObject({
      ok: true,
      result: { phoneInfo: { purePhoneNumber: '13912345678', countryCode: '86' } },
    });
    // Single use, as WeChat's codes are.
    expect(await openapi('phonenumber.getPhoneNumber', { code })).toMatchObject({ ok: false, errCode: 40029 });
  });

  test('a code older than five minutes, or one never issued, is refused with 40029', async () => {
    const old = cloud.issuePhoneCode('13912345678', Date.now() - 5 * 60_000 - 1000);
    expect(await openapi('phonenumber.getPhoneNumber', { code: old })).toMatchObject({ ok: false, errCode: 40029 });
    expect(await openapi('phonenumber.getPhoneNumber', { code: 'phone:13912345678' })).toMatchObject({
      ok: false,
      errCode: 40029,
    });
  });

  test('the preview gets a code from /wx/phoneCode as the button would hand it', async () => {
    const res = await fetch(`${cloud.url}/wx/phoneCode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'o' },
      body: JSON.stringify({ phone: '13800138000' }),
    });
    const { code } = (await res.json()) as { code: string };
    expect(await openapi('phonenumber.getPhoneNumber', { code })).toMatchObject({
      ok: true,
      result: { phoneInfo: { purePhoneNumber: '13800138000' } },
    });
  });
});

describe('permissions and unsupported APIs', () => {
  test('a function without the API in permissions.openapi gets -604101', async () => {
    const out = await openapi('security.msgSecCheck', { content: 'x', version: 2, scene: 2, openid: 'o' }, 'noperm');
    expect(out).toMatchObject({ ok: false, errCode: -604101 });
  });

  test('an API the local cloud does not emulate gets a clear -604100', async () => {
    const out = await openapi('wxacode.getUnlimited', { scene: 'a=1' });
    expect(out).toMatchObject({ ok: false, errCode: -604100 });
  });
});
