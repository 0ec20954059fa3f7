import { io, type Socket } from 'socket.io-client';
import type { Ack, AnswerMessage, SittingState, WireError } from '../shared/protocol';
import { busyRetryDelayMs } from './answerOutbox';

/** The server did not acknowledge (connection lost or too slow): the request may be retried. */
export class ConnectionLost extends Error {}

/** The server answered with a documented error: retrying the same request will not help. */
export class SittingRefused extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
  }
}

export interface SittingEvents {
  /** The server pushed a new state (teacher pause/resume, time up). */
  onState(state: SittingState): void;
  onConnectionChange(connected: boolean): void;
  /** The server refused the connection itself (session expired): the pupil must log in again. */
  onRefused(message: string): void;
}

/** Long enough for a slow school network; a missed ack is retried with the same idempotency key. */
const ACK_TIMEOUT_MS = 15000;

/**
 * The `/sitting` namespace (docs/protocol.md): requests with acknowledgements, which fail fast
 * when the connection drops so the player can show that it is reconnecting and resend later.
 */
export class SittingConnection {
  private readonly socket: Socket;
  private readonly waiting = new Set<(reason: Error) => void>();
  private offline = false;

  constructor(private readonly events: SittingEvents) {
    this.socket = io('/sitting', { withCredentials: true });
    this.socket.on('connect', () => events.onConnectionChange(true));
    this.socket.on('disconnect', () => {
      this.failWaiting();
      events.onConnectionChange(false);
    });
    this.socket.on('connect_error', (error: Error) => {
      // socket.io retries network failures by itself; a refusal by the server's middleware
      // leaves the socket inactive. So does our own disconnect when the browser goes offline, and
      // a connection attempt that fails then is the network, not a refusal: signing the pupil
      // out for it would take the question off the screen until they sign in again.
      if (!this.socket.active && !this.offline) events.onRefused(error.message);
      else events.onConnectionChange(false);
    });
    this.socket.on('sitting:state', (state: SittingState) => events.onState(state));
    // The browser knows before socket.io's heartbeat does that the network went away; an open
    // socket that can no longer deliver would only leave an answer hanging until the timeout.
    window.addEventListener('offline', () => {
      this.offline = true;
      this.socket.disconnect();
      this.failWaiting();
      events.onConnectionChange(false);
    });
    window.addEventListener('online', () => {
      if (this.offline) {
        this.offline = false;
        this.socket.connect();
      }
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  start(assignmentId: string): Promise<SittingState> {
    return this.request('sitting:start', { assignmentId });
  }

  resume(sessionId: string): Promise<SittingState> {
    return this.request('sitting:resume', { sessionId });
  }

  answer(message: AnswerMessage): Promise<SittingState> {
    return this.request('sitting:answer', message);
  }

  close(): void {
    this.socket.disconnect();
  }

  private failWaiting(): void {
    const rejecters = Array.from(this.waiting);
    this.waiting.clear();
    for (const reject of rejecters) reject(new ConnectionLost('The connection was lost.'));
  }

  /**
   * Sends a request; a BUSY answer (the server's queues were full, nothing was written) is sent
   * again after a growing, jittered pause for as long as the connection is up. Resending is safe:
   * an answer keeps its idempotency key.
   */
  private async request(event: string, payload: unknown): Promise<SittingState> {
    for (let refusals = 0; ; refusals++) {
      try {
        return await this.requestOnce(event, payload);
      } catch (error) {
        if (!(error instanceof SittingRefused) || error.error.code !== 'BUSY') throw error;
        const hint = (error.error as WireError & { retryAfterMs?: number }).retryAfterMs;
        await new Promise((resolve) => window.setTimeout(resolve, busyRetryDelayMs(refusals, hint, Math.random())));
      }
    }
  }

  private requestOnce(event: string, payload: unknown): Promise<SittingState> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) {
        reject(new ConnectionLost('Not connected.'));
        return;
      }
      let settled = false;
      const fail = (reason: Error): void => {
        if (settled) return;
        settled = true;
        this.waiting.delete(fail);
        reject(reason);
      };
      this.waiting.add(fail);
      this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (timedOut: Error | null, ack: Ack<{ state: SittingState }>) => {
        if (settled) return;
        if (timedOut) { fail(new ConnectionLost('No answer from the server.')); return; }
        settled = true;
        this.waiting.delete(fail);
        if (ack && ack.ok) resolve(ack.state);
        else reject(new SittingRefused(ack && !ack.ok ? ack.error : { code: 'INTERNAL', message: 'The server sent an empty reply.' }));
      });
    });
  }
}
