/**
 * readPictureHeader: the format comes from the bytes, the size from the header; SVG, HTML and
 * oversized or damaged pictures are refused. Headers are built byte by byte from the format
 * specifications cited in server/bank/imageHeader.ts.
 */
import { MAX_PICTURE_BYTES, readPictureHeader } from '../../../server/bank/imageHeader';
import { tinyPng } from '../../support/tinyPng';

function jpegWithFrame(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

function webp(chunkType: string, payload: number[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP'), Buffer.from(chunkType), Buffer.from([payload.length, 0, 0, 0]), Buffer.from(payload)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF'), size, body]);
}

test('a PNG: format and size from IHDR', () => {
  expect(readPictureHeader(tinyPng(3, 2))).toEqual({ ok: true, header: { format: { mediaType: 'image/png', extension: 'png' }, width: 3, height: 2 } });
});

test('a JPEG: size from the first start-of-frame segment, after APP0', () => {
  expect(readPictureHeader(jpegWithFrame(640, 480))).toEqual({ ok: true, header: { format: { mediaType: 'image/jpeg', extension: 'jpg' }, width: 640, height: 480 } });
});

test('WebP: lossless (VP8L, 14-bit sizes minus one) and extended (VP8X, 24-bit sizes minus one)', () => {
  // width 300 → 299 = 0x12b, height 200 → 199 = 0xc7; bits: width−1 | (height−1) << 14.
  const bits = 299 | (199 << 14);
  const lossless = webp('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
  expect(readPictureHeader(lossless)).toMatchObject({ ok: true, header: { format: { extension: 'webp' }, width: 300, height: 200 } });
  const extended = webp('VP8X', [0, 0, 0, 0, 0x1f, 0x03, 0x00, 0xff, 0x01, 0x00]); // 800 × 512
  expect(readPictureHeader(extended)).toMatchObject({ ok: true, header: { width: 800, height: 512 } });
});

test('SVG and HTML are refused whatever the file is called; other bytes are not pictures', () => {
  const svg = readPictureHeader(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
  expect(svg).toEqual({ ok: false, message: expect.stringMatching(/SVG is not accepted/) });
  expect(readPictureHeader(Buffer.from('  <html><body>not a picture</body></html>'))).toMatchObject({ ok: false });
  expect(readPictureHeader(Buffer.from('GIF89a\x01\x00\x01\x00'))).toEqual({ ok: false, message: 'This file is not a PNG, JPEG or WebP picture.' });
  expect(readPictureHeader(Buffer.alloc(0))).toEqual({ ok: false, message: 'The file is empty.' });
});

test('too many pixels, no pixels, a damaged header or too many bytes are refused', () => {
  expect(readPictureHeader(tinyPng(4001, 1))).toEqual({ ok: false, message: expect.stringContaining('4001 × 1 pixels') });
  expect(readPictureHeader(jpegWithFrame(10, 4001))).toMatchObject({ ok: false });
  expect(readPictureHeader(jpegWithFrame(0, 10))).toEqual({ ok: false, message: 'The picture has no pixels.' });
  expect(readPictureHeader(tinyPng().subarray(0, 20))).toEqual({ ok: false, message: expect.stringContaining('header is damaged') });
  expect(readPictureHeader(Buffer.concat([tinyPng(), Buffer.alloc(MAX_PICTURE_BYTES)]))).toEqual({ ok: false, message: expect.stringContaining('larger than 1 MB') });
});
