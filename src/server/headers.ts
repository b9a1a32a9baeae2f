import { APP_CSP, ISOLATION_HEADERS } from '../shared/http/policy';
import type { ServerResponse } from 'node:http';

/** The web shell's CSP: the one policy both shells send. */
export const WEB_CSP = APP_CSP;

export function setCommonHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Security-Policy', WEB_CSP);
}

/** A short plain-text answer (errors, refusals); the common headers are already set. */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text + '\n');
}
