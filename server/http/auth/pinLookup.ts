import { createHmac } from 'node:crypto';

/**
 * The stored form of a pupil PIN: HMAC-SHA-256 keyed by the school's salt. It must be
 * deterministic (the PIN is the pupil's identity within the school, so login looks it up),
 * which is why a slow salted password hash cannot be used; brute force is stopped instead by
 * the login rate limit and lockout (loginThrottle.ts).
 */
export function pinLookup(schoolPinSalt: string, pin: string): string {
  return createHmac('sha256', schoolPinSalt).update(pin).digest('base64');
}
