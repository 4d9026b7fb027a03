/** Upload prefixes and the own-files check (pure). */
import { createHash } from 'crypto';
import { newUploadPath, requireOwnFiles, uploadPrefix } from '../../domain/cases/uploads';
import { isImageFile, UPLOAD_PATH, uploadCloudPath } from '../../typings/cases';

const ENV = 'prod-1a2b';
const fileOf = (path: string, env = ENV) => `cloud://${env}.7072-${env}-1300000000/${path}`;
const refuse = (fileID: string, openid = 'o-alice') => {
  try {
    requireOwnFiles([{ field: 'attachments.3', fileID }], openid, ENV);
    return null;
  } catch (error) {
    return { code: (error as { code: string }).code, field: (error as { field: string }).field };
  }
};

describe('upload paths', () => {
  it('puts each person under the first 16 hex of sha256(openid), by month in China time', () => {
    const hash = createHash('sha256').update('o-alice').digest('hex').slice(0, 16);
    expect(uploadPrefix('o-alice')).toBe(`uploads/${hash}/`);
    expect(uploadPrefix('o-bob')).not.toBe(uploadPrefix('o-alice'));
    // 2026-01-31 20:00 UTC is already February in China.
    expect(uploadCloudPath('uploads/0123456789abcdef/', 'png', new Date('2026-01-31T20:00:00Z'), 'abcdefgh12')).toBe(
      'uploads/0123456789abcdef/202602/abcdefgh12.png',
    );
    const a = newUploadPath('o-alice', 'jpg', new Date());
    const b = newUploadPath('o-alice', 'jpg', new Date());
    expect(a.cloudPath).toMatch(UPLOAD_PATH);
    expect(a.cloudPath.startsWith(a.prefix)).toBe(true);
    expect(a.cloudPath).not.toBe(b.cloudPath);
  });

  it('accepts only the caller’s own uploads in this environment, naming the field otherwise', () => {
    const own = newUploadPath('o-alice', 'jpg', new Date()).cloudPath;
    expect(refuse(fileOf(own))).toBeNull();
    const bad = [
      fileOf(own, 'other-env'),
      fileOf(newUploadPath('o-bob', 'jpg', new Date()).cloudPath),
      fileOf('uploads/appeal/a.jpg'),
      fileOf(own.replace(/\.jpg$/, '.exe')),
      fileOf(`${uploadPrefix('o-alice')}../${uploadPrefix('o-bob').slice(8)}202601/abcdefgh12.jpg`),
      `http://evil.example/${own}`,
    ];
    for (const fileID of bad) expect(refuse(fileID)).toEqual({ code: 'INVALID_INPUT', field: 'attachments.3' });
    // The system (no openid) owns no uploads.
    expect(refuse(fileOf(own), '')).toEqual({ code: 'INVALID_INPUT', field: 'attachments.3' });
  });

  it('tells photos from documents by extension', () => {
    expect(isImageFile(fileOf('uploads/0123456789abcdef/202601/abcdefgh12.JPG'))).toBe(true);
    expect(isImageFile(fileOf('uploads/0123456789abcdef/202601/abcdefgh12.pdf'))).toBe(false);
  });
});
