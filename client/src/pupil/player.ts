import type { AnswerMessage, PupilAnswer, SittingState } from '../shared/protocol';
import { announce } from '../shared/announce';
import { AnswerOutbox, newIdempotencyKey, saveSittingPointer } from './answerOutbox';
import { ConnectionLost, SittingConnection, SittingRefused } from './sittingConnection';
import { SittingView } from './sittingView';

export interface PlayerHooks {
  /** Show the connection banner ("Reconnecting…") or hide it. */
  setConnectionBanner(message: string | null): void;
  /** Leave the sitting for the list of modules. */
  backToModules(): void;
  /** The server no longer accepts this login. */
  signedOut(message: string): void;
}

const RECONNECTING = 'Reconnecting… Your answers are kept on this computer and will be sent when the connection is back.';
const WAITING_TO_SEND = 'Your answer is saved on this computer. It will be sent as soon as the connection is back.';

/**
 * One pupil's sitting: shows what the server says (the server is the source of truth), sends
 * answers through the outbox, and resends after any disconnect with the same idempotency key.
 */
export class Player {
  private readonly connection: SittingConnection;
  private readonly outbox = new AnswerOutbox(window.localStorage);
  private readonly view: SittingView;
  private sessionId: string | null = null;
  private shown = '';
  private sending = false;
  private everConnected = false;

  constructor(main: HTMLElement, private readonly userId: string, private readonly hooks: PlayerHooks) {
    this.view = new SittingView(main, () => this.refresh());
    this.connection = new SittingConnection({
      onState: (state) => this.show(state),
      onConnectionChange: (connected) => this.connectionChanged(connected),
      onRefused: (message) => hooks.signedOut(message),
    });
  }

  async start(assignmentId: string): Promise<void> {
    await this.whenConnected();
    this.adopt(await this.connection.start(assignmentId));
  }

  async resume(sessionId: string): Promise<void> {
    this.sessionId = sessionId;
    await this.whenConnected();
    // An answer queued before a reload goes first: the server then moves on past it.
    if (this.outbox.get(sessionId)) await this.flush();
    else this.adopt(await this.connection.resume(sessionId));
  }

  close(): void {
    this.view.clear();
    this.connection.close();
  }

  private whenConnected(): Promise<void> {
    if (this.connection.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const check = window.setInterval(() => {
        if (this.connection.connected) { window.clearInterval(check); resolve(); }
      }, 100);
    });
  }

  private adopt(state: SittingState): void {
    this.sessionId = state.sessionId;
    saveSittingPointer(window.localStorage, state.status === 'finished' ? null : { userId: this.userId, sessionId: state.sessionId });
    this.show(state);
  }

  /** Draws a state unless the same question is already on screen (that would wipe typing). */
  private show(state: SittingState, restore?: PupilAnswer, notice?: string): void {
    if (this.sessionId && state.sessionId !== this.sessionId) return;
    const key = `${state.sessionId}:${state.status}:${state.sequence}:${state.item?.id ?? ''}`;
    if (key === this.shown && restore === undefined && notice === undefined) return;
    this.shown = key;
    if (state.status === 'finished') {
      saveSittingPointer(window.localStorage, null);
      this.view.showResult(state.result, () => this.hooks.backToModules());
      announce('You have finished. Your result is on the screen.');
      return;
    }
    if (state.status === 'paused') { this.view.showPaused(); return; }
    this.view.showItem({ state, restore, notice, onSubmit: (answer) => this.submit(state, answer) });
  }

  private submit(state: SittingState, answer: PupilAnswer): void {
    if (!state.item) return;
    const message: AnswerMessage = {
      sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer,
      idempotencyKey: newIdempotencyKey(window.crypto),
    };
    this.outbox.put(message);
    void this.flush();
  }

  /** Sends the queued answer, if any. Safe to call again: the idempotency key is unchanged. */
  private async flush(): Promise<void> {
    if (!this.sessionId || this.sending) return;
    const message = this.outbox.get(this.sessionId);
    if (!message) return;
    this.sending = true;
    this.view.setSending(true, this.connection.connected ? 'Sending your answer…' : WAITING_TO_SEND, !this.connection.connected);
    try {
      const state = await this.connection.answer(message);
      this.outbox.remove(message.sessionId, message.idempotencyKey);
      this.sending = false;
      this.adopt(state);
    } catch (error) {
      this.sending = false;
      if (error instanceof ConnectionLost) {
        // Kept in the outbox; the reconnect handler sends it again, or, if the socket still
        // looks connected but the server never answered, try again shortly.
        this.view.setSending(true, WAITING_TO_SEND, true);
        if (this.connection.connected) window.setTimeout(() => void this.flush(), 3000);
        return;
      }
      this.outbox.remove(message.sessionId, message.idempotencyKey);
      const reason = error instanceof SittingRefused ? error.error.message : 'The answer could not be saved.';
      await this.recoverFrom(message, reason);
    }
  }

  /**
   * The server refused the answer (time up, paused, already moved on): ask it where the sitting
   * is, and if it is still on the same question, put the pupil's answer back in the form.
   */
  private async recoverFrom(message: AnswerMessage, reason: string): Promise<void> {
    try {
      const state = await this.connection.resume(message.sessionId);
      const sameQuestion = state.status === 'in-progress' && state.sequence === message.sequence && state.item?.id === message.itemId;
      if (sameQuestion) {
        this.show(state, message.answer, `Your answer was not saved: ${reason} Please try again.`);
        announce(`Your answer was not saved: ${reason}`);
      } else {
        this.adopt(state);
      }
    } catch {
      this.view.setSending(false, `Your answer was not saved: ${reason}`);
    }
  }

  private refresh(): void {
    if (!this.sessionId || !this.connection.connected) return;
    this.connection.resume(this.sessionId).then((state) => this.adopt(state)).catch(() => undefined);
  }

  private connectionChanged(connected: boolean): void {
    if (!connected) {
      this.hooks.setConnectionBanner(RECONNECTING);
      if (this.sending || (this.sessionId && this.outbox.get(this.sessionId))) this.view.setSending(true, WAITING_TO_SEND, true);
      return;
    }
    this.hooks.setConnectionBanner(null);
    if (this.everConnected) announce('Connected again.');
    this.everConnected = true;
    if (!this.sessionId) return;
    // The server may have moved on while we were away (a pause, time up): ask it, after
    // sending anything queued.
    if (this.outbox.get(this.sessionId)) void this.flush();
    else this.refresh();
  }
}
