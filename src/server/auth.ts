import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh secret per launch: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Cookies ignore ports, so two studios on one machine would overwrite each other's token under one
 * name; the port in the name keeps them apart.
 */
export function cookieName(port: number): string {
  return `st4vla_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where a request may prove it knows the token: the cookie, or an `Authorization: Bearer` for scripts. */
export function hasTokenCredential(req: IncomingMessage, port: number, token: string): boolean {
  if (sameToken(cookieValue(req, cookieName(port)), token)) return true;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') === true && sameToken(auth.slice('Bearer '.length).trim(), token);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * On a loopback server, a Host header naming another machine means DNS rebinding: a page of some site
 * whose name now resolves to 127.0.0.1. Refusing it keeps other sites from even probing us.
 */
export function acceptableHost(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopbackHost(boundHost)) return true;
  const host = req.headers.host;
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopbackHost(name);
}

/** A WebSocket opened by a page of another origin (cross-site WebSocket hijacking) is refused. */
export function sameOriginUpgrade(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
