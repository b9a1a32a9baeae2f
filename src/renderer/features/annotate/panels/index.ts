import { projectionPanel } from './ProjectionPanel';
import type { WorkspacePanel } from './types';

/** The workspace's panels, in the order their tabs show. One line per panel. */
export const PANELS: readonly WorkspacePanel[] = [
  projectionPanel,
];
