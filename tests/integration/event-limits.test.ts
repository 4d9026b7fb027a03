/**
 * Events are checked before they reach a function instance: CloudBase's 6 MB request-body limit, and nesting
 * no request needs. A hostile event is refused with a clear error and never crashes an instance; the functions'
 * own wrapper refuses deep nesting too (as it must on CloudBase, where the platform does not).
 */
import { functionNames } from '../../scripts/build-functions';
import { MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from '../../local/cloud/functions/payload';
import { MAX_EVENT_DEPTH as WRAPPER_DEPTH } from '../../domain/runtime/validation';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(120_000);

const nested = (levels: number): unknown => {
  let v: unknown = {};
  for (let i = 1; i < levels; i += 1) v = { a: v };
  return v;
};

describe('the local cloud refuses oversize and over-deep events before an instance sees them', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, maxInstancesPerFunction: 1 });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  const call = (data: unknown) => cloud.callFunction('whoami', data, { openid: 'o-limits' });
  const refusal = (data: unknown) =>
    call(data).then(
      () => 'accepted',
      (e: { errMsg?: string }) => e.errMsg ?? String(e),
    );

  test('4,000 levels of nesting in a field nobody reads: refused, the instance lives on', async () => {
    const first = await call({});
    const instance = (first.result as { instance: number }).instance;
    expect(await refusal({ junk: nested(4000) })).toMatch(/EXCEED_MAX_PAYLOAD_SIZE.*deeper than 512/);
    const after = await call({});
    expect((after.result as { instance: number }).instance).toBe(instance);
  });

  test(`${MAX_EVENT_DEPTH} levels pass, one more is refused`, async () => {
    expect(await refusal({ ok: nested(MAX_EVENT_DEPTH - 1) })).toBe('accepted');
    expect(await refusal({ ok: nested(MAX_EVENT_DEPTH) })).toMatch(/EXCEED_MAX_PAYLOAD_SIZE/);
  });

  test('a body over 6 MB is refused; just under passes', async () => {
    expect(await refusal({ big: 'x'.repeat(MAX_EVENT_BYTES) })).toMatch(/EXCEED_MAX_PAYLOAD_SIZE.*6 MB/);
    expect(await refusal({ big: 'x'.repeat(MAX_EVENT_BYTES - 200) })).toBe('accepted');
  });

  test('what is not JSON never reaches a function', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(await refusal({ cycle })).toMatch(/EXCEED_MAX_PAYLOAD_SIZE/);
    const dated = await call({ at: new Date('2026-03-01T00:00:00Z') });
    expect((dated.result as { event: { at: unknown } }).event.at).toBe('2026-03-01T00:00:00.000Z');
  });

  test('over HTTP the client gets 413 with the reason, and the server keeps answering', async () => {
    const body = JSON.stringify({ name: 'whoami', data: { junk: nested(1000) } });
    const res = await fetch(`${cloud.url}/wx/callFunction`, { method: 'POST', body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errMsg: string }).errMsg).toMatch(/EXCEED_MAX_PAYLOAD_SIZE/);
    expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
  });
});

describe('every function refuses a deeply nested event with a clear error', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ maxInstancesPerFunction: 1 });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  test.each(functionNames())('%s', async (fn) => {
    const out = await cloud.callFunction(
      fn,
      { action: 'anything', input: {}, junk: nested(WRAPPER_DEPTH + 5) },
      { openid: 'o-deep' },
    );
    expect(out.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringMatching(/层级过深/) });
  });
});
