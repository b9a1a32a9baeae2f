import type { ServerResponse } from 'node:http';

/**
 * The page must be cross-origin isolated (threaded WebAssembly needs SharedArrayBuffer), so every
 * response carries COOP/COEP, and every resource declares itself same-origin only (CORP).
 */
const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Scripts only from our own files (WebAssembly compilation allowed, nothing inline or eval'd). Inline
 * styles stay allowed because React and chart libraries set style attributes; they cannot run code.
 * `connect-src 'self'` covers the same-origin WebSocket (CSP 3).
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setCommonHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Security-Policy', WEB_CSP);
}

/** A short plain-text answer (errors, refusals); the common headers are already set. */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text + '\n');
}
