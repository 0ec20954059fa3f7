/**
 * The sampling service's secret key for pseudonymous keys (HMAC-SHA-256). From SAMPLING_KEY when
 * set, else read from — or on first start generated into — `<dataDir>/sampling.key` (mode 0600).
 * Only this service holds it; it is never logged or sent anywhere (docs/national-sampling.md).
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SAMPLING_KEY_FILE = 'sampling.key';

export function resolveSamplingKey(configured: string | null | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, SAMPLING_KEY_FILE);
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return Buffer.from(stored, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('hex');
  try {
    // 'wx': never overwrite a key another process wrote a moment ago (it would orphan its pseudonyms).
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return Buffer.from(generated, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
  }
}

/** Keyed hash of a cycle's sampling code: the participant's and its sitting's id. */
export function pseudonymousKey(key: Buffer, cycleId: string, code: string): string {
  return createHmac('sha256', key).update(`waymark-sampling:${cycleId}:${code}`).digest('base64url');
}
