import type { Socket } from 'socket.io';
import type { Principal, Role } from '../http/auth/authSessions';
import { principalForToken, tokenHash } from '../http/auth/authSessions';
import { readSessionCookie } from '../http/auth/sessionCookie';
import { hasStaffRole, type StaffRole } from '../http/auth/staffRoles';

/**
 * Handshake middleware: the `wm_session` cookie must name a live session of `role`. A refused
 * handshake reaches the client as `connect_error` with `data` set to the protocol error body.
 */
export function socketAuth(role: Role, staffRole?: StaffRole) {
  return async (socket: Socket, next: (error?: Error) => void): Promise<void> => {
    try {
      const token = readSessionCookie(socket.handshake.headers.cookie);
      const principal = await principalForToken(token, new Date());
      if (!principal || principal.role !== role || (staffRole !== undefined && !hasStaffRole(principal, staffRole))) {
        const error = new Error(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED') as Error & { data?: unknown };
        error.data = principal
          ? { error: { code: 'FORBIDDEN', message: `Only ${role}s can use this connection.`, details: [] } }
          : { error: { code: 'UNAUTHENTICATED', message: 'Please log in.', details: [] } };
        next(error);
        return;
      }
      socket.data.principal = principal;
      void socket.join(loginRoom(tokenHash(token!)));
      next();
    } catch (error) {
      next(error as Error);
    }
  };
}

/** Room of every socket opened with one login, so logging out closes them. */
export function loginRoom(tokenKey: string): string {
  return `login:${tokenKey}`;
}

export function socketPrincipal(socket: Socket): Principal {
  return socket.data.principal as Principal;
}
