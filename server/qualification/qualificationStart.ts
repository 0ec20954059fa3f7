/**
 * Wiring of qualifications into the app: the service, the load of item-bank/qualifications on
 * start, and the two hooks the assessment service calls (resit policy before a sitting starts,
 * banking after it finishes).
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Principal } from '../http/auth/authSessions';
import { QualificationService } from './qualificationService';

/**
 * The service with the qualification files loaded. A file that is invalid, or whose rules can
 * never be met, is refused with every reason logged and nothing written; the rest of the app
 * still starts (assessment does not depend on qualifications).
 */
export async function startQualifications(repositoryRoot: string, logger: Logger): Promise<QualificationService> {
  const service = new QualificationService({ logger });
  try {
    await service.catalogue.loadDirectory(path.join(repositoryRoot, 'item-bank', 'qualifications'), logger, new Date());
  } catch (error) {
    logger.error({ err: error }, 'qualification files refused');
  }
  return service;
}

/** The assessment service's `attemptPolicy` and `sittingFinished` hooks (server/assessment/assessmentService.ts). */
export function qualificationHooks(service: QualificationService, logger: Logger) {
  return {
    attemptPolicy: (pupil: Principal, moduleId: string, _finishedAttempts: () => Promise<readonly unknown[]>, now: Date) =>
      service.bank.attemptDecision(pupil.userId, pupil.schoolId, moduleId, now),
    sittingFinished: (finished: { sessionId: string; moduleId: string }) => {
      // Reading a ledger reconciles it too, so a banking that fails here is made up on the next read.
      service.bankInBackground(finished.sessionId, finished.moduleId, (error) => logger.error({ err: error, sessionId: finished.sessionId }, 'banking a finished sitting failed'));
    },
  };
}
