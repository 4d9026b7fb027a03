import type http from 'node:http';
import { FunctionError, type Identity } from '../functions/runtime';
import { header, HttpError, parseJsonBody, readBody, sendJson } from '../http-util';
import type { RuleAuth } from '../storage-rules';
import type { CloudServices } from './services';
import { STORAGE_BATCH_LIMIT } from './admin-actions';

/** Map a failed invocation to what `wx.cloud.<api>` rejects with, plus an HTTP status for /wx. */
export function clientError(api: string, err: unknown): { status: number; errCode: number; errMsg: string } {
  if (err instanceof FunctionError) {
    if (err.code === 'ResourceNotFound.Function') {
      return { status: 404, errCode: -501000, errMsg: `cloud.${api}:fail -501000 ${err.message}` };
    }
    if (err.code === 'EXCEED_MAX_PAYLOAD_SIZE') {
      return {
        status: 413,
        errCode: -501000,
        errMsg: `cloud.${api}:fail -501000 EXCEED_MAX_PAYLOAD_SIZE ${err.message}`,
      };
    }
    return {
      status: 500,
      errCode: -504002,
      errMsg: `cloud.${api}:fail -504002 functions execute fail. requestID ${err.requestId}, ${err.message}`,
    };
  }
  return {
    status: 500,
    errCode: -501001,
    errMsg: `cloud.${api}:fail -501001 ${(err as Error).message ?? String(err)}`,
  };
}

/**
 * The header-trusting client endpoints the browser preview's `wx.cloud` shim calls (`POST /wx/callFunction`,
 * `/wx/uploadFile`, `/wx/getTempFileURL`, `/wx/deleteFile`); they exist only in the local cloud. The storage routes
 * apply the repo's storage security rules (`database/storage-rules.json`) as CloudBase applies them to clients.
 */
