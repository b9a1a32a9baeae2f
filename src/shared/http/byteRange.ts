/**
 * HTTP byte ranges for media, shared by the web server and Electron's app protocol so that the player
 * sees the same answers from both shells. Pure: no Node, no DOM.
 */

/** An inclusive byte span of a file. */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * What to send for a Range header: the whole file (no header, or a form we choose to ignore, which
 * RFC 9110 allows), one span (206), or nothing satisfiable (416).
 */
export type RangeAnswer = { kind: 'whole' } | { kind: 'partial'; span: ByteSpan } | { kind: 'unsatisfiable' };

export function parseByteRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Multiple ranges and other units are legal to ignore; the player only ever asks for one span.
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', span: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'whole' };
  return { kind: 'partial', span: { start, end } };
}

export function contentRange(span: ByteSpan, size: number): string {
  return `bytes ${span.start}-${span.end}/${size}`;
}
