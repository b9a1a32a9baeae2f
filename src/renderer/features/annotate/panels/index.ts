import { CommentsPanel } from './CommentsPanel';
import { segmentsLanePanel } from './SegmentsLane';
import type { WorkspacePanel } from './types';

/** The workspace's panels, in the order their tabs show. One line per panel. */
export const PANELS: readonly WorkspacePanel[] = [
  { id: 'comments', title: 'Comments', place: 'side', Component: CommentsPanel },
  segmentsLanePanel,
];
