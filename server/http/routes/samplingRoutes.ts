/**
 * The national sampling API (docs/national-sampling.md), mounted at /api/sampling ahead of the
 * main API with its own body limit (a frame CSV is larger than 16 KB) and the same CSRF guard.
 *
 * Who reaches what:
 * - the sampling administrator: cycles, design, completion by stratum, national/stratum
 *   aggregates that passed suppression, the exports, the audit log — every call audited;
 * - a teacher at a sampled school: only which pupils to enter (sampling codes) and when;
 * - a sampling pupil (code login, cookie `wm_sampling`): the sitting, over /sampling-sitting.
 * Nothing here yields a school- or pupil-level sampling result.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { Pupil, School, SamplingCycle, SamplingExport, SamplingParticipant } from '../../db/models';
import type { SamplingCycleRecord } from '../../db/models/samplingCycle';
import { actorOf, readAuditLog, recordAccess } from '../../samplingService/samplingAuditLog';
import { loadCycle, type CycleDesign, type FormsDesign, type SamplingCycles, type SchoolStatus, type StoredResults } from '../../samplingService/samplingCycles';
import { redactedFailure } from '../../samplingService/samplingErrors';
import { validateSamplingRequest } from '../../samplingService/samplingRequests';
import { readSamplingCookie, SAMPLING_COOKIE, SAMPLING_LOGIN_SECONDS, type SamplingSittings } from '../../samplingService/samplingSittings';
import type { SamplingFrame, SchoolSample } from '../../sampling/types';
import { ApiError } from '../apiError';
import { authenticate, principalOf, requireStaffRole } from '../auth/authenticate';
import { csrfGuard } from '../auth/csrfGuard';
import { LoginThrottle, DEFAULT_LOGIN_LIMITS } from '../auth/loginThrottle';

/** A national frame of a few thousand schools is well under this. */
const MAX_SAMPLING_BODY = '2mb';

export interface SamplingRouteDeps {
  logger: Logger;
  cycles: SamplingCycles;
  sittings: SamplingSittings;
  /** Completion changed (a replacement drew new pupils): push to the dashboard. */
  progressChanged(cycleId: string): void;
}

