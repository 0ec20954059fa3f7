import type { Principal } from './authSessions';

/**
 * What a staff account may do (DESIGN.md "Who uses it"). A staff login is `role: 'teacher'`;
 * these duties are granted per account and checked per route and socket event:
 * - teacher: classes, assignments, live view, authoring items;
 * - reviewer: approve or return colleagues' items (never their own);
 * - standards-manager: publish criteria, modules, qualification rules and cut scores; calibrate; certify;
 * - sampling-administrator: national sampling; sees national aggregates only.
 */
export const STAFF_ROLES = ['teacher', 'reviewer', 'standards-manager', 'sampling-administrator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function hasStaffRole(principal: Principal | undefined, ...roles: StaffRole[]): boolean {
  return principal !== undefined && principal.role === 'teacher' && roles.some((role) => principal.staffRoles.includes(role));
}
