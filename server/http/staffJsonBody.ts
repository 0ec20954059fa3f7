import express, { type RequestHandler } from 'express';
import { authenticate, requireStaffRole } from './auth/authenticate';
import { csrfGuard } from './auth/csrfGuard';
import type { StaffRole } from './auth/staffRoles';

/**
 * For the few staff routes whose bodies outgrow the API's 16 kB JSON limit (a bank import, a
 * subject's published criteria): mounted in app.ts on that path BEFORE the API router, it parses
 * the body with a larger limit only after the CSRF header and a staff login with one of `roles`
 * have been checked, so no one else can make the server buffer a large body. The API's own parser
 * then skips the already-parsed body.
 */
export function staffJsonBody(limitBytes: number, ...roles: StaffRole[]): RequestHandler[] {
  return [csrfGuard, authenticate, requireStaffRole(...roles), express.json({ limit: limitBytes })];
}
