/**
 * What an invocation's event may be, checked before it goes to a function instance. CloudBase refuses a cloud
 * function request body over 6 MB (`EXCEED_MAX_PAYLOAD_SIZE`); WeChat advises marking anything over ~100 KB with
 * `wx.cloud.CDN`. The event travels to the instance as JSON text (as SCF hands it to the runtime), so nothing but
 * JSON reaches a function. The local cloud also refuses events nested deeper than {@link MAX_EVENT_DEPTH} levels,
 * which no real request needs and which would otherwise overflow the stack while the event is copied.
 */

/** CloudBase's limit on a cloud function's request body. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;
/** Nesting the local cloud accepts (the functions' own wrapper refuses far less: see `domain/runtime`). */
export const MAX_EVENT_DEPTH = 512;

/** Why an event is refused, in the shape of a TCB error. */
export interface PayloadRefusal {
  code: 'EXCEED_MAX_PAYLOAD_SIZE';
  message: string;
}

/** The deepest nesting of arrays and objects in `value`, counted without recursion (stops past `limit`). */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** The event as JSON text, or why it is refused (too deep, too large, or not JSON at all). */
export function encodeEvent(event: unknown): { json: string } | PayloadRefusal {
  const depth = nestingDepth(event, MAX_EVENT_DEPTH);
  if (depth > MAX_EVENT_DEPTH) {
    return { code: 'EXCEED_MAX_PAYLOAD_SIZE', message: `event nests deeper than ${MAX_EVENT_DEPTH} levels` };
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(event ?? {});
  } catch {
    return { code: 'EXCEED_MAX_PAYLOAD_SIZE', message: 'event is not JSON (a cycle or a BigInt)' };
  }
  const bytes = Buffer.byteLength(json ?? '');
  if (bytes > MAX_EVENT_BYTES) {
    return { code: 'EXCEED_MAX_PAYLOAD_SIZE', message: `request body of ${bytes} bytes exceeds the 6 MB limit` };
  }
  return { json: json ?? '{}' };
}
