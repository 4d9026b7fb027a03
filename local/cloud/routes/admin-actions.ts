import type { AdminAction } from '../admin';
import { adminError } from '../admin';
import { FunctionError } from '../functions/runtime';
import type { CloudServices } from './services';

/** CloudBase takes at most 50 files per `deleteFile` / `getTempFileURL` call and refuses the whole call beyond. */
export const STORAGE_BATCH_LIMIT = 50;

function tooManyFiles(requestId: string) {
  return adminError('INVALID_PARAM', `file list length must be at most ${STORAGE_BATCH_LIMIT}`, requestId);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The admin API actions besides `database.*`: function invocation, storage and `wx.openApi`, answering in the
 * shapes @cloudbase/node-sdk 3.x reads (`{requestId, data: {...}}`, or `{code, message, requestId}` on failure).
 */
export function createAdminActions(s: CloudServices): Record<string, AdminAction> {
  return {
    /** `cloud.callFunction` from a function or a script; the caller's WX_API_TOKEN carries its identity. */
    'functions.invokeFunction': async (params, info) => {
      const caller = s.runtime().byToken(str(params.wxCloudApiToken));
      const raw = str(params.request_data);
      const data: unknown = raw ? JSON.parse(raw) : {};
      try {
        const out = await s.runtime().invoke(str(params.function_name) ?? '', data, {
          identity: caller?.identity ?? {},
          source: info.source,
        });
        const response = JSON.stringify(out.result) ?? 'null';
        return { json: { requestId: out.requestId, data: { response_data: response } } };
      } catch (err) {
        if (err instanceof FunctionError) return adminError(err.code, err.message, err.requestId);
        throw err;
      }
    },
    'storage.getUploadMetadata': async (params, info) => ({
      json: { requestId: info.requestId, data: s.storage.uploadMetadata(str(params.path) ?? '') },
    }),
    'storage.batchGetDownloadUrl': async (params, info) => {
      const list = Array.isArray(params.file_list)
        ? (params.file_list as Array<{ fileid?: unknown; max_age?: unknown }>)
        : [];
      if (list.length > STORAGE_BATCH_LIMIT) return tooManyFiles(info.requestId);
      return { json: { requestId: info.requestId, data: { download_list: s.storage.downloadUrls(list) } } };
    },
    'storage.batchDeleteFile': async (params, info) => {
      const list = Array.isArray(params.fileid_list) ? (params.fileid_list as unknown[]) : [];
      if (list.length > STORAGE_BATCH_LIMIT) return tooManyFiles(info.requestId);
      return { json: { requestId: info.requestId, data: { delete_list: s.storage.delete(list) } } };
    },
    /** `cloud.openapi.*`: protobuf in and out; permissions from the calling function's config.json. */
    'wx.openApi': async (params) => {
      const caller = s.runtime().byToken(str(params.wxCloudApiToken));
      const spec = caller ? s.runtime().spec(caller.functionName) : undefined;
      const requestData = Buffer.isBuffer(params.requestData) ? params.requestData : undefined;
      const bytes = s.openapi.handle(str(params.apiName) ?? '', requestData, {
        functionName: caller?.functionName,
        allowed: spec?.openapi,
        openid: caller?.identity.openid,
        appid: caller?.identity.appid,
      });
      return { bytes, contentType: 'application/octet-stream' };
    },
  };
}
