import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import type { AnswerSubmission, AssessmentService } from '../assessment/assessmentService';
import type { SittingState } from '../assessment/sittingState';
import { validateRequest } from '../http/validateRequest';
import { onAcknowledged } from './acknowledged';
import { socketAuth, socketPrincipal } from './socketAuth';

/** Room of every socket showing one session, for pushes the pupil did not cause (pause, time up). */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** `/sitting`: a pupil sits a module (docs/protocol.md). */
export function registerSittingNamespace(namespace: Namespace, assessment: AssessmentService, logger: Logger): void {
  namespace.use(socketAuth('pupil'));
  namespace.on('connection', (socket) => {
    const pupil = socketPrincipal(socket);
    const joined = (state: SittingState) => {
      void socket.join(sessionRoom(state.sessionId));
      return { state };
    };

    onAcknowledged(socket, logger, 'sitting:start', async (payload) => {
      const { assignmentId, attempt } = validateRequest<{ assignmentId: string; attempt?: 'new' }>('sittingStart', payload);
      return joined(await assessment.start(pupil, assignmentId, attempt === undefined ? {} : { attempt }));
    });
    onAcknowledged(socket, logger, 'sitting:resume', async (payload) => {
      const { sessionId } = validateRequest<{ sessionId: string }>('sittingResume', payload);
      return joined(await assessment.resume(pupil, sessionId));
    });
    onAcknowledged(socket, logger, 'sitting:answer', async (payload) => {
      const submission = validateRequest<AnswerSubmission>('sittingAnswer', payload);
      return joined(await assessment.answer(pupil, submission));
    });
  });
}
