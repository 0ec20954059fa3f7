import { LoginAttempt } from '../../db/models';
import { ApiError } from '../apiError';

/**
 * Two brakes on guessing PINs and passwords:
 * - a rate limit on login attempts per client address (429), held in memory: it protects this
 *   process from floods and needs no database round trip;
 * - a lockout after repeated failures for one key (423), held in the database so it survives a
 *   restart. PIN logins are keyed by school code + address (a pupil's typo on the shared school
 *   connection does not lock the whole school, and an outsider cannot lock a school out);
 *   teacher logins by e-mail address.
 */
export interface LoginLimits {
  /** Login attempts one address may make per minute before 429. */
  attemptsPerMinutePerAddress: number;
  /** Failed attempts for one key within `lockMinutes` before 423. */
  failuresBeforeLock: number;
  lockMinutes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  attemptsPerMinutePerAddress: 120,
  failuresBeforeLock: 10,
  lockMinutes: 15,
};

const MINUTE_MS = 60_000;

export class LoginThrottle {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly limits: LoginLimits) {}

  /** Counts one attempt from `address`; throws RATE_LIMITED past the limit. */
  countAttempt(address: string, nowMs: number): void {
    const window = this.windows.get(address);
    if (!window || nowMs - window.startedAt >= MINUTE_MS) {
      if (this.windows.size > 100_000) this.forgetOldWindows(nowMs);
      this.windows.set(address, { startedAt: nowMs, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.limits.attemptsPerMinutePerAddress) {
      const retryAfter = Math.ceil((window.startedAt + MINUTE_MS - nowMs) / 1000);
      throw new ApiError('RATE_LIMITED', 'Too many login attempts from this connection. Wait a minute and try again.', [], retryAfter);
    }
  }

  /** Throws LOCKED while `key` is locked; returns whether failures are on record for it. */
  async assertNotLocked(key: string, now: Date): Promise<boolean> {
    const attempt = await LoginAttempt.findById(key).lean();
    if (attempt?.lockedUntil && attempt.lockedUntil.getTime() > now.getTime()) {
      const retryAfter = Math.ceil((attempt.lockedUntil.getTime() - now.getTime()) / 1000);
      throw new ApiError('LOCKED', 'Too many wrong attempts. Login is locked for a while: ask your teacher or try again later.', [], retryAfter);
    }
    return attempt !== null;
  }

  /** Records a failure; returns true when this failure locks the key. */
  async recordFailure(key: string, now: Date): Promise<boolean> {
    const windowMs = this.limits.lockMinutes * MINUTE_MS;
    const current = await LoginAttempt.findById(key).lean();
    if (!current || now.getTime() - current.windowStartedAt.getTime() >= windowMs) {
      await LoginAttempt.updateOne(
        { _id: key },
        { $set: { key, failures: 1, windowStartedAt: now, lockedUntil: null } },
        { upsert: true },
      );
      return this.limits.failuresBeforeLock <= 1
        ? (await this.lock(key, now), true)
        : false;
    }
    const updated = await LoginAttempt.findOneAndUpdate({ _id: key }, { $inc: { failures: 1 } }, { new: true }).lean();
    if (updated && updated.failures >= this.limits.failuresBeforeLock) {
      await this.lock(key, now);
      return true;
    }
    return false;
  }

  async recordSuccess(key: string): Promise<void> {
    await LoginAttempt.deleteOne({ _id: key });
  }

  private async lock(key: string, now: Date): Promise<void> {
    await LoginAttempt.updateOne({ _id: key }, { $set: { lockedUntil: new Date(now.getTime() + this.limits.lockMinutes * MINUTE_MS) } });
  }

  private forgetOldWindows(nowMs: number): void {
    for (const [address, window] of this.windows) {
      if (nowMs - window.startedAt >= MINUTE_MS) this.windows.delete(address);
    }
  }
}