export function createClientRoutes(s: CloudServices) {
  return async (p: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const identity: Identity = {
      openid: header(req, 'x-wx-openid'),
      appid: header(req, 'x-wx-appid'),
      unionid: header(req, 'x-wx-unionid'),
      clientIp: '127.0.0.1',
    };
    if (p === '/wx/callFunction') {
      const body = parseJsonBody(await readBody(req));
      try {
        const out = await s
          .runtime()
          .invoke(String(body.name ?? ''), body.data ?? {}, { identity, source: 'wx_client' });
        return sendJson(res, 200, { result: out.result, requestID: out.requestId, errMsg: 'cloud.callFunction:ok' });
      } catch (err) {
        const { status, errCode, errMsg } = clientError('callFunction', err);
        return sendJson(res, status, { errCode, errMsg });
      }
    }
    if (p === '/wx/uploadFile') {
      const cloudPath = s.storage.safePath(url.searchParams.get('cloudPath') ?? '');
      const body = await readBody(req);
      if (!cloudPath) {
        return sendJson(res, 400, { errCode: -1, errMsg: 'cloud.uploadFile:fail invalid cloudPath' });
      }
      // A new file's uploader is the caller; an existing one keeps its first uploader (who alone may overwrite it).
      const owner = s.storage.isFile(cloudPath) ? s.storage.ownerOf(cloudPath) : (identity.openid ?? '');
      if (!s.rules.write({ auth: authOf(identity), resource: { openid: owner, path: cloudPath } })) {
        return sendJson(res, 403, { errCode: DENIED, errMsg: 'cloud.uploadFile:fail STORAGE_EXCEED_AUTHORITY' });
      }
      const fileID = s.storage.write(cloudPath, body, owner);
      return sendJson(res, 200, { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
    }
    if (p === '/wx/getTempFileURL') {
      const list = fileListOf(parseJsonBody(await readBody(req)), 'getTempFileURL');
      const fileList = list.map((item) => {
        const fileID = typeof item === 'string' ? item : typeof item?.fileID === 'string' ? item.fileID : '';
        const maxAge = typeof item === 'object' && item ? item.maxAge : undefined;
        const check = checkFile(s, identity, fileID, 'read');
        if (check !== 'ok') return { fileID, tempFileURL: '', ...check };
        const [f] = s.storage.downloadUrls([{ fileid: fileID, max_age: maxAge }]);
        return { fileID, tempFileURL: f.tempFileURL, maxAge: f.maxAge, status: 0, errMsg: 'ok' };
      });
      return sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
    }
    if (p === '/wx/deleteFile') {
      const list = fileListOf(parseJsonBody(await readBody(req)), 'deleteFile');
      const fileList = list.map((item) => {
        const fileID = typeof item === 'string' ? item : '';
        const check = checkFile(s, identity, fileID, 'write');
        if (check !== 'ok') return { fileID, ...check };
        s.storage.delete([fileID]);
        return { fileID, status: 0, errMsg: 'ok' };
      });
      return sendJson(res, 200, { fileList, errMsg: 'cloud.deleteFile:ok' });
    }
    if (p === '/wx/requestSubscribeMessage') {
      // What the person answered in the subscribe dialog: every listed template accepted once more.
      const body = parseJsonBody(await readBody(req));
      const ids = Array.isArray(body.tmplIds) ? (body.tmplIds as unknown[]).map(String) : [];
      const accepted = s.openapi.subscribe(identity.openid ?? '', ids);
      if (!accepted)
        return sendJson(res, 400, { errCode: 20001, errMsg: 'requestSubscribeMessage:fail No template data return' });
      return sendJson(res, 200, {
        errMsg: 'requestSubscribeMessage:ok',
        ...Object.fromEntries(accepted.map((id) => [id, 'accept'])),
      });
    }
    if (p === '/wx/phoneCode') {
      // What <button open-type="getPhoneNumber"> hands the page once the person allows it: a one-time code.
      const body = parseJsonBody(await readBody(req));
      const phone = String(body.phone ?? '');
      if (!/^\+?\d{5,15}$/.test(phone)) return sendJson(res, 400, { errMsg: 'getPhoneNumber:fail invalid phone' });
      return sendJson(res, 200, { errMsg: 'getPhoneNumber:ok', code: s.openapi.issuePhoneCode(phone) });
    }
    sendJson(res, 404, { error: `not found: POST ${p}` });
  };
}

/**
 * `GET /wx/file?fileID=cloud://...` redirects to a fresh temporary URL: what the preview puts in `<image src>` for a
 * `cloud://` fileID and what its `wx.cloud.downloadFile` fetches. The caller is the `x-wx-openid` header or, for an
 * `<image>` that cannot send one, `?openid=`; the storage rules' `read` decides, as for a mini-program.
 */
export function createFileRedirect(s: CloudServices) {
  return (req: http.IncomingMessage, res: http.ServerResponse, url: URL): void => {
    const openid = header(req, 'x-wx-openid') ?? (url.searchParams.get('openid') || undefined);
    const fileID = url.searchParams.get('fileID') ?? '';
    const check = checkFile(s, { openid }, fileID, 'read');
    if (check !== 'ok') {
      const missing = check.errMsg === 'STORAGE_FILE_NONEXIST';
      return sendJson(res, missing ? 404 : 403, { error: missing ? 'file not found' : 'STORAGE_EXCEED_AUTHORITY' });
    }
    const [file] = s.storage.downloadUrls([{ fileid: fileID, max_age: 600 }]);
    res.writeHead(302, { location: file.tempFileURL, 'cache-control': 'no-store' });
    res.end();
  };
}

/** wx-server-sdk's status for a file the storage rules do not let the caller touch. */
const DENIED = -503002;
/** …and for a file that is not in storage. */
const MISSING = -503003;

/** The `auth` of storage rules for a client call: null when no openid came with it. */
function authOf(identity: Identity): RuleAuth | null {
  return identity.openid ? { openid: identity.openid, loginType: 'WECHAT-OPEN' } : null;
}

/** `fileList` of a storage call: an array (else 400) of at most 50 files, as CloudBase takes per call. */
function fileListOf(
  body: Record<string, unknown>,
  api: string,
): Array<{ fileID?: unknown; maxAge?: unknown } | string> {
  const list = body.fileList;
  if (!Array.isArray(list)) throw new HttpError(400, `cloud.${api}:fail fileList must be an array`);
  if (list.length > STORAGE_BATCH_LIMIT) {
    throw new HttpError(400, `cloud.${api}:fail at most ${STORAGE_BATCH_LIMIT} files`);
  }
  return list as Array<{ fileID?: unknown; maxAge?: unknown } | string>;
}

/** Whether the caller may `read` or `write` a stored file under the storage rules (a missing file is missing). */
function checkFile(
  s: CloudServices,
  identity: Identity,
  fileID: string,
  op: 'read' | 'write',
): 'ok' | { status: number; errMsg: string } {
  const cloudPath = s.storage.cloudPathOf(fileID);
  if (!cloudPath || !s.storage.isFile(cloudPath)) return { status: MISSING, errMsg: 'STORAGE_FILE_NONEXIST' };
  const allowed = s.rules[op]({
    auth: authOf(identity),
    resource: { openid: s.storage.ownerOf(cloudPath), path: cloudPath },
  });
  return allowed ? 'ok' : { status: DENIED, errMsg: 'STORAGE_EXCEED_AUTHORITY' };
}
