/**
 * Pictures for items (docs/item-bank.md "Pictures"): an upload is checked from its bytes
 * (imageHeader.ts), stored once under the SHA-256 of those bytes in item_assets, and served at
 * /assets/<sha256>.<ext>. An item may only show a picture stored here, so a saved item never
 * points at a missing file or at another site (the pages' CSP allows same-origin images only).
 */
import { createHash } from 'node:crypto';
import { ItemAsset } from '../db/models';
import { ApiError, validationFailed, type ErrorDetail } from '../http/apiError';
import { MAX_PICTURE_BYTES, readPictureHeader, type PictureFormat } from './imageHeader';

export interface StoredPicture {
  sha256: string;
  /** The address an item's image.src uses. */
  src: string;
  mediaType: PictureFormat['mediaType'];
  width: number;
  height: number;
  size: number;
  /** False when the same bytes were already stored. */
  created: boolean;
}

const ASSET_NAME = /^([0-9a-f]{64})\.(png|jpg|webp)$/;
/** Alt text a screen-reader user can answer nothing from ("image", "a diagram.", "picture 1"). */
const UNHELPFUL_ALT = /^\s*(?:an?\s+|the\s+)?(?:image|picture|diagram|photo|photograph|graph|figure|img|drawing|chart)(?:\s*\d+)?\s*\.?\s*$/i;
const ASSET_SRC = /^\/assets\/([0-9a-f]{64}\.(?:png|jpg|webp))$/;

export function assetSrc(sha256: string, extension: string): string {
  return `/assets/${sha256}.${extension}`;
}

/** Checks the bytes and stores them unless the same picture is already stored. */
export async function storePicture(bytes: Buffer, uploadedBy: string, now: Date): Promise<StoredPicture> {
  if (bytes.length > MAX_PICTURE_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `The picture is larger than ${MAX_PICTURE_BYTES / 1024 / 1024} MB; make it smaller and try again.`);
  const verdict = readPictureHeader(bytes);
  if (!verdict.ok) throw validationFailed(verdict.message, [{ path: '/contentBase64', message: verdict.message }]);
  const { format, width, height } = verdict.header;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const described = { sha256, src: assetSrc(sha256, format.extension), mediaType: format.mediaType, width, height, size: bytes.length };
  if (await ItemAsset.exists({ _id: sha256 })) return { ...described, created: false };
  try {
    await ItemAsset.create({ _id: sha256, mediaType: format.mediaType, extension: format.extension, width, height, size: bytes.length, bytes, uploadedBy, uploadedAt: now });
  } catch (error) {
    // Two uploads of the same picture at once: the other one stored it.
    if ((error as { code?: number }).code === 11000) return { ...described, created: false };
    throw error;
  }
  return { ...described, created: true };
}

/** The stored picture named by `<sha256>.<ext>`, or undefined (an unknown name or the wrong extension). */
export async function readPicture(name: string): Promise<{ mediaType: string; bytes: Buffer; sha256: string } | undefined> {
  const match = ASSET_NAME.exec(name);
  if (!match) return undefined;
  const row = await ItemAsset.findById(match[1], { mediaType: 1, extension: 1, bytes: 1 }).lean();
  if (!row || row.extension !== match[2]) return undefined;
  return { mediaType: row.mediaType, bytes: bufferOf(row.bytes), sha256: String(row._id) };
}

/** A lean read returns the driver's BSON Binary, whose bytes are its `buffer`, not the object. */
function bufferOf(stored: unknown): Buffer {
  if (Buffer.isBuffer(stored)) return stored;
  const inner = (stored as { buffer?: Uint8Array }).buffer;
  if (!(inner instanceof Uint8Array)) throw new Error('A stored picture has no bytes.');
  return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
}

/** A problem with the item's picture: it must name a picture stored in the bank. */
export async function pictureProblems(document: { image?: { src?: unknown; alt?: unknown } }): Promise<ErrorDetail[]> {
  const src = document.image?.src;
  if (src === undefined) return [];
  const match = typeof src === 'string' ? ASSET_SRC.exec(src) : null;
  if (!match) return [{ path: '/image/src', message: 'must be a picture uploaded to the bank (an address /assets/…); upload the picture again' }];
  if (!(await readPictureExists(match[1]!))) return [{ path: '/image/src', message: 'names a picture that is not in the bank; upload the picture again' }];
  const alt = typeof document.image?.alt === 'string' ? document.image.alt : '';
  if (UNHELPFUL_ALT.test(alt)) return [{ path: '/image/alt', message: 'must say what the picture shows that a pupil needs to answer (the shapes, numbers and labels), not just what kind of file it is' }];
  return [];
}

async function readPictureExists(name: string): Promise<boolean> {
  const match = ASSET_NAME.exec(name);
  if (!match) return false;
  const row = await ItemAsset.findById(match[1], { extension: 1 }).lean();
  return row !== null && row.extension === match[2];
}

/** VALIDATION_FAILED naming /image/src when the item's picture is not stored. */
export async function assertPictureStored(document: { image?: { src?: unknown; alt?: unknown } }): Promise<void> {
  const details = await pictureProblems(document);
  if (details.length > 0) throw validationFailed('The item\'s picture is not in the bank.', details);
}
