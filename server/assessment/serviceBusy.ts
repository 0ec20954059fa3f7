/**
 * The answer to a request that met a full queue: it was refused before anything was written, so
 * the client may send it again (with the same idempotency key) after `retryAfterMs`. Wire code
 * `BUSY` (docs/protocol.md "Overload"). Refusing early keeps the queues bounded: under overload
 * the service answers "later" quickly instead of letting every request wait until it times out.
 */
export class ServiceBusy extends Error {
  readonly code = 'BUSY';

  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
    this.name = 'ServiceBusy';
  }

  toBody(): { error: { code: 'BUSY'; message: string; details: []; retryAfterMs: number } } {
    return { error: { code: 'BUSY', message: this.message, details: [], retryAfterMs: this.retryAfterMs } };
  }
}
