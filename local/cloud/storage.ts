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

/** COS's limit on an object key, in bytes. */
const MAX_KEY_BYTES = 850;

/**
 * Cloud storage on disk: files under `<dataDir>/storage/<cloudPath>`, fileIDs `cloud://<envId>.<bucket>/<cloudPath>`,
 * temporary URLs signed with a key kept in the data dir and served by this process. Each file's uploader (the
 * `resource.openid` storage rules see; empty for files a function or script wrote) is kept beside it under
 * `<dataDir>/storage-meta/<cloudPath>.json`.
 */
export class LocalStorage {
  readonly root: string;
  readonly bucket: string;
  private readonly metaRoot: string;
  private readonly key: Buffer;

  constructor(
    dataDir: string,
    private readonly envId: string,
    private readonly baseUrl: () => string,
  ) {
    this.root = path.join(dataDir, 'storage');
    this.metaRoot = path.join(dataDir, 'storage-meta');
    fs.mkdirSync(this.root, { recursive: true });
    fs.mkdirSync(this.metaRoot, { recursive: true });
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

  /**
   * A cloud path as stored, or undefined for one that cannot name a file: empty, a directory (`a/`), with empty,
   * `.` or `..` segments, a backslash, control characters, or longer than COS's 850-byte key. A leading `/` is
   * dropped (the SDKs accept one).
   */
  safePath(cloudPath: string): string | undefined {
    if (typeof cloudPath !== 'string') return undefined;
    const clean = cloudPath.replace(/^\/+/, '');
    if (!clean || Buffer.byteLength(clean) > MAX_KEY_BYTES) return undefined;
    if (/[\u0000-\u001f\u007f\\]/.test(clean)) return undefined;
    const segments = clean.split('/');
    if (segments.some((seg) => seg === '' || seg === '.' || seg === '..')) return undefined;
    return clean;
  }

  private diskPath(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'));
  }

  private metaPath(cloudPath: string): string {
    return `${path.join(this.metaRoot, ...cloudPath.split('/'))}.json`;
  }

  /** True when the cloud path names a stored file (not a directory, not missing). */
  isFile(cloudPath: string): boolean {
    try {
      return fs.statSync(this.diskPath(cloudPath)).isFile();
    } catch {
      return false;
    }
  }

  /** Who uploaded a stored file: an openid, or '' for a file a function or a script wrote. */
  ownerOf(cloudPath: string): string {
    try {
      const meta = JSON.parse(fs.readFileSync(this.metaPath(cloudPath), 'utf8')) as { openid?: unknown };
      return typeof meta.openid === 'string' ? meta.openid : '';
    } catch {
      return '';
    }
  }

  private sign(purpose: string, cloudPath: string, expires: number): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`${purpose}\n${cloudPath}\n${expires}`)
      .digest('hex')
      .slice(0, 32);
  }

  /**
   * Store bytes at a cloud path, recording who uploaded them (`owner`: an openid, '' for a function or script);
   * overwriting keeps the first uploader. Returns the fileID. A path that is a directory, or runs through a file,
   * is refused (400).
   */
  write(cloudPath: string, bytes: Buffer, owner = ''): string {
    const clean = this.safePath(cloudPath);
    if (!clean) throw new HttpError(400, 'invalid cloudPath');
    const file = this.diskPath(clean);
    const existed = this.isFile(clean);
    try {
      if (!existed && fs.existsSync(file)) throw new Error('a directory');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      if (!existed) {
        fs.mkdirSync(path.dirname(this.metaPath(clean)), { recursive: true });
        fs.writeFileSync(this.metaPath(clean), JSON.stringify({ openid: owner, at: new Date().toISOString() }));
      }
    } catch {
      throw new HttpError(400, 'invalid cloudPath: it names a folder or runs through a file');
    }
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
      if (!cloudPath || !this.isFile(cloudPath)) {
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
      const fileID = typeof raw === 'string' ? raw : '';
      const cloudPath = this.cloudPathOf(fileID);
      if (!cloudPath || !this.isFile(cloudPath)) {
        return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'file not found' };
      }
      fs.rmSync(this.diskPath(cloudPath), { force: true });
      fs.rmSync(this.metaPath(cloudPath), { force: true });
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
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      throw new HttpError(400, 'invalid path');
    }
    const cloudPath = this.safePath(decoded);
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
    if (!this.isFile(cloudPath)) throw new HttpError(404, 'NoSuchKey');
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
    // A read error (the file removed meanwhile) ends this response only, never the process.
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
