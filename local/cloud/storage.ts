import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { HttpError, readBody } from './http-util';

/** Content types by extension, for files served back. */
const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
};

/** One entry of a batch answer, in the admin API's shape. */
type FileResult = { fileID: string; code: string; tempFileURL?: string; maxAge?: number; message?: string };

/**
 * Cloud storage on disk: files under `<dataDir>/storage/<cloudPath>`, fileIDs `cloud://<envId>.<bucket>/<cloudPath>`,
 * temporary URLs signed with a key kept in the data dir and served by this process.
 */
export class LocalStorage {
  readonly root: string;
  readonly bucket: string;
  private readonly key: Buffer;

  constructor(
    dataDir: string,
    private readonly envId: string,
    private readonly baseUrl: () => string,
  ) {
    this.root = path.join(dataDir, 'storage');
    fs.mkdirSync(this.root, { recursive: true });
    this.bucket = `${Buffer.from(envId).toString('hex').slice(0, 8)}-${envId}-1250000000`;
    const keyFile = path.join(dataDir, 'storage-sign.key');
    if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('hex'));
    this.key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
  }

  /** `cloud://env.bucket/path` for a cloud path. */
  fileId(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`;
  }

  /** The cloud path inside a fileID of this env, or undefined for a foreign/malformed one. */
  cloudPathOf(fileId: string): string | undefined {
    const prefix = `cloud://${this.envId}.${this.bucket}/`;
    if (!fileId.startsWith(prefix)) return undefined;
    return this.safePath(fileId.slice(prefix.length));
  }

  /** Normalise a cloud path; refuses escapes from the storage root. */
  safePath(cloudPath: string): string | undefined {
    const clean = path.posix.normalize(cloudPath.replace(/^\/+/, ''));
    if (!clean || clean === '.' || clean.startsWith('..') || clean.includes('\0')) return undefined;
    return clean;
  }

  private diskPath(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'));
  }

  private sign(purpose: string, cloudPath: string, expires: number): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`${purpose}\n${cloudPath}\n${expires}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** Store bytes at a cloud path; returns the fileID. */
  write(cloudPath: string, bytes: Buffer): string {
    const clean = this.safePath(cloudPath);
    if (!clean) throw new HttpError(400, 'invalid cloudPath');
    const file = this.diskPath(clean);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return this.fileId(clean);
  }

  /** `storage.getUploadMetadata`: where and with what token the SDK PUTs the file. */
  uploadMetadata(cloudPath: string): {
    url: string;
    token: string;
    authorization: string;
    fileId: string;
    cosFileId: string;
    download_url: string;
  } {
    const clean = this.safePath(cloudPath);
    if (!clean) throw Object.assign(new Error('invalid cloudPath'), { code: 'INVALID_PARAM' });
    const expires = Math.floor(Date.now() / 1000) + 600;
    const sig = this.sign('put', clean, expires);
    const encoded = clean.split('/').map(encodeURIComponent).join('/');
    return {
      url: `${this.baseUrl()}/storage-upload/${encoded}?e=${expires}&sign=${sig}`,
      token: `local-${sig}`,
      authorization: `q-sign-algorithm=sha1&q-signature=${sig}`,
      fileId: this.fileId(clean),
      cosFileId: crypto.createHash('md5').update(clean).digest('hex'),
      download_url: `${this.baseUrl()}/storage/${encoded}`,
    };
  }

  /** `storage.batchGetDownloadUrl`. */
  downloadUrls(list: Array<{ fileid?: unknown; max_age?: unknown }>): FileResult[] {
    return list.map((item) => {
      const fileID = String(item.fileid ?? '');
      const cloudPath = this.cloudPathOf(fileID);
      if (!cloudPath || !fs.existsSync(this.diskPath(cloudPath))) {
        return { fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '', message: 'file not found' };
      }
      const maxAge = Number(item.max_age) > 0 ? Number(item.max_age) : 86400;
      return { fileID, code: 'SUCCESS', tempFileURL: this.tempUrl(cloudPath, maxAge), maxAge };
    });
  }

  /** A signed URL this process serves for `maxAge` seconds. */
  tempUrl(cloudPath: string, maxAge = 86400): string {
    const expires = Math.floor(Date.now() / 1000) + maxAge;
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl()}/storage/${encoded}?e=${expires}&sign=${this.sign('get', cloudPath, expires)}`;
  }

  /** `storage.batchDeleteFile`. */
  delete(fileIds: unknown[]): FileResult[] {
    return fileIds.map((raw) => {
      const fileID = String(raw);
      const cloudPath = this.cloudPathOf(fileID);
      const file = cloudPath ? this.diskPath(cloudPath) : undefined;
      if (!file || !fs.existsSync(file)) return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'file not found' };
      fs.rmSync(file);
      return { fileID, code: 'SUCCESS' };
    });
  }

  private checkSigned(purpose: string, url: URL, cloudPath: string): void {
    const expires = Number(url.searchParams.get('e'));
    const sig = url.searchParams.get('sign') ?? '';
    const want = this.sign(purpose, cloudPath, expires);
    if (sig.length !== want.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(want))) {
      throw new HttpError(403, 'SignatureDoesNotMatch');
    }
    if (!(expires * 1000 > Date.now())) throw new HttpError(403, 'Request has expired');
  }

  private pathFromUrl(url: URL, prefix: string): string {
    const cloudPath = this.safePath(decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!cloudPath) throw new HttpError(400, 'invalid path');
    return cloudPath;
  }

  /** `PUT /storage-upload/<path>?e=&sign=` — the upload the node SDK makes after getUploadMetadata. */
  async handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const cloudPath = this.pathFromUrl(url, '/storage-upload/');
    try {
      this.checkSigned('put', url, cloudPath);
    } catch (err) {
      const e = err as HttpError;
      const xml = `<?xml version='1.0' encoding='utf-8' ?><Error><Code>SignatureDoesNotMatch</Code><Message>${e.message}</Message><Resource>/${cloudPath}</Resource><RequestId>local</RequestId><TraceId>local</TraceId></Error>`;
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(xml);
      return;
    }
    this.write(cloudPath, await readBody(req));
    res.writeHead(200, { 'content-length': 0, etag: '"local"' });
    res.end();
  }

  /** `GET|HEAD /storage/<path>?e=&sign=` — a temporary download URL. */
  handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const cloudPath = this.pathFromUrl(url, '/storage/');
    this.checkSigned('get', url, cloudPath);
    const file = this.diskPath(cloudPath);
    if (!fs.existsSync(file)) throw new HttpError(404, 'NoSuchKey');
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stat.size,
      'last-modified': stat.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  }
}
