import type { AnnotationKind } from '../../../shared/contract/annotations';
import type { Annotation, KindUtil, ValidateContext } from '../types';
import { boxUtil } from './box';
import { pointUtil } from './point';
import { segmentUtil } from './segment';
import { isTrack } from './track';
import { trajectoryUtil } from './trajectory';

/** One line per kind. The type makes a missing kind a compile error rather than a runtime surprise. */
export const KIND_UTILS: { [K in AnnotationKind]: KindUtil<never> } = {
  point: pointUtil as KindUtil<never>,
  box: boxUtil as KindUtil<never>,
  trajectory: trajectoryUtil as KindUtil<never>,
  segment: segmentUtil as KindUtil<never>,
};

/** The util of a kind, typed loosely for code that handles every kind alike (documents, tools, checks). */
export const utilOf = (kind: AnnotationKind): KindUtil<any> => KIND_UTILS[kind];

/** Checks of one annotation beyond its geometry: frames inside the episode, segment order, a track's keyframes. */
export function validateAnnotation(a: Annotation, ctx: ValidateContext): string[] {
  const util = utilOf(a.kind);
  const outside = (f: number) => f < 0 || f >= ctx.length;
  if (isTrack(a.geometry)) {
    const issues: string[] = [];
    for (const k of a.geometry.keyframes) {
      if (outside(k.frame)) issues.push(`keyframe on frame ${k.frame} is beyond the episode's ${ctx.length} frames`);
      if (k.value) issues.push(...util.validate(k.value, ctx).map((m: string) => `frame ${k.frame}: ${m}`));
    }
    return issues;
  }
  const issues: string[] = util.validate(a.geometry, ctx);
  if (a.kind === 'segment') {
    const end = a.endFrame ?? a.frame;
    if (end < a.frame) issues.push(`the segment ends on frame ${end}, before it starts on frame ${a.frame}`);
    if (outside(a.frame) || outside(end)) issues.push(`the segment reaches beyond the episode's ${ctx.length} frames`);
  } else if (a.kind !== 'trajectory' && outside(a.frame)) {
    issues.push(`frame ${a.frame} is beyond the episode's ${ctx.length} frames`);
  }
  return issues;
}
