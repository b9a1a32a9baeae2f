import { describe, expect, it } from 'vitest';
import { makeCameras } from './camera';
import { episodeGroundTruth } from './groundTruth';
import { recordEpisode } from './record';
import { stepEvents, stepTruth } from './rolloutTruth';

describe('rollout truth per step', () => {
  it('is the ground truth of the dataset writer, normalised to the image', () => {
    const cameras = makeCameras(160, 120);
    const episode = recordEpisode({ seed: 1, variant: 'in_distribution' });
    const truth = episodeGroundTruth(episode, cameras);
    for (const frame of [0, Math.floor(episode.scenes.length / 2)]) {
      const mine = stepTruth(cameras, episode.scenes[frame]!, episode.task.targetId);
      for (const camera of cameras) {
        const full = truth[frame]!.cameras[camera.name]!;
        const box = full.boxes.find((b) => b.id === episode.task.targetId)!.box!;
        expect(mine[camera.name]!.target!.box).toEqual([box[0] / 160, box[1] / 120, box[2] / 160, box[3] / 120]);
        expect(mine[camera.name]!.target!.point).toEqual([full.target[0] / 160, full.target[1] / 120]);
        expect(mine[camera.name]!.gripper).toEqual([full.gripper[0] / 160, full.gripper[1] / 120]);
      }
    }
  });

  it('leaves out what is not there: no target object, a point behind the camera', () => {
    const [front] = makeCameras(160, 120);
    const episode = recordEpisode({ seed: 0, variant: 'in_distribution' });
    const scene = structuredClone(episode.scenes[0]!);
    scene.gripper.pos = [-5, 0, 0.2]; // the front camera looks along +x from x < 0: this is behind it
    const mine = stepTruth([front!], scene, 'nope')[front!.name]!;
    expect(mine.target).toBeUndefined();
    expect(mine.gripper).toBeUndefined();
  });

  it('names grasps and releases of the target apart from other objects, and a drop', () => {
    expect(stepEvents(null, 'obj1', 'obj1')).toEqual(['grasp']);
    expect(stepEvents('obj1', null, 'obj1')).toEqual(['release']);
    expect(stepEvents(null, 'obj2', 'obj1')).toEqual(['grasp_other']);
    expect(stepEvents('obj2', 'obj1', 'obj1')).toEqual(['release_other', 'grasp']);
    expect(stepEvents('obj1', null, 'obj1', 'dropped_object')).toEqual(['release', 'drop']);
    expect(stepEvents('obj1', 'obj1', 'obj1', 'success')).toEqual([]);
  });
});
