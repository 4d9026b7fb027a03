/**
 * Function isolation: a throwing, crashing or hanging function fails only its own call; timeouts come from the
 * function's config.json; the instance pool is capped and queues calls beyond the cap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

// Cold starts of function instances (worker + wx-server-sdk load) take longer on a busy machine.
jest.setTimeout(30_000);

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, maxInstancesPerFunction: 2 });
});

afterAll(async () => {
  await cloud.close();
});

type CallError = { errCode: number; errMsg: string };

async function failure(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (err) {
    return err as CallError;
  }
  throw new Error('expected the call to fail');
}

test('a throwing function fails only its own call, with -504002 and its message', async () => {
  const [bad, good] = await Promise.allSettled([
    cloud.callFunction('boom', {}, { openid: 'o1' }),
    cloud.callFunction('whoami', {}, { openid: 'o2' }),
  ]);
  expect(bad.status).toBe('rejected');
  const err = (bad as PromiseRejectedResult).reason as CallError;
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toContain('Error: boom');
  expect(good.status).toBe('fulfilled');
  await expect(cloud.callFunction('boom', { mode: 'ok' }, { openid: 'o1' })).resolves.toMatchObject({
    result: { fine: true },
  });
});

test('a function that kills its instance fails that call; the next call gets a fresh instance', async () => {
  const err = await failure(cloud.callFunction('boom', { mode: 'exit' }, { openid: 'o1' }));
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toContain('crashed');
  await expect(cloud.callFunction('boom', { mode: 'ok' }, { openid: 'o1' })).resolves.toMatchObject({
    result: { fine: true },
  });
});

test('an uncaught asynchronous error fails that call only', async () => {
  const err = await failure(cloud.callFunction('boom', { mode: 'uncaught' }, { openid: 'o1' }));
  expect(err.errMsg).toContain('uncaught boom');
  await expect(cloud.callFunction('boom', { mode: 'ok' }, { openid: 'o1' })).resolves.toMatchObject({
    result: { fine: true },
  });
});

test('instances that die after answering are replaced, even when they filled the pool', async () => {
  // Two concurrent calls occupy both instances of the cap (2); each crashes its instance just after answering.
  const late = await Promise.all([
    cloud.callFunction('boom', { mode: 'late' }, { openid: 'o1' }),
    cloud.callFunction('boom', { mode: 'late' }, { openid: 'o2' }),
  ]);
  expect(late.map((r) => r.result)).toEqual([{ answered: true }, { answered: true }]);
  await new Promise((r) => setTimeout(r, 150));
  const next = cloud.callFunction('boom', { mode: 'ok' }, { openid: 'o1' });
  const guard = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('call stuck behind dead instances')), 4000),
  );
  await expect(Promise.race([next, guard])).resolves.toMatchObject({ result: { fine: true } });
});

test('a hanging function times out after its configured timeout and the next call works', async () => {
  const started = Date.now();
  const err = await failure(cloud.callFunction('hang', {}, { openid: 'o1' }));
  const elapsed = Date.now() - started;
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toContain('timed out after 1 seconds');
  expect(elapsed).toBeGreaterThanOrEqual(1000);
  expect(elapsed).toBeLessThan(15_000); // generous: includes a cold start on a busy machine
  await expect(cloud.callFunction('hang', { quick: true }, { openid: 'o1' })).resolves.toMatchObject({
    result: { quick: true },
  });
  const codes = cloud
    .invocations()
    .filter((i) => i.name === 'hang')
    .map((i) => i.code);
  expect(codes).toEqual(['FUNCTIONS_TIME_LIMIT_EXCEEDED', 'OK']);
});

test('a function exceeding its memorySize fails that call; the next call works', async () => {
  const err = await failure(cloud.callFunction('hog', {}, { openid: 'o1' }));
  expect(err.errCode).toBe(-504002);
  await expect(cloud.callFunction('hog', { small: true }, { openid: 'o1' })).resolves.toMatchObject({
    result: { small: true },
  });
});

test('a failed call through /wx/callFunction answers errCode/errMsg with a 500', async () => {
  const res = await fetch(`${cloud.url}/wx/callFunction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' },
    body: JSON.stringify({ name: 'boom', data: {} }),
  });
  expect(res.status).toBe(500);
  const body = (await res.json()) as CallError;
  expect(body.errCode).toBe(-504002);
  expect(body.errMsg).toMatch(/^cloud\.callFunction:fail -504002/);
});

test('calls beyond the instance cap wait for a free instance instead of overlapping', async () => {
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: 4 }, (_, i) => cloud.callFunction('whoami', { delayMs: 300 }, { openid: `o-cap-${i}` })),
  );
  const who = results.map((r) => r.result as { instance: number; maxInFlight: number });
  expect(who.every((w) => w.maxInFlight === 1)).toBe(true);
  expect(new Set(who.map((w) => w.instance)).size).toBeLessThanOrEqual(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(600);
});

// Inside a function the SDK pair (node-sdk 3.17 throws on `{code}` bodies, wx-server-sdk wraps that) turns the
// callee's failure into errCode -1 with the callee's message; uncaught, it fails the caller with -504002.
test('a failing or timed-out callee surfaces in the calling function with its message', async () => {
  const failed = await failure(cloud.callFunction('caller', { target: 'boom' }, { openid: 'o1' }));
  expect(failed.errCode).toBe(-504002);
  const thrown = await cloud.callFunction('caller', { target: 'boom', catch: true }, { openid: 'o1' });
  expect(thrown.result).toMatchObject({ calleeError: { errCode: -1, errMsg: expect.stringContaining('Error: boom') } });
  const timedOut = await cloud.callFunction('caller', { target: 'hang', catch: true }, { openid: 'o1' });
  expect(timedOut.result).toMatchObject({
    calleeError: { errCode: -1, errMsg: expect.stringContaining('timed out after 1 seconds') },
  });
});

test('a rebuilt function is picked up on the next call', async () => {
  const functionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-fns-'));
  const dir = path.join(functionsDir, 'ver');
  fs.mkdirSync(dir);
  const write = (v: number) => {
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.main = async () => ({ version: ${v} });`);
    const t = new Date(Date.now() + v * 1000);
    fs.utimesSync(path.join(dir, 'index.js'), t, t);
  };
  write(1);
  const local = await startTestCloud({ functionsDir });
  try {
    await expect(local.callFunction('ver', {}, { openid: 'o' })).resolves.toMatchObject({ result: { version: 1 } });
    write(2);
    await expect(local.callFunction('ver', {}, { openid: 'o' })).resolves.toMatchObject({ result: { version: 2 } });
  } finally {
    await local.close();
    fs.rmSync(functionsDir, { recursive: true, force: true });
  }
});

test('a function that fails to load fails each of its calls and nothing else', async () => {
  const err = await failure(cloud.callFunction('broken', {}, { openid: 'o1' }));
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toContain('cannot load: missing configuration');
  await expect(cloud.callFunction('broken', {}, { openid: 'o1' })).rejects.toMatchObject({ errCode: -504002 });
  await expect(cloud.callFunction('boom', { mode: 'ok' }, { openid: 'o1' })).resolves.toMatchObject({
    result: { fine: true },
  });
});

test('prewarm starts one instance per function before the first call', async () => {
  const functionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-warm-'));
  fs.mkdirSync(path.join(functionsDir, 'warm'));
  fs.writeFileSync(path.join(functionsDir, 'warm', 'index.js'), 'exports.main = async () => ({ warm: true });');
  const local = await startTestCloud({ functionsDir, prewarm: true });
  try {
    const listed = (await (await fetch(`${local.url}/dev/functions`)).json()) as {
      functions: Array<{ name: string; instances: number }>;
    };
    expect(listed.functions).toEqual([expect.objectContaining({ name: 'warm', instances: 1 })]);
    await expect(local.callFunction('warm', {}, { openid: 'o' })).resolves.toMatchObject({ result: { warm: true } });
  } finally {
    await local.close();
    fs.rmSync(functionsDir, { recursive: true, force: true });
  }
});
