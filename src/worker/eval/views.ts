/**
 * The cameras a checkpoint looks through and its image input from the environment's observations. A
 * policy trained on two cameras needs both frames of every step; which cameras those are is recorded in
 * the checkpoint's info (newer runs) or the run manifest beside it (config.camera, config.secondCamera).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_FILE } from '../../shared/training/dataset';
import type { Observation } from '../../sim/contracts';
import { areaResizeSquare } from '../../shared/training/resize';

export interface CameraChoice {
  /** The primary camera (grounding answers are in its image), instead of the recorded one. */
  camera?: string;
  /** The second camera of a two-camera checkpoint, instead of the recorded one. */
  secondCamera?: string;
}

/** The cameras the run trained on, primary first, as the checkpoint or its run folder says; [] when neither does. */
export function recordedCameras(checkpointDir: string, info: Record<string, unknown>): string[] {
  const cameras = info.cameras;
  if (Array.isArray(cameras) && cameras.length > 0 && cameras.every((c) => typeof c === 'string' && c)) return cameras as string[];
  // The checkpoint is <run>/checkpoints/step-N; the run's manifest holds its data config.
  const manifest = join(dirname(dirname(checkpointDir)), MANIFEST_FILE);
  if (!existsSync(manifest)) return [];
  const config = (JSON.parse(readFileSync(manifest, 'utf8')) as { config?: { camera?: unknown; secondCamera?: unknown } }).config;
  return [config?.camera, config?.secondCamera].filter((c): c is string => typeof c === 'string' && c.length > 0);
}

/**
 * The cameras to feed a checkpoint that takes `takes` of them: the given ones over the recorded ones.
 * A missing camera, a second one for a one-camera checkpoint or the same camera twice is an error
 * naming the checkpoint and what it takes.
 */
export function checkpointCameras(checkpointDir: string, takes: number, info: Record<string, unknown>, given: CameraChoice = {}): string[] {
  const recorded = recordedCameras(checkpointDir, info);
  const trained = recorded.length > 0 ? ` (trained on ${recorded.map((c) => `"${c}"`).join(' + ')})` : '';
  const primary = given.camera ?? recorded[0];
  if (!primary) throw new Error(`checkpoint ${checkpointDir}: no run manifest beside it names the camera; pass the camera`);
  if (takes === 1) {
    if (given.secondCamera) throw new Error(`checkpoint ${checkpointDir} takes one camera${trained}; a second camera "${given.secondCamera}" was given`);
    return [primary];
  }
  const second = given.secondCamera ?? recorded[1];
  if (!second) {
    throw new Error(`checkpoint ${checkpointDir} takes ${takes} cameras${trained}, only "${primary}" is given: pass the second camera too`);
  }
  if (second === primary) throw new Error(`checkpoint ${checkpointDir} takes ${takes} different cameras; "${primary}" is given as both`);
  return [primary, second];
}

/**
 * The observations' frames of `cameras` (in that order), each squashed to size x size the way training
 * frames were, as [n, cameras, size, size, 3] in [0, 1].
 */
export function stackViews(obs: readonly Observation[], cameras: readonly string[], source: { width: number; height: number }, size: number): Float32Array {
  const { width, height } = source;
  const pixels = size * size * 3;
  const out = new Float32Array(obs.length * cameras.length * pixels);
  obs.forEach((o, b) => {
    cameras.forEach((camera, v) => {
      const frame = o.images[camera];
      if (!frame) throw new Error(`the observation has no image of camera "${camera}" (it has ${Object.keys(o.images).map((n) => `"${n}"`).join(', ') || 'none'}); the policy takes ${cameras.map((c) => `"${c}"`).join(' + ')}`);
      if (frame.length !== width * height * 3) throw new Error(`a ${camera} frame has ${frame.length} bytes, expected ${width}x${height} RGB; pass the env's size as source`);
      const square = areaResizeSquare(frame, width, height, size);
      const at = (b * cameras.length + v) * pixels;
      for (let i = 0; i < square.length; i++) out[at + i] = square[i]! / 255;
    });
  });
  return out;
}
