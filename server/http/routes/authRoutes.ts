import { Router, type Request, type Response } from 'express';
import { Pupil, PupilLogin, pupilLoginId, Teacher } from '../../db/models';
import { AdmissionQueue } from '../../assessment/admissionQueue';
import { ServiceBusy } from '../../assessment/serviceBusy';
import { ApiError } from '../apiError';
import { createAuthSession, destroyAuthSession, SESSION_LIFETIME_SECONDS, tokenHash, type Principal } from '../auth/authSessions';
import { principalOf } from '../auth/authenticate';
import type { LoginThrottle } from '../auth/loginThrottle';
import { decoyPasswordHash, verifyPassword } from '../auth/passwordHash';
import { pinLookup } from '../auth/pinLookup';
import { SchoolCodes } from '../auth/schoolCodes';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '../auth/sessionCookie';
import type { StaffRole } from '../auth/staffRoles';
import { validateRequest } from '../validateRequest';

interface PupilLogin { schoolCode: string; pin: string }
interface TeacherLogin { email: string; password: string }

/** Accounts created before duties existed are class teachers. */
function staffRolesOf(teacher: { roles?: string[] | null }): StaffRole[] {
  return (teacher.roles && teacher.roles.length > 0 ? teacher.roles : ['teacher']) as StaffRole[];
}

function userBody(principal: Principal) {
  return { user: { id: principal.userId, role: principal.role, name: principal.name, schoolId: principal.schoolId, staffRoles: principal.staffRoles } };
}

/**
 * PIN logins in progress: past these limits the server answers 503 BUSY at once (the client
 * tries again after a backoff) instead of queueing logins until every client has timed out. A
 * login's time is mostly waiting its turn on the database connection, so more running at once
 * adds no throughput, only waiting; a login that waited 5 s for a turn is told to come back.
 */
const PUPIL_LOGIN_LIMITS = { running: 16, waiting: 400, maxWaitMs: 5000, retryAfterMs: 2000 };

export function authRoutes(throttle: LoginThrottle, onLogout: (tokenKey: string) => void = () => undefined): Router {
  const router = Router();
  const schools = new SchoolCodes();
  const pupilLogins = new AdmissionQueue(PUPIL_LOGIN_LIMITS, 'signing pupils in');

  const startSession = async (req: Request, res: Response, principal: Principal & { ids: Parameters<typeof createAuthSession>[0] }) => {
    const token = await createAuthSession(principal.ids, new Date());
    res.append('Set-Cookie', sessionCookie(token, { secure: req.secure, maxAgeSeconds: SESSION_LIFETIME_SECONDS }));
    res.json(userBody(principal));
  };

  router.post('/pupil', async (req, res) => {
    const body = validateRequest<PupilLogin>('pupilLogin', req.body);
    const schoolCode = body.schoolCode.trim().toUpperCase();
    const lockKey = `pupil:${schoolCode}:${req.ip ?? 'unknown'}`;
    const now = new Date();
    try {
      // Four primary-key commands on success (lock check, PIN index, pupil, new login) and no
      // write for the failure counter: it is only written when a PIN is wrong.
      await pupilLogins.run(async () => {
        // Counted once admitted: a login refused as BUSY is resent by design and must not use
        // up the address's allowance (a whole school signs in from one address).
        throttle.countAttempt(req.ip ?? 'unknown', Date.now());
        await throttle.assertNotLocked(lockKey, now);
        const school = await schools.byCode(schoolCode, now.getTime());
        const login = school ? await PupilLogin.findById(pupilLoginId(school._id, pinLookup(school.pinSalt, body.pin))).lean() : null;
        const pupil = login ? await Pupil.findById(login.pupilId, { name: 1 }).lean() : null;
        if (!school || !pupil) {
          const locked = await throttle.recordFailure(lockKey, now);
          if (locked) throw new ApiError('LOCKED', 'Too many wrong attempts. Login is locked for a while: ask your teacher or try again later.');
          throw new ApiError('UNAUTHENTICATED', 'That school code and PIN do not match. Check them and try again.');
        }
        await startSession(req, res, {
          userId: String(pupil._id), role: 'pupil', schoolId: String(school._id), name: pupil.name, staffRoles: [],
          ids: { userId: pupil._id, role: 'pupil', schoolId: school._id, name: pupil.name },
        });
      });
    } catch (error) {
      if (!(error instanceof ServiceBusy)) throw error;
      res.status(503).set('Retry-After', String(Math.ceil(error.retryAfterMs / 1000))).json(error.toBody());
    }
  });

  router.post('/teacher', async (req, res) => {
    throttle.countAttempt(req.ip ?? 'unknown', Date.now());
    const body = validateRequest<TeacherLogin>('teacherLogin', req.body);
    const email = body.email.trim().toLowerCase();
    const lockKey = `teacher:${email}`;
    const now = new Date();
    const failuresOnRecord = await throttle.assertNotLocked(lockKey, now);
    const teacher = await Teacher.findOne({ email }).lean();
    // Verify against a decoy when the account is unknown, so timing does not reveal accounts.
    const ok = await verifyPassword(body.password, teacher?.passwordHash ?? (await decoyPasswordHash()));
    if (!teacher || !ok) {
      const locked = await throttle.recordFailure(lockKey, now);
      if (locked) throw new ApiError('LOCKED', 'Too many wrong passwords. This account is locked for a while.');
      throw new ApiError('UNAUTHENTICATED', 'That e-mail address and password do not match.');
    }
    if (failuresOnRecord) await throttle.recordSuccess(lockKey);
    await startSession(req, res, {
      userId: String(teacher._id), role: 'teacher', schoolId: String(teacher.schoolId), name: teacher.name, staffRoles: staffRolesOf(teacher),
      ids: { userId: teacher._id, role: 'teacher', schoolId: teacher.schoolId, name: teacher.name, staffRoles: staffRolesOf(teacher) },
    });
  });

  router.post('/logout', async (req, res) => {
    const token = readSessionCookie(req.headers.cookie);
    await destroyAuthSession(token);
    if (token) onLogout(tokenHash(token));
    res.append('Set-Cookie', clearedSessionCookie(req.secure));
    res.status(204).end();
  });

  return router;
}

export function meRoute(_req: Request, res: Response): void {
  res.json(userBody(principalOf(res)));
}
