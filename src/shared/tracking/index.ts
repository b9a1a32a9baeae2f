/** Local image tracking for propagating points and boxes (pure: runs in a Web Worker or in Node). */
export { buildPyramid, toGrey, type GreyImage, type PyramidLevel } from './image';
export { LK_DEFAULTS, lucasKanade, trackPointStep, type LkOptions, type Point, type PointStep } from './lucasKanade';
export { track, trackSteps, type Box, type TrackRequest, type TrackResult, type TrackStep } from './track';
