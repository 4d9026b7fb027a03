/**
 * The two protobuf messages of `wx.openApi` (as wx-server-sdk 4.x encodes them), read and written by hand:
 *   CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
 *   OpenApiData { repeated KeyValuePair pairs = 1; }
 *   KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
 *   CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }
 */

type Field = { no: number; varint?: bigint; bytes?: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function readFields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, varint: v });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new Error('truncated field');
      out.push({ no, bytes: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

function writeVarint(value: bigint): Buffer {
  let v = value < 0n ? BigInt.asUintN(64, value) : value;
  const bytes: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function lenField(no: number, bytes: Buffer): Buffer {
  return Buffer.concat([writeVarint(BigInt((no << 3) | 2)), writeVarint(BigInt(bytes.length)), bytes]);
}

function varintField(no: number, value: number): Buffer {
  return Buffer.concat([writeVarint(BigInt(no << 3)), writeVarint(BigInt(value))]);
}

/** A decoded openapi request: the parameters (JSON-decoded values) and the appid, if any. */
export interface OpenApiRequest {
  params: Record<string, unknown>;
  appid?: string;
}

/** Decode the `requestData` of `wx.openApi` (CommApiData with OPEN_API pairs whose values are JSON text). */
export function decodeOpenApiRequest(buf: Buffer): OpenApiRequest {
  const params: Record<string, unknown> = {};
  let appid: string | undefined;
  for (const f of readFields(buf)) {
    if (f.no === 6 && f.bytes) appid = f.bytes.toString('utf8');
    if (f.no !== 2 || !f.bytes) continue;
    for (const pair of readFields(f.bytes)) {
      if (pair.no !== 1 || !pair.bytes) continue;
      let key = '';
      let value = Buffer.alloc(0);
      let isFile = false;
      for (const kv of readFields(pair.bytes)) {
        if (kv.no === 1 && kv.bytes) key = kv.bytes.toString('utf8');
        if (kv.no === 2 && kv.bytes) value = Buffer.from(kv.bytes);
        if ((kv.no === 3 || kv.no === 4) && kv.bytes && kv.bytes.length > 0) isFile = true;
      }
      if (!key) continue;
      if (isFile) {
        params[key] = value;
        continue;
      }
      const text = value.toString('utf8');
      try {
        params[key] = JSON.parse(text) as unknown;
      } catch {
        params[key] = text;
      }
    }
  }
  return { params, appid };
}

/** Encode a CommOpenApiResp carrying a JSON answer (or a system errorCode). */
export function encodeOpenApiResponse(opts: { json?: unknown; errorCode?: number }): Buffer {
  const parts: Buffer[] = [];
  if (opts.json !== undefined) {
    parts.push(lenField(1, Buffer.from(JSON.stringify(opts.json), 'utf8')));
    parts.push(lenField(2, Buffer.from('application/json', 'utf8')));
  }
  if (opts.errorCode) parts.push(Buffer.concat([writeVarint(BigInt(3 << 3)), writeVarint(BigInt(opts.errorCode))]));
  parts.push(varintField(4, 200));
  return Buffer.concat(parts);
}
