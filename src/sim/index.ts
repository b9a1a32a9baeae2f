/**
 * The public face of the built-in tabletop environment. Pure TypeScript: runs in Node, a worker or
 * the browser. Internals (contact geometry, layout, the expert's waypoint machine) stay private.
 */
export * from './types';
export * from './catalog';
export * from './camera';
export * from './contracts';
export * from './errors';
export { Rng } from './rng';

export { createRenderer } from './render/index';
export { episodeGroundTruth, objectBox, objectCentre, projectPoint, inView } from './groundTruth';

export { ACTION_LIMITS, GRIPPER_CLOSE_THRESHOLD, clampAction, gripperState, stepPhysics, validateAction, type PhysicsStep } from './physics';
export { restingOn } from './physicsSupport';
export {
  DROP_HEIGHT,
  LIFT_TOLERANCE,
  NEAR_MAX_GAP,
  PICK_LIFT_HEIGHT,
  PUSH_LEVEL_TOLERANCE,
  PUSH_MAX_GAP,
  PUSH_MIN_GAP,
  STEP_LIMITS,
  goalPoint,
  taskSuccess,
  type TaskProgress,
} from './tasks';
export { INSTRUCTION_TEMPLATES, allInstructions, describeObject, parseObjectName, resolveObject, type ParaphraseSet } from './instructions';
export { HELDOUT_COMBOS, HELDOUT_REGION, OBJECT_REGION, isHeldoutCombo, type Combo, type Range2d } from './variants';
export { OBJECT_COUNT, defaultFamily, sampleEpisode, type EpisodeSetup, type SampleOptions } from './scene';
export { TabletopEnv, type EnvOptions, type ResetOptions, type ResetResult } from './env';
export { BatchEnv, MAX_BATCH_SIZE, type EpisodeSpec } from './envBatch';
export { createExpertPolicy, expertSuccessRate, type ExpertOptions, type ExpertRate, type RateResult } from './expert';
export { createRandomPolicy, createReplayPolicy } from './policies';
export { recordEpisode, type RecordOptions, type RecordedRun } from './record';
export {
  episodeScene,
  renderEpisodeFrame,
  runSuite,
  suiteEpisodes,
  type SuiteEpisode,
  type SuiteOptions,
  type SuiteResult,
  type SuiteSpec,
  type VariantResult,
} from './suite';
export { wilsonInterval } from './suiteStats';
export { replayFrames, replaySpecOf, type ReplayFrame, type ReplayOutcome, type ReplaySpec } from './replay';
export { stepEvents, stepTruth, type CameraStepTruth } from './rolloutTruth';
