/**
 * Format and pixel size of an image from its first bytes (PNG, JPEG, GIF; other formats are recognised by
 * signature only), for the local `imgSecCheck`, which takes PNG/JPEG/GIF up to 750×1334 as WeChat does.
 */
export interface ImageInfo {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'unknown';
  width: number;
  height: number;
}

function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) {
      i += 1;
      continue;
    }
    const marker = b[i + 1];
    // SOF0–SOF15 except DHT (C4), JPG (C8), DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return { width: 0, height: 0 };
}

/** What an image file is. */
export function imageInfo(b: Buffer): ImageInfo {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47)
    return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString('latin1', 0, 4) === 'GIF8')
    return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return { format: 'jpeg', ...jpegSize(b) };
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return { format: 'webp', width: 0, height: 0 };
  if (b.length >= 2 && b.toString('latin1', 0, 2) === 'BM') return { format: 'bmp', width: 0, height: 0 };
  return { format: 'unknown', width: 0, height: 0 };
}
