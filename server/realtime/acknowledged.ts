import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { ApiError, toApiError } from '../http/apiError';
import { ServiceBusy } from '../assessment/serviceBusy';

/**
 * Payloads larger than this (as JSON) are refused with PAYLOAD_TOO_LARGE. socket.io's own
 * maxHttpBufferSize (set higher in app.ts) cuts the connection instead, so this soft limit is
 * what gives the client a clear error and keeps it connected.
 */
export const MAX_EVENT_PAYLOAD_BYTES = 16 * 1024;

type AckBody = { ok: true } & Record<string, unknown>;

/**
 * Registers a client → server event that answers through its acknowledgement:
 * `{ ok: true, … }` or `{ ok: false, error }`. Every failure is caught, so a bad message can
 * never take the server down; a message without an ack function gets nothing back.
 */
export function onAcknowledged(
  socket: Socket,
  logger: Logger,
  event: string,
  handle: (payload: unknown) => Promise<Omit<AckBody, 'ok'>>,
): void {
  socket.on(event, async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const respond = ack as (body: unknown) => void;
    try {
      const payload = args.length >= 2 ? args[0] : undefined;
      let size = 0;
      try {
        size = Buffer.byteLength(JSON.stringify(payload ?? null));
      } catch {
        throw new ApiError('VALIDATION_FAILED', 'The message could not be read.', [{ path: '', message: 'is not JSON data' }]);
      }
      if (size > MAX_EVENT_PAYLOAD_BYTES) {
        throw new ApiError('PAYLOAD_TOO_LARGE', `The message is larger than the ${MAX_EVENT_PAYLOAD_BYTES}-byte limit.`);
      }
      respond({ ok: true, ...(await handle(payload)) });
    } catch (error) {
      // Overload: nothing was written; the client sends the same request again after retryAfterMs.
      if (error instanceof ServiceBusy) {
        respond({ ok: false, ...error.toBody() });
        return;
      }
      const apiError = toApiError(error);
      if (apiError.code === 'INTERNAL') logger.error({ err: error, event }, 'socket event failed');
      respond({ ok: false, error: apiError.toBody().error });
    }
  });
}
