/** The LeRobot reader: folder in, validated plan out. Writing the plan is the storage layer's job. */
export { readLeRobotDataset } from './read';
export { DatasetImportError } from './errors';
export { ffprobePath, probeVideoHeader } from './probe';
export type {
  EpisodeVideo,
  LeRobotCamera,
  LeRobotDatasetPlan,
  LeRobotEpisodePlan,
  LeRobotLayout,
  ModalityRange,
  ReadLeRobotOptions,
  ReadProgress,
  VideoProbe,
} from './types';
