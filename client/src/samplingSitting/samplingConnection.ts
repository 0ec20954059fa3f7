import { io, type Socket } from 'socket.io-client';
import type { Ack, AnswerMessage, SittingState, WireError } from '../shared/protocol';

/** No acknowledgement (connection lost or too slow): the same request may be sent again. */
export class SamplingConnectionLost extends Error {}

/** The server refused with a documented error: sending the same request again will not help. */
export class SamplingRefused extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
  }
}

const ACK_TIMEOUT_MS = 15000;

/**
 * The `/sampling-sitting` namespace (docs/national-sampling.md): the same requests as `/sitting`,
 * authenticated by the sampling-code login, never by a school login.
 */
export class SamplingConnection {
  private readonly socket: Socket;

  constructor(events: { onConnectionChange(connected: boolean): void; onRefused(message: string): void }) {
    this.socket = io('/sampling-sitting', { withCredentials: true });
    this.socket.on('connect', () => events.onConnectionChange(true));
    this.socket.on('disconnect', () => events.onConnectionChange(false));
    this.socket.on('connect_error', (error: Error) => {
      if (!this.socket.active) events.onRefused(error.message);
      else events.onConnectionChange(false);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  start(): Promise<SittingState> {
    return this.request('sampling:start', {});
  }

  resume(sessionId: string): Promise<SittingState> {
    return this.request('sampling:resume', { sessionId });
  }

  answer(message: AnswerMessage): Promise<SittingState> {
    return this.request('sampling:answer', message);
  }

  close(): void {
    this.socket.disconnect();
  }

  private request(event: string, payload: unknown): Promise<SittingState> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) { reject(new SamplingConnectionLost('Not connected.')); return; }
      const onDisconnect = (): void => reject(new SamplingConnectionLost('The connection was lost.'));
      this.socket.once('disconnect', onDisconnect);
      this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (timedOut: Error | null, ack: Ack<{ state: SittingState }>) => {
        this.socket.off('disconnect', onDisconnect);
        if (timedOut) { reject(new SamplingConnectionLost('No answer from the server.')); return; }
        if (ack && ack.ok) resolve(ack.state);
        else reject(new SamplingRefused(ack && !ack.ok ? ack.error : { code: 'INTERNAL', message: 'The server sent an empty reply.' }));
      });
    });
  }
}
