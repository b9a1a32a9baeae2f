/** The resolver and encoder moved to src/node/media so that the worker (which may not import core) records rollout videos with the same code. */
export * from '../../node/media/ffmpeg';
