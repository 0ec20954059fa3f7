/**
 * The standards manager's content and standard-setting routes (docs/standard-setting.md,
 * "Service and routes"): published modules and criteria, the item-mapping review, publishing
 * cut scores (a new module version) and new module versions. Duty 'standards-manager' only.
 */
import { Router } from 'express';
import { DEFAULT_RESPONSE_PROBABILITY } from '../../grading/cutScores';
import { publishModuleCutScores, type PublishCutScoresBody } from '../../standards/cutScorePublishing';
import { latestSubject, latestSubjects, publishSubjectVersion } from '../../standards/criteriaPublishing';
import { publishModuleVersion } from '../../standards/moduleVersionPublishing';
import { latestModule, latestModules } from '../../standards/publishedModules';
import { validateStandardsBody } from '../../standards/requestBodies';
import { cutScoreDecisions, standardSettingView } from '../../standards/standardSetting';
import { validationFailed } from '../apiError';
import { principalOf, requireStaffRole } from '../auth/authenticate';
import { staffJsonBody } from '../staffJsonBody';

function responseProbability(query: unknown): number {
  if (query === undefined) return DEFAULT_RESPONSE_PROBABILITY;
  const rp = Number(query);
  if (typeof query !== 'string' || !(rp > 0 && rp < 1)) {
    throw validationFailed('The response probability is not valid.', [{ path: '/rp', message: 'must be a number strictly between 0 and 1' }]);
  }
  return rp;
}

export function standardsRoutes(clock: () => Date = () => new Date()): Router {
  const router = Router();
  router.use(requireStaffRole('standards-manager'));

  router.get('/modules', async (_req, res) => {
    const modules = await latestModules();
    res.json({
      modules: modules.map((m) => ({
        id: m.moduleId, version: m.version, title: m.title, subject: m.subject, items: m.definition.items.length,
        criteria: m.definition.criteria.length, cutScores: { version: m.definition.cutScores.version, provisional: m.definition.cutScores.provisional },
      })),
    });
  });

  router.get('/criteria', async (_req, res) => {
    const modules = await latestModules();
    res.json({
      criteria: modules.flatMap((m) => m.definition.criteria.map((c) => ({ moduleId: m.moduleId, id: c.id, grade: c.grade ?? null, statement: c.statement }))),
    });
  });

  router.get('/modules/:moduleId', async (req, res) => {
    const module = await latestModule(req.params.moduleId);
    res.json({ module: { id: module.moduleId, version: module.version, title: module.title, definition: module.definition } });
  });

  router.get('/modules/:moduleId/standard-setting', async (req, res) => {
    res.json(await standardSettingView(req.params.moduleId, responseProbability(req.query.rp)));
  });

  router.get('/modules/:moduleId/cut-score-decisions', async (req, res) => {
    await latestModule(req.params.moduleId);
    res.json({ decisions: await cutScoreDecisions(req.params.moduleId) });
  });

  router.post('/modules/:moduleId/cut-scores', async (req, res) => {
    const body = validateStandardsBody<PublishCutScoresBody>('publishCutScores', req.body);
    const published = await publishModuleCutScores(principalOf(res), req.params.moduleId, body, clock());
    res.status(201).json(published);
  });

  router.post('/modules/:moduleId/versions', async (req, res) => {
    const body = validateStandardsBody<{ definition: Record<string, unknown> }>('publishModuleVersion', req.body);
    res.status(201).json({ module: await publishModuleVersion(principalOf(res), req.params.moduleId, body.definition) });
  });

  router.get('/subjects', async (_req, res) => {
    res.json({
      subjects: (await latestSubjects()).map((s) => ({ id: s.subjectId, version: s.version, title: s.definition.title, criteria: s.definition.criteria.length })),
    });
  });

  router.get('/subjects/:subjectId', async (req, res) => {
    const subject = await latestSubject(req.params.subjectId);
    res.json({ subject: { id: subject.subjectId, version: subject.version, definition: subject.definition } });
  });

  // Its body (a whole subject) is parsed by subjectBodyParser, mounted in app.ts.
  router.post('/subjects/:subjectId/versions', async (req, res) => {
    const body = validateStandardsBody<{ definition: Record<string, unknown> }>('publishSubjectVersion', req.body);
    res.status(201).json({ subject: await publishSubjectVersion(principalOf(res), req.params.subjectId, body.definition) });
  });

  return router;
}

/** A subject's published criteria run to tens of kilobytes: more than the API's 16 kB body limit. */
export function subjectBodyParser() {
  return staffJsonBody(512 * 1024, 'standards-manager');
}
