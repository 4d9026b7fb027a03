/**
 * The local cloud process: health, the /wx/callFunction envelope, per-invocation WX context (the real
 * wx-server-sdk inside worker instances), calls between functions, calls through both SDKs, dev endpoints.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveStatic } from '../../local/cloud/static';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

// Cold starts of function instances (worker + wx-server-sdk load) take longer on a busy machine.
jest.setTimeout(30_000);

type WhoAmI = {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  event: Record<string, unknown>;
  instance: number;
  maxInFlight: number;
  runenv: string;
};

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
});

afterAll(async () => {
  await cloud.close();
});

async function wxCall(
  name: string,
  data: unknown,
  openid?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.url}/wx/callFunction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body: JSON.stringify({ name, data }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('healthz answers 200 once the cloud is ready', async () => {
  const res = await fetch(`${cloud.url}/healthz`);
  expect(res.status).toBe(200);
});

test('/wx/callFunction answers exactly what wx.cloud.callFunction resolves with', async () => {
  const { status, body } = await wxCall('whoami', { x: 1 }, 'o-envelope');
  expect(status).toBe(200);
  expect(Object.keys(body).sort()).toEqual(['errMsg', 'requestID', 'result']);
  expect(body.errMsg).toBe('cloud.callFunction:ok');
  expect(body.requestID).toMatch(/^[0-9a-f]{24}$/);
  const result = body.result as WhoAmI;
  expect(result.runenv).toBe('SCF');
  expect(result.before).toMatchObject({ OPENID: 'o-envelope', ENV: cloud.envId, SOURCE: 'wx_client' });
  expect(result.event).toEqual({ x: 1, userInfo: { appId: expect.any(String), openId: 'o-envelope' } });
});

test('/wx/callFunction passes x-wx-appid and x-wx-unionid into the WX context', async () => {
  const res = await fetch(`${cloud.url}/wx/callFunction`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-wx-openid': 'o-ids',
      'x-wx-appid': 'wxappid123',
      'x-wx-unionid': 'u-1',
    },
    body: JSON.stringify({ name: 'whoami', data: {} }),
  });
  const body = (await res.json()) as { result: WhoAmI };
  expect(body.result.before).toMatchObject({ OPENID: 'o-ids', APPID: 'wxappid123', UNIONID: 'u-1' });
});

test('an unknown function fails with -501000 and a 404', async () => {
  const { status, body } = await wxCall('nope', {}, 'o1');
  expect(status).toBe(404);
  expect(body.errCode).toBe(-501000);
  expect(String(body.errMsg)).toMatch(/^cloud\.callFunction:fail/);
});

test('a function name that looks like a path is refused, not loaded', async () => {
  // Joined to the functions dir this is a real function folder: only the name check keeps it out.
  const { status, body } = await wxCall('../functions/whoami', {}, 'o1');
  expect(status).toBe(404);
  expect(body.errCode).toBe(-501000);
});

test('concurrent calls each see their own OPENID (no cross-talk between invocations)', async () => {
  const openids = Array.from({ length: 12 }, (_, i) => `o-concurrent-${i}`);
  const results = await Promise.all(
    openids.map((openid, i) => cloud.callFunction('whoami', { delayMs: 20 + ((i * 37) % 90) }, { openid })),
  );
  results.forEach((r, i) => {
    const who = r.result as WhoAmI;
    expect(who.before.OPENID).toBe(openids[i]);
    expect(who.after.OPENID).toBe(openids[i]);
    expect((who.event.userInfo as { openId: string }).openId).toBe(openids[i]);
  });
});

test('each instance runs one request at a time; the pool grows for concurrent calls', async () => {
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) => cloud.callFunction('whoami', { delayMs: 150 }, { openid: `o-pool-${i}` })),
  );
  const who = results.map((r) => r.result as WhoAmI);
  expect(who.every((w) => w.maxInFlight === 1)).toBe(true);
  expect(new Set(who.map((w) => w.instance)).size).toBe(5);
});

test('cloud.callFunction between functions keeps the caller identity and marks the source', async () => {
  const { result } = await cloud.callFunction('caller', {}, { openid: 'o-chain' });
  const { mine, callee } = result as { mine: Record<string, unknown>; callee: WhoAmI };
  expect(mine).toMatchObject({ OPENID: 'o-chain', SOURCE: 'wx_client' });
  expect(callee.before).toMatchObject({ OPENID: 'o-chain', SOURCE: 'wx_client,scf' });
  expect(callee.event).toMatchObject({ hop: 1, userInfo: { openId: 'o-chain' } });
});

test('@cloudbase/node-sdk callFunction from outside runs the function with no OPENID', async () => {
  const res = await cloud.sdkApp().callFunction({ name: 'whoami', data: { from: 'admin' } });
  const who = res.result as WhoAmI;
  expect(who.event).toMatchObject({ from: 'admin' });
  expect(who.before.OPENID).toBeUndefined();
});

test('wx-server-sdk callFunction from the test process reaches the local cloud', async () => {
  const res = (await cloud.wxServer().callFunction({ name: 'whoami', data: { from: 'wx' } })) as unknown as {
    result: WhoAmI;
  };
  expect(res.result.event).toMatchObject({ from: 'wx' });
});

test('UNION_* variables of the host reach the next invocation of a warm instance (and leave when unset)', async () => {
  process.env.UNION_CLOCK_OFFSET_MS = '86400000';
  try {
    const moved = await cloud.callFunction('whoami', {}, { openid: 'o-clock' });
    expect((moved.result as { clockOffset: string | null }).clockOffset).toBe('86400000');
  } finally {
    delete process.env.UNION_CLOCK_OFFSET_MS;
  }
  const back = await cloud.callFunction('whoami', {}, { openid: 'o-clock' });
  expect((back.result as { clockOffset: string | null }).clockOffset).toBeNull();
});

test('dev endpoints list invocations, functions, people and collections', async () => {
  await cloud.callFunction('whoami', {}, { openid: 'o-dev' });
  const inv = (await (await fetch(`${cloud.url}/dev/invocations`)).json()) as {
    invocations: Array<{ name: string; code: string }>;
  };
  expect(inv.invocations.some((i) => i.name === 'whoami' && i.code === 'OK')).toBe(true);
  expect(cloud.invocations().length).toBe(inv.invocations.length);
  const fns = (await (await fetch(`${cloud.url}/dev/functions`)).json()) as { functions: Array<{ name: string }> };
  expect(fns.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['whoami', 'caller', 'ticker']));
  const people = await fetch(`${cloud.url}/dev/people`);
  expect(await people.json()).toEqual({ people: [] });
  const cols = await fetch(`${cloud.url}/dev/collections`);
  expect(cols.status).toBe(200);
  expect((await cols.json()) as object).toHaveProperty('collections');
});

test('unknown admin actions fail in the SDK error shape', async () => {
  const res = await fetch(cloud.adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'nope.nothing' }),
  });
  const body = (await res.json()) as { code: string; message: string };
  expect(body.code).toBe('INVALID_ACTION');
  expect(body.message).toContain('nope.nothing');
});

test('a bad JSON body on /wx/callFunction is a 400', async () => {
  const res = await fetch(`${cloud.url}/wx/callFunction`, { method: 'POST', body: '{nope' });
  expect(res.status).toBe(400);
});

test('first start seeds demo data once and serves the demo people; a restart does not seed again', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-seed-'));
  const seedModule = path.resolve(__dirname, '..', 'fixtures', 'seed', 'index.js');
  const opts = { functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir, seed: true, seedModule };
  let seeded = await startTestCloud(opts);
  try {
    const people = (await (await fetch(`${seeded.url}/dev/people`)).json()) as {
      people: Array<{ openid: string; role: string }>;
    };
    expect(people.people).toEqual([expect.objectContaining({ openid: 'o-demo-worker', role: 'worker' })]);
    await seeded.close();
    seeded = await startTestCloud(opts);
    const runs = await seeded.sdkApp().database().collection('seed_runs').count();
    expect(runs.total).toBe(1);
  } finally {
    await seeded.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('requests a foreign web page could trigger (cross-origin, rebound host) are refused', async () => {
  const post = (headers: Record<string, string>) =>
    fetch(cloud.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...headers },
      body: '{"action":"x"}',
    });
  expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
  expect((await post({ origin: 'null' })).status).toBe(403);
  expect((await post({ origin: cloud.url })).status).toBe(200);
  const http = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${cloud.url}/healthz`, { headers: { host: 'evil.example:80' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(403);
});

test('npm start (local/main.ts) serves on $PORT with data in $CLOUD_DATA_DIR, prints its URLs, stops on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-main-'));
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['local/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', CLOUD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const adminUrl = await new Promise<string>((resolve, reject) => {
      // The first start seeds the whole demo through the real handlers (tasks, posts, foundings at every step):
      // seconds on a quiet machine, much longer while the rest of the suite shares its cores.
      const timer = setTimeout(() => reject(new Error(`no URLs printed:\n${out}`)), 150_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /admin API\s+(http:\/\/127\.0\.0\.1:\d+\/admin)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited early (${code}):\n${out}`)));
    });
    const health = (await (await fetch(adminUrl.replace('/admin', '/healthz'))).json()) as {
      ok: boolean;
      dataDir: string;
    };
    expect(health).toMatchObject({ ok: true, dataDir });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);

test('the staticHandler hook serves the preview at / without shadowing the cloud routes', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-static-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<h1>preview</h1>');
  fs.mkdirSync(path.join(root, 'js'));
  fs.writeFileSync(path.join(root, 'js', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(os.tmpdir(), 'local-cloud-outside.txt'), 'secret');
  const local = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, staticHandler: serveStatic(root) });
  try {
    const index = await fetch(`${local.url}/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toBe('<h1>preview</h1>');
    expect((await fetch(`${local.url}/js/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${local.url}/..%2Flocal-cloud-outside.txt`)).status).toBe(404);
    expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${local.url}/missing.js`)).status).toBe(404);
  } finally {
    await local.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.join(os.tmpdir(), 'local-cloud-outside.txt'), { force: true });
  }
});
