/**
 * Small real image files for tests: a PNG/GIF/JPEG header with the given pixel size, followed by `text`
 * (the local imgSecCheck reads an image's bytes as text against its word lists, so a test can mark a photo
 * risky). WeChat's imgSecCheck takes PNG, JPEG and GIF up to 750×1334 and 1 MB.
 */
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A PNG of `width`×`height` whose text chunk holds `text`. */
export function fakePng(text = '测试照片', width = 64, height = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${text}`, 'utf8')),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A WebP file (a format imgSecCheck does not take). */
export function fakeWebp(text = '测试照片'): Buffer {
  const body = Buffer.from(`WEBPVP8 ${text}`, 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, body]);
}
