/**
 * `/sampling-sitting`: the sampling pupil's sitting (docs/national-sampling.md). The handshake is
 * authenticated by the `wm_sampling` cookie (a sampling code login), never by a school login;
 * events mirror `/sitting` and every state carries `result: null`.
 */
import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import { validateSamplingRequest } from '../samplingService/samplingRequests';
import { readSamplingCookie, type SamplingPupil, type SamplingSittings } from '../samplingService/samplingSittings';
import type { PupilAnswer } from '../scoring/itemDocument';
import { withRedactedErrors } from '../samplingService/samplingErrors';
import { onAcknowledged } from './acknowledged';

export function registerSamplingSittingNamespace(namespace: Namespace, sittings: SamplingSittings, logger: Logger): void {
  namespace.use(async (socket, next) => {
    try {
      const pupil = await sittings.pupilForToken(readSamplingCookie(socket.handshake.headers.cookie));
      if (!pupil) {
        const error = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
        error.data = { error: { code: 'UNAUTHENTICATED', message: 'Please type your sampling code.', details: [] } };
        next(error);
        return;
      }
      socket.data.samplingPupil = pupil;
      next();
    } catch (error) {
      next(error as Error);
    }
  });
  namespace.on('connection', (socket) => {
    const pupil = socket.data.samplingPupil as SamplingPupil;
    onAcknowledged(socket, logger, 'sampling:start', withRedactedErrors(logger, 'sampling:start', async (payload: unknown) => {
      validateSamplingRequest('empty', payload ?? {});
      return { state: await sittings.start(pupil) };
    }));
    onAcknowledged(socket, logger, 'sampling:resume', withRedactedErrors(logger, 'sampling:resume', async (payload: unknown) => {
      const body = validateSamplingRequest<{ sessionId: string }>('sittingResume', payload);
      return { state: await sittings.resume(pupil, body.sessionId) };
    }));
    onAcknowledged(socket, logger, 'sampling:answer', withRedactedErrors(logger, 'sampling:answer', async (payload: unknown) => {
      const body = validateSamplingRequest<{ sessionId: string; sequence: number; itemId: string; answer: PupilAnswer; idempotencyKey: string }>('sittingAnswer', payload);
      return { state: await sittings.answer(pupil, body) };
    }));
  });
}
