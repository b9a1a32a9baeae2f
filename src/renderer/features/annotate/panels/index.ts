import { TrackPanel } from './TrackPanel';
import type { WorkspacePanel } from './types';

/** The workspace's panels, in the order their tabs show. One line per panel. */
export const PANELS: readonly WorkspacePanel[] = [
  { id: 'track', title: 'Track', place: 'side', Component: TrackPanel },
];
