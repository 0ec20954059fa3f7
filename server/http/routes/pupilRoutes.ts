import { Router } from 'express';
import { assignmentsForPupil } from '../../school/rosters';
import { principalOf, requireRole } from '../auth/authenticate';

export function pupilRoutes(): Router {
  const router = Router();
  router.use(requireRole('pupil'));
  router.get('/assignments', async (_req, res) => {
    res.json({ assignments: await assignmentsForPupil(principalOf(res)) });
  });
  return router;
}
