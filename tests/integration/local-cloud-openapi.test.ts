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
    // The fixture builds the image (a PNG header followed by `imageText`) inside the function.
    const call = (text: string) =>
      cloud.callFunction('openapi', { api: 'security.imgSecCheck', imageText: text, params: {} }, { openid: 'o' });
    expect((await call('平安')).result).toMatchObject({ ok: true, result: { errCode: 0 } });
    expect((await call('菠萝')).result).toMatchObject({ ok: false, errCode: 87014 });
  });
});

describe('subscribeMessage.send', () => {
  test('records the message in the outbox, readable through outbox() and /dev/outbox', async () => {
    const out = await openapi('subscribeMessage.send', {
      touser: 'o-applicant',
      templateId: 'TPL_PROGRESS',
      page: 'pages/case-detail/index?id=c1',
      data: { thing1: { value: '困难帮扶' }, phrase2: { value: '已受理' } },
    });
    expect(out).toMatchObject({ ok: true, result: { errCode: 0 } });
    const mine = cloud.outbox({ openid: 'o-applicant' });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      touser: 'o-applicant',
      templateId: 'TPL_PROGRESS',
      page: 'pages/case-detail/index?id=c1',
      data: { thing1: { value: '困难帮扶' }, phrase2: { value: '已受理' } },
    });
    expect(Number.isNaN(Date.parse(mine[0].sentAt))).toBe(false);
    expect(cloud.outbox({ openid: 'someone-else' })).toHaveLength(0);
    const dev = (await (await fetch(`${cloud.url}/dev/outbox?openid=o-applicant`)).json()) as { messages: unknown[] };
    expect(dev.messages).toHaveLength(1);
  });

  test('a missing template id is refused and nothing is recorded', async () => {
    const before = cloud.outbox().length;
    const out = await openapi('subscribeMessage.send', { touser: 'o-applicant', data: { thing1: { value: 'x' } } });
    expect(out).toMatchObject({ ok: false, errCode: 40037 });
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
  test('a code carrying a number returns that number', async () => {
    const out = await openapi('phonenumber.getPhoneNumber', { code: 'phone:13912345678' });
    expect(out).toMatchObject({
      ok: true,
      result: { phoneInfo: { purePhoneNumber: '13912345678', countryCode: '86' } },
    });
  });

  test('any other code returns a stable fake number', async () => {
    const a = await openapi('phonenumber.getPhoneNumber', { code: 'abc' });
    const b = await openapi('phonenumber.getPhoneNumber', { code: 'abc' });
    const phoneOf = (o: OpenApiOutcome): string | undefined => o.result?.phoneInfo?.phoneNumber;
    expect(phoneOf(a)).toMatch(/^1\d{10}$/);
    expect(phoneOf(a)).toBe(phoneOf(b));
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
