/** The Annotations panel's rows as plain data: what each annotation is, where it came from, who and when. */
import type { LabelClass } from '../../../../shared/contract/domain';
import { spanOf } from '../../../editor/document';
import { isTrack } from '../../../editor/kinds/track';
import { MARK_WORDS, type ValueMark } from '../../../editor/scene';
import type { Annotation } from '../../../editor/types';

import type { StoredMeta } from '../session';

export type { StoredMeta };

export interface AnnotationRow {
  id: string;
  kind: string;
  /** "box track" for a keyframed box. */
  kindText: string;
  camera: string | null;
  label: string;
  color: string | null;
  /** 'manual', or the machine sources the values come from ("tracked ×3 · interp."). */
  source: string;
  automatic: boolean;
  author: string;
  updatedAt: number | null;
  createdAt: number | null;
  from: number;
  to: number;
}

/** Where an annotation's values come from: its own source, each machine source among a track's keyframes, and interpolation. */
export function sourceOf(a: Annotation): { text: string; automatic: boolean } {
  const parts: string[] = [];
  if (isTrack(a.geometry)) {
    const counts = new Map<string, number>();
    for (const k of a.geometry.keyframes) if (k.source !== 'manual') counts.set(k.source, (counts.get(k.source) ?? 0) + 1);
    for (const [s, n] of counts) parts.push(`${MARK_WORDS[s as ValueMark] || s} ×${n}`);
    const kfs = a.geometry.keyframes;
    if (kfs.some((k, i) => k.value && kfs[i + 1]?.value && kfs[i + 1]!.frame - k.frame > 1)) parts.push(MARK_WORDS.interpolated);
  } else if (a.source && a.source !== 'manual') parts.push(MARK_WORDS[a.source as ValueMark] || a.source);
  return parts.length ? { text: parts.join(' · '), automatic: true } : { text: 'manual', automatic: false };
}

export function annotationRows(
  annotations: readonly Annotation[],
  labels: readonly LabelClass[],
  meta: ReadonlyMap<string, StoredMeta>,
  length: number,
): AnnotationRow[] {
  const byId = new Map(labels.map((l) => [l.id, l]));
  return annotations.map((a) => {
    const label = a.labelId === null ? null : byId.get(a.labelId);
    const [from, to] = spanOf(a, length - 1);
    const stored = meta.get(a.id);
    const source = sourceOf(a);
    return {
      id: a.id,
      kind: a.kind,
      kindText: isTrack(a.geometry) ? `${a.kind} track` : a.kind,
      camera: a.camera,
      label: label?.name ?? (a.labelId === null ? '—' : `class ${a.labelId} (deleted)`),
      color: label?.color ?? null,
      source: source.text,
      automatic: source.automatic,
      // Not stored yet (drawn in this window a moment ago): the save's echo fills these in.
      author: stored?.author ?? a.author ?? '…',
      updatedAt: stored?.updatedAt ?? a.updatedAt ?? null,
      createdAt: stored?.createdAt ?? a.createdAt ?? null,
      from,
      to,
    };
  });
}

// Made once: toLocale*String builds a formatter per call, ~50 µs each, for every visible row on every render.
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** "14:03" today, "12 Nov 14:03" on another day. */
export function formatWhen(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'saving…';
  const d = new Date(ms);
  const time = TIME.format(d);
  return new Date(now).toDateString() === d.toDateString() ? time : `${DAY.format(d)} ${time}`;
}
