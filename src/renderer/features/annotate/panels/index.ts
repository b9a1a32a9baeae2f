import { AnnotationsPanel } from './AnnotationsPanel';
import { ChecksPanel } from './ChecksPanel';
import { CommentsPanel } from './CommentsPanel';
import { InspectorPanel } from './InspectorPanel';
import { KeyframesLane } from './KeyframesLane';
import { projectionPanel } from './ProjectionPanel';
import { segmentsLanePanel } from './SegmentsLane';
import { TrackPanel } from './TrackPanel';
import type { WorkspacePanel } from './types';

/** The workspace's panels, in the order their tabs show. One line per panel. */
export const PANELS: readonly WorkspacePanel[] = [
  { id: 'inspector', title: 'Selection', place: 'side', Component: InspectorPanel },
  { id: 'annotations', title: 'Annotations', place: 'side', Component: AnnotationsPanel },
  { id: 'track', title: 'Track', place: 'side', Component: TrackPanel },
  projectionPanel,
  { id: 'checks', title: 'Checks', place: 'side', Component: ChecksPanel },
  { id: 'comments', title: 'Comments', place: 'side', Component: CommentsPanel },
  { id: 'keyframes', title: 'Keyframes', place: 'bottom', Component: KeyframesLane },
  segmentsLanePanel,
];
