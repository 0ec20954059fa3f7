/**
 * `/sampling-admin`: live completion by stratum for the national sampling administrator only
 * (aggregates: pupils sampled, started, finished per stratum, and response rates). Every watch
 * is audited.
 */
import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import { actorOf, recordAccess } from '../samplingService/samplingAuditLog';
import type { SamplingCycles } from '../samplingService/samplingCycles';
import { validateSamplingRequest } from '../samplingService/samplingRequests';
import { redactedFailure, withRedactedErrors } from '../samplingService/samplingErrors';
import { onAcknowledged } from './acknowledged';
import { socketAuth, socketPrincipal } from './socketAuth';

export function samplingCycleRoom(cycleId: string): string {
  return `sampling-cycle:${cycleId}`;
}

export function registerSamplingAdminNamespace(namespace: Namespace, cycles: SamplingCycles, logger: Logger): void {
  namespace.use(socketAuth('teacher', 'sampling-administrator'));
  namespace.on('connection', (socket) => {
    onAcknowledged(socket, logger, 'sampling:watch', withRedactedErrors(logger, 'sampling:watch', async (payload: unknown) => {
      const body = validateSamplingRequest<{ cycleId: string }>('watch', payload);
      const progress = await cycles.progress(body.cycleId);
      await recordAccess(actorOf(socketPrincipal(socket)), 'completion-watched', body.cycleId);
      await socket.join(samplingCycleRoom(body.cycleId));
      return { progress };
    }));
  });
}

/** Pushes fresh completion to the administrators watching a cycle, at most every `intervalMs` per cycle. */
export function completionPusher(namespace: Namespace, cycles: SamplingCycles, logger: Logger, intervalMs = 1000) {
  const pending = new Map<string, NodeJS.Timeout>();
  return {
    changed(cycleId: string): void {
      // Nobody watching: nothing to compute (the watch itself sends a fresh snapshot).
      if (pending.has(cycleId) || !namespace.adapter.rooms.get(samplingCycleRoom(cycleId))?.size) return;
      pending.set(cycleId, setTimeout(() => {
        pending.delete(cycleId);
        cycles.progress(cycleId)
          .then((progress) => namespace.to(samplingCycleRoom(cycleId)).emit('sampling:completion', progress))
          .catch((error: unknown) => redactedFailure(logger, error, 'sampling:completion push'));
      }, intervalMs));
    },
    close(): void {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
