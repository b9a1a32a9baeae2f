/**
 * A stand-in world for the writer's tests: deterministic episodes of varying length, a renderer that
 * paints the gripper's projection, and exact ground truth. It exercises every file the writer makes
 * without depending on the real sim's behaviour.
 */
import { project } from '../../../sim/camera';
import type { CameraTruth, FrameRenderer, FrameTruth, RecordedEpisode, TaskFamily, VariantName } from '../../../sim/contracts';
import { Rng } from '../../../sim/rng';
import type { Action, CameraSpec, SceneState, State, Vec3 } from '../../../sim/types';
import type { SimBackend } from './backend';

export function syntheticEpisode(input: { seed: number; variant: VariantName; family: TaskFamily }): RecordedEpisode {
  const rng = new Rng(input.seed);
  const length = 6 + rng.int(9);
  const start: Vec3 = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), 0.25];
  const goal: Vec3 = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), 0.05];
  const target: Vec3 = [goal[0], goal[1], 0];
  const place: Vec3 | null = input.family === 'pick' ? null : [0.1, 0.1, 0];
  const scenes: SceneState[] = [];
  const states: State[] = [];
  const actions: Action[] = [];
  for (let i = 0; i < length; i++) {
    const t = i / (length - 1);
    const pos: Vec3 = [start[0] + (goal[0] - start[0]) * t, start[1] + (goal[1] - start[1]) * t, start[2] + (goal[2] - start[2]) * t];
    const opening = i > length / 2 ? 0.02 : 0.08;
    scenes.push({
      objects: [
        { id: 'obj0', kind: 'cube', colour: 'red', size: { sx: 0.05, sy: 0.05, sz: 0.05 }, pos: target, yaw: 0.3 },
        { id: 'obj1', kind: 'bowl', colour: 'blue', size: { sx: 0.15, sy: 0.15, sz: 0.05 }, pos: [0.1, 0.1, 0], yaw: 0 },
      ],
      gripper: { pos, roll: 0, pitch: 0, yaw: 0.1 * i, opening, closing: i > length / 2, held: null },
      tableColour: [150, 111, 80],
    });
    states.push([...pos, 0, 0, 0.1 * i, opening]);
    const step = 1 / (length - 1);
    actions.push([(goal[0] - start[0]) * step, (goal[1] - start[1]) * step, (goal[2] - start[2]) * step, 0, 0, 0.1, i > length / 2 ? 1 : 0]);
  }
  return {
    seed: input.seed,
    variant: input.variant,
    task: { family: input.family, targetId: 'obj0', referenceId: place ? 'obj1' : null, side: null },
    instruction: `${input.family} the red cube`,
    scenes,
    placePoints: scenes.map(() => place),
    states,
    actions,
    success: true,
    reason: 'success',
  };
}

export function syntheticRenderer(camera: CameraSpec): FrameRenderer {
  const { width, height } = camera.intrinsics;
  return {
    width,
    height,
    render(scene: SceneState) {
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0; i < rgb.length; i += 3) rgb.set(scene.tableColour, i);
      const [u, v] = project(camera, scene.gripper.pos);
      for (let y = Math.max(0, Math.round(v) - 3); y < Math.min(height, Math.round(v) + 3); y++) {
        for (let x = Math.max(0, Math.round(u) - 3); x < Math.min(width, Math.round(u) + 3); x++) rgb.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
      return rgb;
    },
  };
}

export function syntheticTruth(episode: RecordedEpisode, cameras: CameraSpec[]): FrameTruth[] {
  const pixel = (camera: CameraSpec, p: Vec3): [number, number] => {
    const [u, v] = project(camera, p);
    return [u, v];
  };
  return episode.scenes.map((scene, i) => ({
    cameras: Object.fromEntries(
      cameras.map((camera): [string, CameraTruth] => [
        camera.name,
        {
          boxes: scene.objects.map((o) => {
            const [u, v] = pixel(camera, o.pos);
            return { id: o.id, box: [u - 5, v - 5, u + 5, v + 5] };
          }),
          target: pixel(camera, scene.objects[0]!.pos),
          place: episode.placePoints[i] ? pixel(camera, episode.placePoints[i]!) : null,
          gripper: pixel(camera, scene.gripper.pos),
          trace: episode.scenes.slice(i).map((s) => pixel(camera, s.gripper.pos)),
        },
      ]),
    ),
  }));
}

export const syntheticBackend: SimBackend = {
  recordEpisode: syntheticEpisode,
  createRenderer: syntheticRenderer,
  episodeGroundTruth: syntheticTruth,
};
