// Photo readers for tests in Node: JPEG (jpeg-js), PNG (pngjs) and a tiny BMP reader of our own.
// Every reader returns { data: RGBA Uint8Array (row-major, top row first), width, height }.
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Reads an uncompressed BMP (BI_RGB 24- or 32-bit, or BI_BITFIELDS 32-bit with the usual masks;
 * bottom-up or top-down rows). Throws on anything else.
 */
export function decodeBmp(buf) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 54 || v.getUint16(0, false) !== 0x424d) throw new Error('not a BMP file (no "BM" signature)');
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (headerSize < 40) throw new Error(`unsupported BMP header of ${headerSize} bytes`);
  if (!(width > 0 && height > 0 && width * height <= 1 << 26)) throw new Error(`bad BMP size ${width}×${height}`);
  if (bpp !== 24 && bpp !== 32) throw new Error(`unsupported BMP depth ${bpp} bit`);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) throw new Error(`unsupported BMP compression ${compression}`);
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + rowBytes * height > buf.byteLength) throw new Error('truncated BMP pixel data');
  const px = bpp / 8;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const s = row + x * px;
      const d = (y * width + x) * 4;
      data[d] = buf[s + 2];
      data[d + 1] = buf[s + 1];
      data[d + 2] = buf[s];
      data[d + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Decodes a photo by its extension: .jpg/.jpeg, .png or .bmp. */
export function loadPhoto(file) {
  const buf = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
    return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height };
  }
  if (ext === '.png') {
    const img = PNG.sync.read(buf);
    return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height };
  }
  if (ext === '.bmp') return decodeBmp(buf);
  throw new Error(`loadPhoto: unknown image type '${ext}' (${file})`);
}

/** RGBA → RGB floats 0..255 (alpha dropped), ready for `sprout.tensor(rgb, [height, width, 3])`. */
export function rgbFloats({ data, width, height }) {
  const out = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    out[j] = data[4 * i];
    out[j + 1] = data[4 * i + 1];
    out[j + 2] = data[4 * i + 2];
  }
  return out;
}
