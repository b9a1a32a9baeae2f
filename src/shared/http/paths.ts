/**
 * What both shells agree on about the files they serve: content types, and how a /media/ URL names a
 * media path. Pure: no Node, no DOM.
 */

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  // instantiateStreaming refuses WebAssembly served under any other type.
  wasm: 'application/wasm',
  woff2: 'font/woff2',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
};

/** The Content-Type of a served file, by its extension. */
export function contentTypeOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export const MEDIA_PREFIX = '/media/';

/**
 * Splits `/media/<mediaPath>` into the media path the backend resolves, or null for a path that is not
 * under /media/ or does not decode. Segments stay as given: resolving them is the backend's job.
 */
export function mediaPathFromUrlPath(urlPath: string): string | null {
  if (!urlPath.startsWith(MEDIA_PREFIX)) return null;
  try {
    const decoded = urlPath.slice(MEDIA_PREFIX.length).split('/').map(decodeURIComponent).join('/');
    return decoded.length > 0 && !decoded.includes('\0') ? decoded : null;
  } catch {
    return null;
  }
}

/** The decoded path of a request for a static file, or null when it cannot name one. */
export function decodeStaticPath(urlPath: string): string | null {
  try {
    const decoded = decodeURIComponent(urlPath);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/** Vite names files under assets/ by content hash: they never change, so they may be cached for ever. */
export function cacheControlFor(relativePath: string): string {
  return /^\/?assets\//.test(relativePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
