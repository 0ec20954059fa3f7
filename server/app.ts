/**
 * The Waymark application: content load and demo seed on an empty database, the HTTP API, the
 * socket.io namespaces and the static client. server/main.ts connects the database first,
 * then calls createWaymarkApp and listens on `httpServer`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import { AssessmentService } from './assessment/assessmentService';
import type { Config } from './config';
import { loadItemBank } from './content/loadItemBank';
import { databaseReady } from './db/connection';
import { repositoryRoot } from './db/ferretdb';
import { ensureIndexes } from './db/models';
import type { Logger } from './log';
import { authenticate, requireRole } from './http/auth/authenticate';
import { csrfGuard } from './http/auth/csrfGuard';
import { DEFAULT_LOGIN_LIMITS, LoginThrottle, type LoginLimits } from './http/auth/loginThrottle';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { authRoutes, meRoute } from './http/routes/authRoutes';
import { bankImportBodyParser, bankRoutes } from './http/routes/bankRoutes';
import { assetRoutes } from './http/routes/assetRoutes';
import { pupilRoutes } from './http/routes/pupilRoutes';
import { teacherRoutes } from './http/routes/teacherRoutes';
import { calibrationRoutes } from './http/routes/calibrationRoutes';
import { standardsRoutes, subjectBodyParser } from './http/routes/standardsRoutes';
import { CalibrationRuns } from './calibrationRuns/calibrationRunService';
import { qualificationRoutes } from './http/routes/qualificationRoutes';
import { qualificationHooks, startQualifications } from './qualification/qualificationStart';
import { classRoom, registerClassNamespace } from './realtime/classNamespace';
import { registerSittingNamespace, sessionRoom } from './realtime/sittingNamespace';
import { loginRoom } from './realtime/socketAuth';
import { createLoadTestPupils } from './seed/loadTestPupils';
import { assignModulesToDemoClass, describeDemoLogins, seedDemoSchool } from './seed/demoSchool';
import { samplingRoutes } from './http/routes/samplingRoutes';
import { completionPusher, registerSamplingAdminNamespace } from './realtime/samplingAdminNamespace';
import { registerSamplingSittingNamespace } from './realtime/samplingSittingNamespace';
import { SamplingCycles } from './samplingService/samplingCycles';
import { resolveSamplingKey } from './samplingService/samplingKey';
import { SamplingSittings } from './samplingService/samplingSittings';

export interface WaymarkApp {
  httpServer: http.Server;
  /** The socket.io server (the sampling authorisation-matrix test enumerates its namespaces). */
  io: SocketServer;
  /** The express app (the sampling authorisation-matrix test walks its router stack). */
  expressApp: express.Express;
  /** Stop accepting, let in-flight writes finish, close socket.io. */
  close(): Promise<void>;
}

export interface WaymarkAppOptions {
  config: Config;
  logger: Logger;
  seedDemo: boolean;
  /** Login rate limit and lockout (defaults: DEFAULT_LOGIN_LIMITS; tests lower them). */
  loginLimits?: Partial<LoginLimits>;
}

