import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentRange, parseByteRange } from '../shared/http/byteRange';
import { sendText } from './headers';

export interface SendFileOptions {
  contentType: string;
  cacheControl: string;
}

/**
 * Streams one file, honouring a single-span Range header (206) and HEAD. The player fetches byte
 * ranges of long videos, so a file is never read whole into memory.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, options: SendFileOptions): Promise<void> {
  let size: number;
  let etag: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return sendText(res, 404, 'not found');
    size = info.size;
    etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  } catch {
    return sendText(res, 404, 'not found');
  }
  const headers: Record<string, string | number> = {
    'Content-Type': options.contentType,
    'Cache-Control': options.cacheControl,
    'Accept-Ranges': 'bytes',
    ETag: etag,
  };
  if (req.headers['if-none-match'] === etag && !req.headers.range) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const answer = parseByteRange(req.headers.range, size);
  if (answer.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const span = answer.kind === 'partial' ? answer.span : { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : span.end - span.start + 1;
  if (answer.kind === 'partial') headers['Content-Range'] = contentRange(span, size);
  res.writeHead(answer.kind === 'partial' ? 206 : 200, { ...headers, 'Content-Length': length });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file, { start: span.start, end: span.end }), res);
  } catch {
    // The client went away mid-stream (a seek aborts the previous fetch): nothing to answer.
    res.destroy();
  }
}