function samplingCookie(token: string, req: Request, maxAgeSeconds: number): string {
  return [`${SAMPLING_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(req.secure ? ['Secure'] : [])].join('; ');
}

/** The administrator's view of a cycle: design and sample facts, never a sitting or a result below the stratum. */
export function cycleSummary(cycle: SamplingCycleRecord) {
  const frame = cycle.frame as SamplingFrame | null;
  const sample = cycle.sample as (SchoolSample & { inclusionProbabilities: unknown }) | null;
  const statuses = (cycle.schoolStatus ?? []) as SchoolStatus[];
  const forms = cycle.forms as FormsDesign | null;
  const window = cycle.window as { opensAt: Date; closesAt: Date } | null;
  return {
    id: String(cycle._id),
    name: cycle.name,
    status: cycle.status,
    moduleId: cycle.moduleId,
    createdAt: new Date(cycle.createdAt).toISOString(),
    design: cycle.design as CycleDesign,
    frame: frame && {
      schools: frame.schools.length,
      exclusions: frame.exclusions.length,
      targetPupils: frame.targetPupils,
      excludedPupils: frame.excludedPupils,
      exclusionRate: frame.exclusionRate,
      warnings: frame.warnings,
      strata: [...new Set(frame.schools.map((s) => s.stratum))].sort(),
    },
    sample: sample && {
      strata: sample.strata.map((s) => ({ stratum: s.stratum, allocated: s.allocated, certaintySchools: s.certaintySchools, interval: s.interval, start: s.start, frameSchools: s.sortedFrame.length })),
      schools: sample.schools.map((s) => {
        const status = statuses.find((x) => x.schoolId === s.schoolId);
        return {
          schoolId: s.schoolId, stratum: s.stratum, inclusionProbability: s.inclusionProbability, certainty: s.certainty,
          firstReplacement: s.firstReplacement, secondReplacement: s.secondReplacement,
          refused: status?.refused ?? false, replacementId: status?.replacementId ?? null,
        };
      }),
    },
    forms: forms && { mode: forms.mode, items: forms.frozen.length, blocks: forms.blocks.map((b) => ({ blockId: b.blockId, items: b.itemIds.length, trend: b.trend })), forms: forms.forms },
    window: window && { opensAt: new Date(window.opensAt).toISOString(), closesAt: new Date(window.closesAt).toISOString() },
    closedAt: cycle.closedAt ? new Date(cycle.closedAt).toISOString() : null,
    hasResults: cycle.results !== null,
  };
}

/** Published aggregates only: the stored results minus nothing (suppressed cells already carry no figures). */
function publishedResults(cycle: SamplingCycleRecord) {
  const results = cycle.results as StoredResults | null;
  if (cycle.status !== 'closed' || !results) throw new ApiError('CONFLICT', 'Estimates are published when the cycle closes.');
  const { nationalTablesCsv: _csv, ...rest } = results;
  return { cycleId: String(cycle._id), name: cycle.name, ...rest };
}

export function samplingRoutes(deps: SamplingRouteDeps): Router {
  const router = Router();
  const throttle = new LoginThrottle(DEFAULT_LOGIN_LIMITS);
  router.use(csrfGuard);
  router.use(express.json({ limit: MAX_SAMPLING_BODY }));
  router.use(authenticate);

  // ---- sampling pupils ---------------------------------------------------------------------
  router.post('/sitting/login', async (req, res) => {
    throttle.countAttempt(req.ip ?? 'unknown', Date.now());
    const body = validateSamplingRequest<{ code: string }>('samplingLogin', req.body);
    const { token, cycleId } = await deps.sittings.login(body.code);
    await recordAccess({ id: 'sampling-pupil', name: 'sampling pupil', role: 'sampling-pupil' }, 'sitting-login', cycleId);
    res.setHeader('Set-Cookie', samplingCookie(token, req, SAMPLING_LOGIN_SECONDS));
    res.json({ sitting: { ready: true } });
  });

  router.post('/sitting/logout', async (req, res) => {
    await deps.sittings.logout(readSamplingCookie(req.headers.cookie));
    res.setHeader('Set-Cookie', samplingCookie('', req, 0));
    res.status(204).end();
  });

  router.get('/sitting/me', async (req, res) => {
    const pupil = await deps.sittings.pupilForToken(readSamplingCookie(req.headers.cookie));
    if (!pupil) throw new ApiError('UNAUTHENTICATED', 'Please type your sampling code.');
    res.json({ sitting: { ready: true } });
  });

  // ---- a sampled school's staff: which pupils to enter, and when ---------------------------
  router.get('/school', requireStaffRole('teacher'), async (_req, res) => {
    const principal = principalOf(res);
    const school = await School.findById(principal.schoolId, { code: 1 }).lean();
    const cycles = await SamplingCycle.find({ status: { $in: ['drawn', 'open'] } }, { name: 1, status: 1, window: 1 }).lean<SamplingCycleRecord[]>();
    const entries = [];
    for (const cycle of cycles) {
      if (!school) break;
      const participants = await SamplingParticipant.find({ cycleId: String(cycle._id), schoolId: school.code }, { code: 1, pupilRef: 1, listPosition: 1, order: 1 }).lean();
      if (participants.length === 0) continue;
      const names = new Map((await Pupil.find({ _id: { $in: participants.flatMap((p) => (p.pupilRef ? [p.pupilRef] : [])) } }, { name: 1 }).lean()).map((p) => [String(p._id), p.name]));
      const window = cycle.window as { opensAt: Date; closesAt: Date } | null;
      entries.push({
        cycleId: String(cycle._id),
        name: cycle.name,
        published: cycle.status === 'open',
        window: window && { opensAt: new Date(window.opensAt).toISOString(), closesAt: new Date(window.closesAt).toISOString() },
        // Codes are handed out only once the sample and window are published.
        pupils: cycle.status === 'open'
          ? participants.sort((a, b) => a.order - b.order).map((p) => ({ pupil: p.pupilRef ? names.get(p.pupilRef) ?? 'Pupil' : `Pupil ${p.listPosition} on your list`, code: p.code }))
          : [],
      });
      await recordAccess(actorOf(principal), 'school-codes-viewed', String(cycle._id), `school ${school.code}`);
    }
    res.json({ cycles: entries, note: 'National sampling gives no results to schools, teachers or pupils.' });
  });

  // ---- the national sampling administrator -------------------------------------------------
  const admin = Router();
  admin.use(requireStaffRole('sampling-administrator'));
  const audit = (res: Response, action: string, cycleId: string | null, detail = ''): Promise<void> => recordAccess(actorOf(principalOf(res)), action, cycleId, detail);

  admin.get('/cycles', async (_req, res) => {
    const cycles = await deps.cycles.list();
    await audit(res, 'cycles-listed', null);
    res.json({ cycles: cycles.map((c) => ({ id: String(c._id), name: c.name, status: c.status, moduleId: c.moduleId, createdAt: new Date(c.createdAt).toISOString() })) });
  });

  admin.post('/cycles', async (req, res) => {
    const body = validateSamplingRequest<Parameters<SamplingCycles['create']>[1]>('createCycle', req.body);
    const cycle = await deps.cycles.create(principalOf(res).userId, body);
    await audit(res, 'cycle-created', String(cycle._id), cycle.name);
    res.status(201).json({ cycle: cycleSummary(cycle) });
  });

  admin.get('/cycles/:cycleId', async (req, res) => {
    const cycle = await loadCycle(req.params.cycleId);
    await audit(res, 'cycle-viewed', String(cycle._id));
    res.json({ cycle: cycleSummary(cycle) });
  });

  admin.post('/cycles/:cycleId/frame', async (req, res) => {
    const body = validateSamplingRequest<{ csv: string; implicitSortVariables?: string[]; reportingVariables?: string[] }>('importFrame', req.body);
    const frame = await deps.cycles.importFrame(req.params.cycleId, body);
    await audit(res, 'frame-imported', req.params.cycleId, `${frame.schools.length} schools, exclusion rate ${(100 * frame.exclusionRate).toFixed(1)}%`);
    res.json({ cycle: cycleSummary(await loadCycle(req.params.cycleId)) });
  });

  admin.post('/cycles/:cycleId/forms', async (req, res) => {
    const body = validateSamplingRequest<Parameters<SamplingCycles['assembleForms']>[1]>('assembleForms', req.body);
    const forms = await deps.cycles.assembleForms(req.params.cycleId, body);
    await audit(res, 'forms-assembled', req.params.cycleId, `${forms.mode}: ${forms.blocks.length} blocks, ${forms.forms.length} forms`);
    res.json({ cycle: cycleSummary(await loadCycle(req.params.cycleId)) });
  });

  admin.post('/cycles/:cycleId/draw', async (req, res) => {
    validateSamplingRequest('empty', req.body);
    const drawn = await deps.cycles.draw(req.params.cycleId);
    await audit(res, 'sample-drawn', req.params.cycleId, `${drawn.sample.schools.length} schools, ${drawn.pupils} pupils`);
    res.json({ cycle: cycleSummary(await loadCycle(req.params.cycleId)), pupils: drawn.pupils });
  });

  admin.post('/cycles/:cycleId/publish', async (req, res) => {
    const body = validateSamplingRequest<{ opensAt: string; closesAt: string }>('publish', req.body);
    await deps.cycles.publish(req.params.cycleId, body);
    await audit(res, 'sample-published', req.params.cycleId, `${body.opensAt} – ${body.closesAt}`);
    deps.progressChanged(req.params.cycleId);
    res.json({ cycle: cycleSummary(await loadCycle(req.params.cycleId)) });
  });

  admin.post('/cycles/:cycleId/schools/:schoolId/refusal', async (req, res) => {
    validateSamplingRequest('empty', req.body);
    const status = await deps.cycles.refuseSchool(req.params.cycleId, req.params.schoolId);
    await audit(res, 'school-replaced', req.params.cycleId, `${status.schoolId} → ${status.replacementId ?? 'no replacement'}`);
    deps.progressChanged(req.params.cycleId);
    res.json({ school: status });
  });

  admin.get('/cycles/:cycleId/progress', async (req, res) => {
    const progress = await deps.cycles.progress(req.params.cycleId);
    await audit(res, 'completion-viewed', req.params.cycleId);
    res.json({ progress });
  });

  admin.post('/cycles/:cycleId/close', async (req, res) => {
    validateSamplingRequest('empty', req.body);
    await deps.cycles.close(req.params.cycleId);
    await audit(res, 'cycle-closed', req.params.cycleId, 'estimates published; link to schools dropped');
    res.json({ estimates: publishedResults(await loadCycle(req.params.cycleId)) });
  });

  admin.get('/cycles/:cycleId/estimates', async (req, res) => {
    const cycle = await loadCycle(req.params.cycleId);
    const results = publishedResults(cycle);
    await audit(res, 'estimates-viewed', req.params.cycleId);
    res.json({ estimates: results });
  });

  admin.get('/cycles/:cycleId/exports/national-tables.csv', async (req, res) => {
    const cycle = await loadCycle(req.params.cycleId);
    publishedResults(cycle);
    await audit(res, 'national-tables-exported', req.params.cycleId);
    res.type('text/csv').attachment(`national-tables-${cycle._id}.csv`).send((cycle.results as StoredResults).nationalTablesCsv);
  });

  admin.get('/cycles/:cycleId/exports/analysis-file.csv', async (req, res) => {
    const cycle = await loadCycle(req.params.cycleId);
    publishedResults(cycle);
    const file = await SamplingExport.findById(`${cycle._id}:analysis-file`).lean();
    if (!file) throw new ApiError('NOT_FOUND', 'The analysis file is missing.');
    await audit(res, 'analysis-file-exported', req.params.cycleId, 'de-identified pupil-level file with replicate weights');
    res.type('text/csv').attachment(`analysis-file-${cycle._id}.csv`).send(file.csv);
  });

  admin.get('/audit', async (_req, res) => {
    const entries = await readAuditLog();
    await audit(res, 'audit-log-viewed', null);
    res.json({ entries });
  });

  router.use('/admin', admin);
  // Body-parser errors and ApiErrors go on to the app's error handler; anything else is logged
  // without its details (they may quote sampling data).
  router.use((error: unknown, req: Request, _res: Response, next: NextFunction) => {
    const fromBodyParser = typeof (error as { type?: unknown } | null)?.type === 'string';
    next(fromBodyParser ? error : redactedFailure(deps.logger, error, `${req.method} ${req.baseUrl}${req.route?.path ?? ''}`));
  });
  return router;
}

