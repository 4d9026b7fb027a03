import type http from 'node:http';
import { parseJsonBody, readBody, sendJson } from '../http-util';
import { readPeople } from '../seed';
import { fireTimer } from '../timers/scheduler';
import type { CloudServices } from './services';
import { advanceClock, clockState, resetClock, restoreClock } from '../clock';

/** The developer panel's endpoints (`/dev/*`): demo people, outbox, invocations, data, timers, word lists. */
export function createDevRoutes(s: CloudServices) {
  restoreClock(s.dataDir);
  return async (
    p: string,
    method: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> => {
    if (method === 'GET' && p === '/dev/people') return sendJson(res, 200, { people: readPeople(s.dataDir) });
    if (method === 'GET' && p === '/dev/outbox') {
      return sendJson(res, 200, {
        messages: s.openapi.outbox({ openid: url.searchParams.get('openid') ?? undefined }),
      });
    }
    if (method === 'GET' && p === '/dev/invocations')
      return sendJson(res, 200, { invocations: s.runtime().invocations() });
    if (method === 'GET' && p === '/dev/functions') {
      const functions = s
        .runtime()
        .allSpecs()
        .map((f) => ({
          name: f.name,
          timeoutMs: f.timeoutMs,
          memoryMb: f.memoryMb,
          openapi: f.openapi,
          triggers: f.triggers,
          instances: s.runtime().instanceCount(f.name),
        }));
      return sendJson(res, 200, { functions });
    }
    if (method === 'GET' && p === '/dev/collections')
      return sendJson(res, 200, { collections: await s.db.listCollections() });
    if (method === 'GET' && p.startsWith('/dev/collections/')) {
      const name = decodeURIComponent(p.slice('/dev/collections/'.length));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 1000);
      const skip = Number(url.searchParams.get('skip') ?? 0) || 0;
      return sendJson(res, 200, { name, documents: await s.db.find(name, { limit, skip }) });
    }
    if (p === '/dev/content-rules' && method === 'GET') return sendJson(res, 200, s.openapi.contentRules());
    if (p === '/dev/content-rules' && method === 'POST') {
      const body = parseJsonBody(await readBody(req));
      const lists = Object.fromEntries(
        (['risky', 'review', 'error'] as const)
          .filter((k) => Array.isArray(body[k]))
          .map((k) => [k, (body[k] as unknown[]).map(String)]),
      );
      s.openapi.setContentRules(lists);
      return sendJson(res, 200, s.openapi.contentRules());
    }
    if (p === '/dev/clock' && method === 'GET') return sendJson(res, 200, clockState());
    if (p === '/dev/clock' && method === 'POST') {
      const body = parseJsonBody(await readBody(req));
      try {
        if (body.reset === true) resetClock(s.dataDir);
        else advanceClock(s.dataDir, Number(body.advanceDays));
      } catch (err) {
        return sendJson(res, 400, { error: (err as Error).message });
      }
      return sendJson(res, 200, clockState());
    }
    const timer = /^\/dev\/timers\/([^/]+)(?:\/([^/]+))?$/.exec(p);
    if (method === 'POST' && timer) {
      await readBody(req);
      try {
        const trigger = timer[2] ? decodeURIComponent(timer[2]) : undefined;
        const result = await fireTimer(s.runtime(), decodeURIComponent(timer[1]), trigger);
        return sendJson(res, 200, { ok: true, result });
      } catch (err) {
        return sendJson(res, 500, { ok: false, error: (err as Error).message });
      }
    }
    sendJson(res, 404, { error: `not found: ${method} ${p}` });
  };
}
