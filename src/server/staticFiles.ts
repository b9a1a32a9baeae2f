import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { cacheControlFor, contentTypeOf, decodeStaticPath } from '../shared/http/paths';
import { sendText } from './headers';
import { sendFile } from './sendFile';

/**
 * Serves the built renderer. Unknown extension-less paths get index.html, so that a reload of an
 * in-app route still opens the app; nothing outside the renderer folder is ever served.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): Promise<void> {
  const base = resolve(root);
  const index = join(base, 'index.html');
  if (!existsSync(index)) {
    return sendText(res, 503, 'The renderer is not built. Run `npm run build:web` (or `npm run serve`, which builds first).');
  }
  const decoded = decodeStaticPath(urlPath);
  if (decoded === null) return sendText(res, 400, 'bad path');
  const file = resolve(base, '.' + decoded);
  if (file !== base && !file.startsWith(base + sep)) return sendText(res, 404, 'not found');
  // Browsers ask for a favicon on their own; a missing one should not log a 404 on every page load.
  if (decoded === '/favicon.ico' && !existsSync(file)) {
    res.writeHead(204, { 'Cache-Control': 'no-cache' });
    res.end();
    return;
  }
  const target = file === base || (extname(file) === '' && !existsSync(file)) ? index : file;
  await sendFile(req, res, target, {
    contentType: contentTypeOf(target),
    cacheControl: cacheControlFor(target.slice(base.length).split(sep).join('/')),
  });
}
