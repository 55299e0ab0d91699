/**
 * Web sign-in sessions, in memory: a random id in an HttpOnly cookie, an absolute expiry.
 * The clock is passed in (milliseconds), so expiry is testable without waiting.
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const SESSION_COOKIE = "cwsandbox_session";

export interface Session {
  id: string;
  username: string;
  expiresAt: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  create(username: string, ttlMs: number, now: number): Session {
    this.prune(now);
    const session = { id: randomBytes(32).toString("base64url"), username, expiresAt: now + ttlMs };
    this.byId.set(session.id, session);
    return session;
  }

  /** The live session with this id; an expired one is forgotten. */
  get(id: string | undefined, now: number): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.byId.get(id);
    if (session && session.expiresAt <= now) {
      this.byId.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.byId.delete(id);
  }

  private prune(now: number): void {
    for (const [id, s] of this.byId) if (s.expiresAt <= now) this.byId.delete(id);
  }
}

export function sessionIdFrom(headers: IncomingHttpHeaders): string | undefined {
  for (const part of (headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
