import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import type { AssessmentService } from '../assessment/assessmentService';
import { validateRequest } from '../http/validateRequest';
import { onAcknowledged } from './acknowledged';
import { socketAuth, socketPrincipal } from './socketAuth';

export function classRoom(classId: string): string {
  return `class:${classId}`;
}

/** `/class`: a teacher's live view of a class in their own school (docs/protocol.md). */
export function registerClassNamespace(namespace: Namespace, assessment: AssessmentService, logger: Logger): void {
  namespace.use(socketAuth('teacher', 'teacher'));
  namespace.on('connection', (socket) => {
    const teacher = socketPrincipal(socket);
    onAcknowledged(socket, logger, 'class:watch', async (payload) => {
      const { classId } = validateRequest<{ classId: string }>('classWatch', payload);
      await assessment.assertCanWatchClass(teacher, classId);
      // Join before reading the snapshot so no progress event falls between the two.
      await socket.join(classRoom(classId));
      return { snapshot: await assessment.classSnapshot(teacher, classId) };
    });
  });
}
