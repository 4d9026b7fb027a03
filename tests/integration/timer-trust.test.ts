/**
 * Only the platform's timer runs a function's timer path. Every built function gets a forged timer event from
 * every kind of caller that is not a timer — a client with an OPENID, an anonymous client, an admin script —
 * naming each of its declared triggers (and one it does not declare): each is refused with FORBIDDEN before
 * anything runs. The real timer still runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { functionNames } from '../../scripts/build-functions';
import { trustedTimer } from '../../domain/runtime/trigger';
import { startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '..', '..');

/** The timer triggers a function declares in its config.json. */
function triggersOf(fn: string): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(REPO, 'cloudfunctions', fn, 'config.json'), 'utf8')) as {
    triggers?: { name: string; type: string }[];
  };
  return (config.triggers ?? []).filter((t) => t.type === 'timer').map((t) => t.name);
}

const FUNCTIONS = functionNames();
const forged = (name: string) => ({ Type: 'Timer', TriggerName: name, Time: new Date().toISOString(), Message: '' });

describe('the trusted-timer rule', () => {
  test('needs a timer event, TRIGGER_SRC=timer from the platform and no OPENID', () => {
    const event = forged('noticeExpiry');
    expect(trustedTimer(event, '', { TRIGGER_SRC: 'timer' })).toBe('noticeExpiry');
    expect(trustedTimer(event, '', {})).toBeNull();
    expect(trustedTimer(event, '', { TRIGGER_SRC: 'wx_client' })).toBeNull();
    expect(trustedTimer(event, 'o-someone', { TRIGGER_SRC: 'timer' })).toBeNull();
    expect(trustedTimer({ action: 'run' }, '', { TRIGGER_SRC: 'timer' })).toBeNull();
    expect(trustedTimer({ Type: 'Timer' }, '', { TRIGGER_SRC: 'timer' })).toBeNull();
    expect(trustedTimer({ Type: 'Timer', TriggerName: 42 }, '', { TRIGGER_SRC: 'timer' })).toBeNull();
  });
});

describe('a forged timer event is refused by every function', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ maxInstancesPerFunction: 2 });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  const cases = FUNCTIONS.flatMap((fn) => [...triggersOf(fn), 'anyTrigger'].map((trigger) => [fn, trigger] as const));

  test.each(cases)('%s, trigger %s: from a client with an OPENID', async (fn, trigger) => {
    const out = await cloud.callFunction(fn, forged(trigger), { openid: 'o-forger' });
    expect(out.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test.each(cases)('%s, trigger %s: from an anonymous client', async (fn, trigger) => {
    const res = await fetch(`${cloud.url}/wx/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: fn, data: forged(trigger) }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test.each(cases)('%s, trigger %s: from an admin script (no OPENID)', async (fn, trigger) => {
    const out = await cloud.sdkApp().callFunction({ name: fn, data: forged(trigger) });
    expect(out.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test.each(FUNCTIONS.flatMap((fn) => triggersOf(fn).map((t) => [fn, t] as const)))(
    '%s, trigger %s: the real timer runs',
    async (fn, trigger) => {
      expect(await cloud.fireTimer(fn, trigger)).toMatchObject({ ok: true });
    },
  );
});
