/**
 * Qualification routes (docs/credits-and-qualifications.md "Routes"): the pupil's results,
 * progress, transcript and cash-in; a teacher's class results and, for a pupil of their
 * school, progress, transcript and cash-in; a standards manager's awards, certification and
 * publishing of qualification rules. Thin: authorisation and rules are in
 * server/qualification/qualificationService.ts.
 */
import { Router, type Response } from 'express';
import type { QualificationService } from '../../qualification/qualificationService';
import { idempotencyKeyOf } from '../../qualification/qualificationService';
import { principalOf, requireRole, requireStaffRole } from '../auth/authenticate';

function sendAward(res: Response, outcome: { outcome: 'issued' | 'replayed'; award: unknown }): void {
  res.status(outcome.outcome === 'issued' ? 201 : 200).json(outcome);
}

export function qualificationRoutes(service: QualificationService): Router {
  const router = Router();

  router.get('/qualifications', requireRole('pupil', 'teacher'), async (_req, res) => {
    res.json({ qualifications: await service.qualifications() });
  });

  // ---- pupil: their own records only ----
  const pupil = Router();
  pupil.use(requireRole('pupil'));
  pupil.get('/results', async (_req, res) => {
    res.json({ results: await service.results(await service.pupilFor(principalOf(res))) });
  });
  pupil.get('/qualifications/:qualificationId/progress', async (req, res) => {
    res.json({ progress: await service.progress(await service.pupilFor(principalOf(res)), req.params.qualificationId) });
  });
  pupil.get('/qualifications/:qualificationId/transcript', async (req, res) => {
    res.json({ transcript: await service.transcript(await service.pupilFor(principalOf(res)), req.params.qualificationId) });
  });
  pupil.post('/qualifications/:qualificationId/awards', async (req, res) => {
    const key = idempotencyKeyOf(req.body);
    const caller = principalOf(res);
    sendAward(res, await service.requestAward(caller, await service.pupilFor(caller), req.params.qualificationId, key));
  });
  router.use('/pupil', pupil);

  // ---- teacher: classes and pupils of their own school ----
  const teacher = Router();
  teacher.use(requireStaffRole('teacher'));
  teacher.get('/classes/:classId/results', async (req, res) => {
    const qualificationId = typeof req.query.qualificationId === 'string' ? req.query.qualificationId : undefined;
    res.json({ results: await service.classResults(principalOf(res), req.params.classId, qualificationId) });
  });
  teacher.get('/pupils/:pupilId/results', async (req, res) => {
    res.json({ results: await service.results(await service.pupilFor(principalOf(res), req.params.pupilId)) });
  });
  teacher.get('/pupils/:pupilId/qualifications/:qualificationId/progress', async (req, res) => {
    res.json({ progress: await service.progress(await service.pupilFor(principalOf(res), req.params.pupilId), req.params.qualificationId) });
  });
  teacher.get('/pupils/:pupilId/qualifications/:qualificationId/transcript', async (req, res) => {
    res.json({ transcript: await service.transcript(await service.pupilFor(principalOf(res), req.params.pupilId), req.params.qualificationId) });
  });
  teacher.post('/pupils/:pupilId/qualifications/:qualificationId/awards', async (req, res) => {
    const key = idempotencyKeyOf(req.body);
    const caller = principalOf(res);
    sendAward(res, await service.requestAward(caller, await service.pupilFor(caller, req.params.pupilId), req.params.qualificationId, key));
  });
  router.use('/teacher', teacher);

  // ---- standards manager ----
  const standards = Router();
  standards.use(requireStaffRole('standards-manager'));
  standards.get('/awards', async (_req, res) => {
    res.json({ awards: await service.awardsInSchool(principalOf(res)) });
  });
  standards.post('/awards/:awardId/certify', async (req, res) => {
    res.json({ award: await service.certify(principalOf(res), req.params.awardId) });
  });
  // The published rules as written, for the standards manager to edit into the next version.
  standards.get('/qualifications', async (_req, res) => {
    const list = await service.catalogue.list();
    res.json({ qualifications: list.map((q) => ({ id: q.qualificationId, version: q.version, title: q.title, modules: q.modules.length })) });
  });
  standards.get('/qualifications/:qualificationId', async (req, res) => {
    const qualification = await service.catalogue.current(req.params.qualificationId);
    res.json({ qualification: { id: qualification.qualificationId, version: qualification.version, title: qualification.title, source: qualification.source } });
  });
  standards.post('/qualifications', async (req, res) => {
    const caller = principalOf(res);
    const { created, qualification } = await service.catalogue.publish(req.body, caller.name, new Date());
    res.status(created ? 201 : 200).json({ qualification: { id: qualification.qualificationId, version: qualification.version, title: qualification.title } });
  });
  router.use('/standards', standards);

  return router;
}
