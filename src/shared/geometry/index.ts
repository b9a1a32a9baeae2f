/** Annotation geometry: track interpolation, projection with a calibration, DLT resectioning, suggested trajectories. */
export { midpointBetweenKeyframes, nextKeyframe, previousKeyframe, sampleTrack, valueAt, type Keyframe, type Track, type TrackSample, type TrackValue } from './interpolate';
export { symmetricEigen, type Vec3 } from './linalg';
export { projectPoint, projectionMatrix, projector, type Calibration, type Extrinsics, type ImagePoint, type Intrinsics, type Projected, type ProjectionMatrix, type Projector } from './projection';
export { DLT_MIN_POINTS, DLT_MIN_THICKNESS, DltError, fitDlt, reprojectionError, spreadFrames, type Correspondence, type DltFailure, type DltFit, type ReprojectionError } from './dlt';
export { simplifyTrajectory, trajectoryFromStates, type TrajectoryPoint } from './trajectory';
