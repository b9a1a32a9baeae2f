import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { contentRange, parseByteRange } from '../shared/http/byteRange';
import { cacheControlFor, contentTypeOf, decodeStaticPath, mediaPathFromUrlPath } from '../shared/http/paths';
import { APP_ORIGIN, APP_RESPONSE_HEADERS } from './security';

export interface AppProtocolOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The backend's media resolver: a media path to a file it allows, or null. */
  resolveMedia(mediaPath: string): Promise<string | null>;
}

/**
 * Answers `studio://app/...`: the renderer's files, and media under /media/ with byte ranges, the same
 * URLs and answers as the web shell. Written against the standard Request/Response so that it is
 * tested in Node without Electron.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const base = resolve(options.rendererDir);
  return async (request) => {
    const url = new URL(request.url);
    // Node's URL gives custom schemes an opaque origin, so compare scheme and host instead.
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return text(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    if (url.pathname.startsWith('/media/')) {
      const mediaPath = mediaPathFromUrlPath(url.pathname);
      const file = mediaPath === null ? null : await options.resolveMedia(mediaPath);
      if (file === null) return text(404, 'no such media in the open project');
      return fileResponse(request, file, 'private, no-cache');
    }
    const decoded = decodeStaticPath(url.pathname);
    if (decoded === null) return text(400, 'bad path');
    const file = resolve(base, '.' + decoded);
    if (file !== base && !file.startsWith(base + sep)) return text(404, 'not found');
    const target = file === base || (extname(file) === '' && !existsSync(file)) ? join(base, 'index.html') : file;
    return fileResponse(request, target, cacheControlFor(target.slice(base.length).split(sep).join('/')));
  };
}

async function fileResponse(request: Request, file: string, cacheControl: string): Promise<Response> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return text(404, 'not found');
    size = info.size;
  } catch {
    return text(404, 'not found');
  }
  const headers: Record<string, string> = {
    ...APP_RESPONSE_HEADERS,
    'Content-Type': contentTypeOf(file),
    'Cache-Control': cacheControl,
    'Accept-Ranges': 'bytes',
  };
  const answer = parseByteRange(request.headers.get('range'), size);
  if (answer.kind === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  const span = answer.kind === 'partial' ? answer.span : { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : span.end - span.start + 1;
  if (answer.kind === 'partial') headers['Content-Range'] = contentRange(span, size);
  headers['Content-Length'] = String(length);
  const body =
    request.method === 'HEAD' || length === 0
      ? null
      : (Readable.toWeb(createReadStream(file, { start: span.start, end: span.end })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.kind === 'partial' ? 206 : 200, headers });
}

function text(status: number, message: string): Response {
  return new Response(message + '\n', {
    status,
    headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
