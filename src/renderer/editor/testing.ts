/** Fixtures for the editor's tests and for the panels' tests that read its documents. */
import type { TrackGeometry } from '../../shared/contract/annotations';
import type { Annotation } from './types';

/** Box track 't' of label 1 on camera 'top', through `keyframes`; `extra` sets any other field. */
export function boxTrack(keyframes: TrackGeometry['keyframes'], extra: Partial<Annotation> = {}): Annotation {
  return { id: 't', kind: 'box', camera: 'top', labelId: 1, frame: 0, geometry: { keyframes }, ...extra };
}
