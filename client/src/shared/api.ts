import { busyRetryDelayMs } from './busyRetry';
import type { WireError } from './protocol';

/** A failed HTTP call, carrying the server's documented error body (or a network failure). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly error: WireError) {
    super(error.message);
  }
}

/** One HTTP exchange; requestJson adds the BUSY retries. */
async function requestOnce<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-Waymark-CSRF'] = '1';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'We could not reach the server. Check your connection and try again.' });
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (parsed as { error?: WireError } | null)?.error;
    throw new ApiError(response.status, error ?? { code: 'INTERNAL', message: `The server answered ${response.status}.` });
  }
  return parsed as T;
}

/** How many times a request refused with BUSY is sent again before the refusal is shown. */
const BUSY_RETRIES = 4;

/**
 * JSON over HTTP with the session cookie. State-changing calls carry the CSRF header the
 * server requires (a custom header a cross-site form cannot send; docs/protocol.md). A BUSY
 * refusal (503: the server's queues were full and it wrote nothing) is sent again after the
 * same jittered backoff the player uses for answers, so a class logging in at once spreads out.
 */
export async function requestJson<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  for (let refusals = 0; ; refusals++) {
    try {
      return await requestOnce<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.error.code !== 'BUSY' || refusals >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, busyRetryDelayMs(refusals, error.error.retryAfterMs, Math.random())));
    }
  }
}

/** Words for a person, from an error code, when the server's own message is too technical. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.error.code) {
      case 'UNAUTHENTICATED': return 'Those details did not match. Check them and try again.';
      case 'RATE_LIMITED': return 'Too many tries from this computer. Wait a minute and try again.';
      case 'LOCKED': return 'This login is locked after too many wrong tries. Ask your teacher to help.';
      case 'BUSY': return 'Waymark is very busy just now. Wait a moment and try again.';
      default: return error.error.message;
    }
  }
  return 'Something went wrong. Please try again.';
}
