import type http from 'node:http';
import type { DatabaseService } from './database-contract';
import { newRequestId, readBody, sendJson } from './http-util';

/** The parsed body of one admin API request: JSON fields, or multipart fields (files as Buffers). */
export type AdminParams = Record<string, unknown>;

/** What an admin action answers: a JSON body, or raw bytes (the protobuf answer of `wx.openApi`). */
export type AdminReply = { json: unknown } | { bytes: Buffer; contentType: string };

/** Request facts an action may need besides its params. */
export interface AdminRequestInfo {
  /** `X-TCB-Source` header the SDK sends (`<TCB_SOURCE>,<runEnvTag>`). */
  source: string;
  requestId: string;
}

/** One admin action implementation. */
export type AdminAction = (params: AdminParams, info: AdminRequestInfo) => Promise<AdminReply>;

/** Error body in the shape both SDKs understand (`code` is a TCB error name, mapped to `errCode` by wx-server-sdk). */
export function adminError(code: string, message: string, requestId: string): AdminReply {
  return { json: { code, message, requestId } };
}

async function parseAdminBody(req: http.IncomingMessage): Promise<AdminParams> {
  const raw = await readBody(req);
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, type);
  if (raw.length === 0) return {};
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('admin body must be an object');
  return parsed as AdminParams;
}

/**
 * Parse a multipart/form-data body keeping binary parts as Buffers (the SDK's form-data sends `wx.openApi`'s
 * protobuf `requestData` as a part without a filename, which WHATWG FormData would decode as text).
 * Parts with a Content-Type header become Buffers, the others strings.
 */
export function parseMultipart(raw: Buffer, contentType: string): AdminParams {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: AdminParams = {};
  let pos = raw.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next one
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const body = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) out[name] = /^content-type:/im.test(headers) ? Buffer.from(body) : body.toString('utf8');
    }
    pos = next;
  }
  return out;
}

/**
 * Added time per admin request, as CloudBase's network and services take it (a local request takes ~0.6 ms,
 * CloudBase's database ~10–20 ms and an open API ~100–200 ms): `database` for `database.*` and `storage.*`,
 * `openapi` for `wx.openApi`. Zero by default; `CLOUD_LATENCY_DB_MS` / `CLOUD_LATENCY_OPENAPI_MS` or the
 * `latency` option of `startLocalCloud` set it, so tests and benchmarks can run long jobs at real speed.
 */
export interface AdminLatency {
  databaseMs: number;
  openapiMs: number;
}

/** The latency named by the environment (unset = none). */
export function latencyFromEnv(env: NodeJS.ProcessEnv = process.env): AdminLatency {
  const ms = (v: string | undefined) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : 0);
  return { databaseMs: ms(env.CLOUD_LATENCY_DB_MS), openapiMs: ms(env.CLOUD_LATENCY_OPENAPI_MS) };
}

function delayOf(action: string, latency: AdminLatency): number {
  if (action === 'wx.openApi') return latency.openapiMs;
  if (action.startsWith('database.') || action.startsWith('storage.')) return latency.databaseMs;
  return 0;
}

/**
 * Build the `POST /admin` handler: `database.*` goes to the database service (its body passed through as is),
 * every other action to the table of actions; each answer waits the configured latency first.
 */
export function createAdminHandler(
  db: () => DatabaseService,
  actions: Record<string, AdminAction>,
  latency: () => AdminLatency = () => ({ databaseMs: 0, openapiMs: 0 }),
): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const requestId = newRequestId();
    let params: AdminParams;
    try {
      params = await parseAdminBody(req);
    } catch (err) {
      sendJson(res, 200, { code: 'INVALID_PARAM', message: `bad admin request: ${(err as Error).message}`, requestId });
      return;
    }
    const action = typeof params.action === 'string' ? params.action : '';
    const info: AdminRequestInfo = { source: String(req.headers['x-tcb-source'] ?? ''), requestId };
    const delay = delayOf(action, latency());
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    let reply: AdminReply;
    try {
      if (action.startsWith('database.')) {
        reply = { json: await db().handle(action, params) };
      } else {
        const impl = actions[action];
        reply = impl
          ? await impl(params, info)
          : adminError('INVALID_ACTION', `local cloud does not support admin action "${action}"`, requestId);
      }
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      reply = adminError(typeof e.code === 'string' ? e.code : 'SYS_ERR', String(e.message ?? err), requestId);
    }
    if ('bytes' in reply) {
      res.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.bytes.length });
      res.end(reply.bytes);
    } else {
      sendJson(res, 200, reply.json);
    }
  };
}
