/**
 * The local cloud is a development tool and says so: health means ready (the demo seed is written), the
 * developer endpoints can be switched off, and everything stays loopback-only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLoopback } from '../../local/cloud/http-util';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud } from '../support/cloud';

jest.setTimeout(60_000);

const SEEDS = path.resolve(__dirname, '..', 'fixtures', 'seed');

describe('health means ready', () => {
  test('/healthz answers 503 "seeding" while the demo seed is written, 200 "ready" after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-health-'));
    const cloud = await startTestCloud({
      functionsDir: FIXTURE_FUNCTIONS_DIR,
      dataDir,
      seed: true,
      seedModule: path.join(SEEDS, 'index.js'),
    });
    try {
      const during = (globalThis as { __healthWhileSeeding?: { status: number; body: Record<string, unknown> } })
        .__healthWhileSeeding;
      expect(during).toMatchObject({ status: 503, body: { ok: false, status: 'seeding' } });
      const after = await fetch(`${cloud.url}/healthz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toMatchObject({ ok: true, status: 'ready' });
      // The demo people are there the moment health says ready.
      const people = (await (await fetch(`${cloud.url}/dev/people`)).json()) as { people: unknown[] };
      expect(people.people).toHaveLength(1);
    } finally {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a seed that failed leaves health at 503 "seed_failed", saying how to retry', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-health-'));
    const cloud = await startTestCloud({
      functionsDir: FIXTURE_FUNCTIONS_DIR,
      dataDir,
      seed: true,
      seedModule: path.join(SEEDS, 'failing.js'),
    });
    try {
      const res = await fetch(`${cloud.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        ok: false,
        status: 'seed_failed',
        error: expect.stringMatching(/npm run seed/),
      });
      expect(cloud.state()).toBe('seed_failed');
    } finally {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a cloud without a seed to write is ready at once', async () => {
    const cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    try {
      expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
    } finally {
      await cloud.close();
    }
  });
});

describe('developer endpoints can be switched off', () => {
  test('with dev off, every /dev/* route is gone; functions, storage and health still work', async () => {
    const cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, dev: false });
    try {
      for (const [method, route] of [
        ['GET', '/dev/people'],
        ['GET', '/dev/outbox'],
        ['GET', '/dev/invocations'],
        ['GET', '/dev/functions'],
        ['GET', '/dev/collections'],
        ['GET', '/dev/collections/people'],
        ['GET', '/dev/content-rules'],
        ['POST', '/dev/content-rules'],
        ['POST', '/dev/timers/ticker/nightly'],
      ]) {
        const res = await fetch(`${cloud.url}${route}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect([route, res.status]).toEqual([route, 404]);
      }
      expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
      const call = await cloud.callFunction('whoami', {}, { openid: 'o-dev-off' });
      expect(call.errMsg).toBe('cloud.callFunction:ok');
    } finally {
      await cloud.close();
    }
  });

  test('only loopback peers are answered', () => {
    const peer = (remoteAddress: string) =>
      ({ socket: { remoteAddress } }) as unknown as Parameters<typeof isLoopback>[0];
    expect(isLoopback(peer('127.0.0.1'))).toBe(true);
    expect(isLoopback(peer('::1'))).toBe(true);
    expect(isLoopback(peer('::ffff:127.0.0.1'))).toBe(true);
    expect(isLoopback(peer('192.168.1.20'))).toBe(false);
    expect(isLoopback(peer('::ffff:10.0.0.5'))).toBe(false);
    expect(isLoopback(peer(''))).toBe(false);
  });
});
