import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../apiError';
import { principalForToken, type Principal, type Role } from './authSessions';
import { readSessionCookie } from './sessionCookie';
import { hasStaffRole, type StaffRole } from './staffRoles';

/** Loads the caller from the session cookie into `res.locals.principal` (or leaves it unset). */
export async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
  const principal = await principalForToken(readSessionCookie(req.headers.cookie), new Date());
  if (principal) res.locals.principal = principal;
  next();
}

/** Route guard: the caller must be logged in with one of `roles`. */
export function requireRole(...roles: Role[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'Please log in.');
    if (!roles.includes(principal.role)) throw new ApiError('FORBIDDEN', 'Your account cannot do this.');
    next();
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ApiError('UNAUTHENTICATED', 'Please log in.');
  return principal;
}

/** Route guard: the caller must be a staff login holding one of `roles`. */
export function requireStaffRole(...roles: StaffRole[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'Please log in.');
    if (!hasStaffRole(principal, ...roles)) throw new ApiError('FORBIDDEN', 'Your account cannot do this.');
    next();
  };
}
