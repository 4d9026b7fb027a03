import crypto from 'node:crypto';
import type http from 'node:http';

/** Largest request body the local cloud accepts (uploads included). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** An error that maps to an HTTP status and a JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Read a whole request body into a Buffer (bounded by MAX_BODY_BYTES). */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answer with a JSON body. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A request id in CloudBase's style (hex, unique per call). */
export function newRequestId(): string {
  return crypto.randomBytes(12).toString('hex');
}

/** True when the socket peer is on the loopback interface. */
export function isLoopback(req: http.IncomingMessage): boolean {
  const addr = req.socket.remoteAddress ?? '';
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || addr.startsWith('127.');
}

/** Parse a JSON object body; anything else is a 400. */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(raw.toString('utf8') || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the 400
  }
  throw new HttpError(400, 'body must be a JSON object');
}

/** A single non-empty header value. */
export function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * Refuse what a web page elsewhere could make a browser send here: a foreign `Origin` (cross-site POSTs that need
 * no preflight, e.g. text/plain) or a foreign `Host` (DNS rebinding). The SDKs send neither an Origin nor another
 * host; the preview is same-origin.
 */
export function sameMachineRequest(req: http.IncomingMessage, port: number): boolean {
  const local = localHosts(port);
  const host = req.headers.host;
  if (host && !local.has(host.toLowerCase())) return false;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    try {
      return local.has(new URL(origin).host.toLowerCase());
    } catch {
      return false;
    }
  }
  return origin !== 'null';
}

const hostSets = new Map<number, Set<string>>();
function localHosts(port: number): Set<string> {
  let set = hostSets.get(port);
  if (!set) {
    set = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    hostSets.set(port, set);
  }
  return set;
}
