/**
 * Demo photos for the seed: small PNGs drawn here (no image library), so a reviewer in the preview sees a
 * thumbnail that is obviously a stand-in — a coloured card with a few "lines of text" and a stamp.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A `width`×`height` RGB PNG: paper of colour `paper`, grey text lines, a red round stamp bottom right. */
export function demoPhoto(paper: [number, number, number], width = 320, height = 220): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      let px = paper;
      const line = y > 30 && y < 170 && (y - 30) % 22 < 7 && x > 24 && x < width - 24 - ((y * 7) % 60);
      const border = x < 6 || y < 6 || x >= width - 6 || y >= height - 6;
      const dx = x - (width - 70);
      const dy = y - (height - 60);
      const stamp = dx * dx + dy * dy < 38 * 38 && dx * dx + dy * dy > 31 * 31;
      if (border) px = [120, 120, 120];
      if (line) px = [90, 90, 90];
      if (stamp) px = [200, 30, 30];
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = px[0];
      raw[at + 1] = px[1];
      raw[at + 2] = px[2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
