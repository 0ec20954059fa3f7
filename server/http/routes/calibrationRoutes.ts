/**
 * Calibration and drift runs (docs/calibration-runs.md): start a run, follow it, read its
 * per-item outcome, accept an item into the live bank or send it back. Duty
 * 'standards-manager' only.
 */
import { Router } from 'express';
import type { CalibrationRuns, DecisionBody, StartRunBody } from '../../calibrationRuns/calibrationRunService';
import { validateStandardsBody } from '../../standards/requestBodies';
import { principalOf, requireStaffRole } from '../auth/authenticate';

export function calibrationRoutes(runs: CalibrationRuns, clock: () => Date = () => new Date()): Router {
  const router = Router();
  router.use(requireStaffRole('standards-manager'));

  router.post('/runs', async (req, res) => {
    const body = validateStandardsBody<StartRunBody>('startCalibrationRun', req.body);
    res.status(202).json({ run: await runs.start(principalOf(res), body, clock()) });
  });

  router.get('/runs', async (req, res) => {
    const moduleId = typeof req.query.moduleId === 'string' ? req.query.moduleId : undefined;
    res.json({ runs: await runs.list(moduleId) });
  });

  router.get('/runs/:runId', async (req, res) => {
    res.json({ run: await runs.get(req.params.runId) });
  });

  router.post('/runs/:runId/items/:itemId/decision', async (req, res) => {
    const body = validateStandardsBody<DecisionBody>('itemDecision', req.body);
    res.status(201).json({ decision: await runs.decide(principalOf(res), req.params.runId, req.params.itemId, body, clock()) });
  });

  return router;
}
