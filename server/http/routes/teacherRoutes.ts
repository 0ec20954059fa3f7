import { Router } from 'express';
import type { AssessmentService } from '../../assessment/assessmentService';
import { assignModule, classesForTeacher, modulesForTeacher } from '../../school/rosters';
import { principalOf, requireStaffRole } from '../auth/authenticate';
import { validateRequest } from '../validateRequest';

export function teacherRoutes(assessment: AssessmentService): Router {
  const router = Router();
  router.use(requireStaffRole('teacher'));

  router.get('/classes', async (_req, res) => {
    res.json({ classes: await classesForTeacher(principalOf(res)) });
  });

  router.get('/modules', async (_req, res) => {
    res.json({ modules: await modulesForTeacher() });
  });

  router.post('/assignments', async (req, res) => {
    const body = validateRequest<{ classId: string; moduleId: string }>('createAssignment', req.body);
    res.status(201).json({ assignment: await assignModule(principalOf(res), body.classId, body.moduleId) });
  });

  router.post('/sessions/:sessionId/pause', async (req, res) => {
    const body = validateRequest<{ paused: boolean }>('pauseSession', req.body);
    res.json({ session: await assessment.setPaused(principalOf(res), req.params.sessionId, body.paused) });
  });

  return router;
}
