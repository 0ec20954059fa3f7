/**
 * What kind of picture a file really is, read from its bytes (never its name or the type the
 * browser claims), and its size in pixels from the format's header. Pure: bytes in, a verdict
 * out. Only PNG, JPEG and WebP are recognised; SVG is refused because it can carry script.
 *
 * Formats: PNG (ISO/IEC 15948, §5.2 signature, §11.2.2 IHDR); JPEG (ITU-T T.81, B.1.1.3 marker
 * segments, B.2.2 frame header); WebP (RFC 9649: RIFF container, §2.5 'VP8 ', §3.2 'VP8L',
 * §2.7 'VP8X' headers).
 */
export type PictureFormat = { mediaType: 'image/png'; extension: 'png' } | { mediaType: 'image/jpeg'; extension: 'jpg' } | { mediaType: 'image/webp'; extension: 'webp' };

export interface PictureHeader {
  format: PictureFormat;
  width: number;
  height: number;
}

export type PictureVerdict = { ok: true; header: PictureHeader } | { ok: false; message: string };

export const PICTURE_EXTENSIONS = ['png', 'jpg', 'webp'] as const;
export const MAX_PICTURE_BYTES = 1024 * 1024;
export const MAX_PICTURE_SIDE = 4000;

const PNG: PictureFormat = { mediaType: 'image/png', extension: 'png' };
const JPEG: PictureFormat = { mediaType: 'image/jpeg', extension: 'jpg' };
const WEBP: PictureFormat = { mediaType: 'image/webp', extension: 'webp' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32be(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) >>> 0) + (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0));
}

function u24le(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
}

/** IHDR must be the first chunk, 13 bytes long, right after the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 33 || u32be(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

/** Walks the marker segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8, DAC CC). */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) { at += 1; continue; } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; } // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame
    const length = u16be(bytes, at + 2);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) return undefined;
      return { height: u16be(bytes, at + 5), width: u16be(bytes, at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes) then the start code 9d 01 2a, then 14-bit width and height.
    if (bytes.length < 30 || !startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { width: (bytes[26]! | (bytes[27]! << 8)) & 0x3fff, height: (bytes[28]! | (bytes[29]! << 8)) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Signature 0x2f, then width−1 and height−1 in 14 bits each, least significant bit first.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return undefined;
    const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    if (bytes.length < 30) return undefined;
    return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  }
  return undefined;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = ascii(bytes, 0, Math.min(bytes.length, 512)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return head.startsWith('<');
}

/** The picture's real format and size, or why it cannot be used in an item. */
export function readPictureHeader(bytes: Uint8Array): PictureVerdict {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty.' };
  if (bytes.length > MAX_PICTURE_BYTES) return { ok: false, message: `The picture is larger than ${MAX_PICTURE_BYTES / 1024 / 1024} MB; make it smaller and try again.` };
  let format: PictureFormat;
  let size: { width: number; height: number } | undefined;
  if (startsWith(bytes, PNG_SIGNATURE)) {
    format = PNG;
    size = pngSize(bytes);
  } else if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    format = JPEG;
    size = jpegSize(bytes);
  } else if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    format = WEBP;
    size = webpSize(bytes);
  } else if (looksLikeText(bytes)) {
    return { ok: false, message: 'This file is text (SVG or a web page), not a picture. SVG is not accepted because it can carry script: save the diagram as PNG.' };
  } else {
    return { ok: false, message: 'This file is not a PNG, JPEG or WebP picture.' };
  }
  if (!size) return { ok: false, message: `The file starts like a ${format.extension.toUpperCase()} picture but its header is damaged.` };
  if (size.width < 1 || size.height < 1) return { ok: false, message: 'The picture has no pixels.' };
  if (size.width > MAX_PICTURE_SIDE || size.height > MAX_PICTURE_SIDE) {
    return { ok: false, message: `The picture is ${size.width} × ${size.height} pixels; at most ${MAX_PICTURE_SIDE} × ${MAX_PICTURE_SIDE} is accepted.` };
  }
  return { ok: true, header: { format, width: size.width, height: size.height } };
}
