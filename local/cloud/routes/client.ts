import type http from 'node:http';
import { FunctionError, type Identity } from '../functions/runtime';
import { header, parseJsonBody, readBody, sendJson } from '../http-util';
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
 * `/wx/uploadFile`, `/wx/getTempFileURL`); they exist only in the local cloud.
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
      const cloudPath = url.searchParams.get('cloudPath') ?? '';
      if (!s.storage.safePath(cloudPath)) {
        return sendJson(res, 400, { errCode: -1, errMsg: 'cloud.uploadFile:fail invalid cloudPath' });
      }
      const fileID = s.storage.write(cloudPath, await readBody(req));
      return sendJson(res, 200, { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
    }
    if (p === '/wx/getTempFileURL') {
      const body = parseJsonBody(await readBody(req));
      if (Array.isArray(body.fileList) && body.fileList.length > STORAGE_BATCH_LIMIT)
        return sendJson(res, 400, {
          errCode: -1,
          errMsg: `cloud.getTempFileURL:fail at most ${STORAGE_BATCH_LIMIT} files`,
        });
      const list = (Array.isArray(body.fileList) ? (body.fileList as unknown[]) : []).map((f) =>
        f && typeof f === 'object'
          ? { fileid: (f as { fileID?: unknown }).fileID, max_age: (f as { maxAge?: unknown }).maxAge }
          : { fileid: f },
      );
      const fileList = s.storage
        .downloadUrls(list)
        .map((f) =>
          f.code === 'SUCCESS'
            ? { fileID: f.fileID, tempFileURL: f.tempFileURL, maxAge: f.maxAge, status: 0, errMsg: 'ok' }
            : { fileID: f.fileID, tempFileURL: '', status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' },
        );
      return sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
    }
    if (p === '/wx/deleteFile') {
      const body = parseJsonBody(await readBody(req));
      if (Array.isArray(body.fileList) && body.fileList.length > STORAGE_BATCH_LIMIT)
        return sendJson(res, 400, {
          errCode: -1,
          errMsg: `cloud.deleteFile:fail at most ${STORAGE_BATCH_LIMIT} files`,
        });
      const fileList = s.storage
        .delete(Array.isArray(body.fileList) ? (body.fileList as unknown[]) : [])
        .map((f) =>
          f.code === 'SUCCESS'
            ? { fileID: f.fileID, status: 0, errMsg: 'ok' }
            : { fileID: f.fileID, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' },
        );
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
 * `cloud://` fileID (mini-program pages render cloud fileIDs directly; storage's default rule lets users read).
 */
export function createFileRedirect(s: CloudServices) {
  return (res: http.ServerResponse, url: URL): void => {
    const [file] = s.storage.downloadUrls([{ fileid: url.searchParams.get('fileID') ?? '', max_age: 600 }]);
    if (file.code !== 'SUCCESS' || !file.tempFileURL) return sendJson(res, 404, { error: 'file not found' });
    res.writeHead(302, { location: file.tempFileURL, 'cache-control': 'no-store' });
    res.end();
  };
}