/** Largest JSON body accepted over HTTP. */
const MAX_BODY = '16kb';
/** Hard cap on one socket.io message; the per-event soft limit (realtime/acknowledged.ts) is lower. */
const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export async function createWaymarkApp(options: WaymarkAppOptions): Promise<WaymarkApp> {
  const { config, logger } = options;
  const root = repositoryRoot();

  await ensureIndexes();
  const content = await loadItemBank(path.join(root, 'item-bank'), logger);
  if (options.seedDemo) {
    const { created, logins } = await seedDemoSchool();
    await assignModulesToDemoClass(content.newModuleIds);
    logger.info({ created, schoolCode: logins.schoolCode, teacher: logins.teacher.email }, 'demo school ready');
    if (config.nodeEnv !== 'test') process.stdout.write(`\n${describeDemoLogins(logins)}\n\n`);
  }
  if (config.loadTestPupils > 0) {
    const load = await createLoadTestPupils(config.loadTestPupils);
    logger.info(load, 'load-test pupils ready');
  }
  // Qualifications after the item bank: their rules are checked against the published modules.
  const qualifications = await startQualifications(root, logger);

  const loginLimits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits };
  // The load benchmark logs every simulated pupil in from one address.
  if (config.loadTestPupils > 0 && options.loginLimits?.attemptsPerMinutePerAddress === undefined) {
    loginLimits.attemptsPerMinutePerAddress = Math.max(loginLimits.attemptsPerMinutePerAddress, 2 * config.loadTestPupils);
  }

  const app = express();
  const httpServer = http.createServer(app);
  const io = new SocketServer(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // Cross-site WebSocket hijacking defence on top of the SameSite=Strict cookie: a browser
    // page from another origin may not open a socket with our cookie.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, origin === undefined || sameOrigin(origin, req.headers.host));
    },
  });

  const assessment = new AssessmentService({
    logger,
    events: {
      sittingChanged: (sessionId, state) => io.of('/sitting').to(sessionRoom(sessionId)).emit('sitting:state', state),
      progressChanged: (classId, progress) => io.of('/class').to(classRoom(classId)).emit('class:progress', progress),
    },
    // Resit policy before a sitting starts; credits banked when it finishes (server/qualification).
    ...qualificationHooks(qualifications, logger),
  });
  registerSittingNamespace(io.of('/sitting'), assessment, logger);
  registerClassNamespace(io.of('/class'), assessment, logger);
  // National sampling: its own key, collections, routes and namespaces (docs/national-sampling.md).
  const samplingKey = resolveSamplingKey(config.samplingKey, config.dataDir);
  const samplingCycles = new SamplingCycles(samplingKey);
  const samplingCompletion = completionPusher(io.of('/sampling-admin'), samplingCycles, logger);
  const samplingSittings = new SamplingSittings(samplingKey, { logger, progressChanged: (cycleId) => samplingCompletion.changed(cycleId) });
  registerSamplingSittingNamespace(io.of('/sampling-sitting'), samplingSittings, logger);
  registerSamplingAdminNamespace(io.of('/sampling-admin'), samplingCycles, logger);
  // Standards manager: calibration runs do their EM in worker threads (docs/calibration-runs.md).
  const calibrationRuns = new CalibrationRuns();
  const resumedRuns = await calibrationRuns.resumeInterrupted();
  if (resumedRuns > 0) logger.info({ runs: resumedRuns }, 'calibration runs interrupted by a stop are running again');

  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (await databaseReady()) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'unavailable' });
  });

  app.use('/api/sampling', samplingRoutes({ logger, cycles: samplingCycles, sittings: samplingSittings, progressChanged: (cycleId) => samplingCompletion.changed(cycleId) }));
  const api = express.Router();
  api.use(csrfGuard);
  api.use(express.json({ limit: MAX_BODY }));
  api.use(authenticate);
  api.use('/auth', authRoutes(new LoginThrottle(loginLimits), (tokenKey) => {
    // Logging out closes the live connections opened with that login.
    for (const namespace of ['/sitting', '/class']) io.of(namespace).in(loginRoom(tokenKey)).disconnectSockets(true);
  }));
  api.get('/me', requireRole('pupil', 'teacher'), meRoute);
  api.use('/pupil', pupilRoutes());
  api.use('/teacher', teacherRoutes(assessment));
  api.use('/standards', standardsRoutes());
  api.use('/calibration', calibrationRoutes(calibrationRuns));
  api.use(qualificationRoutes(qualifications));
  api.use('/bank', bankRoutes());
  api.use(notFoundHandler);
  // Item pictures: the upload (its own large-body parser after CSRF and duty checks) and /assets/<sha256>.<ext>.
  app.use(assetRoutes());
  app.use('/api/bank/import', ...bankImportBodyParser());
  app.post('/api/standards/subjects/:subjectId/versions', ...subjectBodyParser());
  app.use('/api', api);

  const clientDist = path.join(root, 'client', 'dist');
  if (fs.existsSync(clientDist)) app.use(express.static(clientDist, { index: 'index.html' }));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  return {
    httpServer,
    io,
    expressApp: app,
    async close() {
      // Answers being written finish and are acknowledged before the sockets close (the
      // assessment service refuses new work meanwhile with BUSY, which clients resend later).
      await assessment.close();
      await qualifications.close();
      const ioClosed = io.close();
      httpServer.closeIdleConnections();
      samplingCompletion.close();
      await samplingSittings.close();
      await calibrationRuns.idle();
      await ioClosed;
    },
  };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
