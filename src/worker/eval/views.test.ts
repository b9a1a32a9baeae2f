import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../shared/training/dataset';
import type { Observation } from '../../sim/contracts';
import { checkpointCameras, stackViews } from './views';

const root = mkdtempSync(join(tmpdir(), 'st4vla-views-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** <run>/checkpoints/step-N with the run's manifest naming its data cameras. */
function runCheckpoint(name: string, config: Record<string, unknown>): string {
  const dir = join(root, name, 'checkpoints', 'step-0000004');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(root, name, MANIFEST_FILE), JSON.stringify({ config }));
  return dir;
}

describe('the cameras fed to a checkpoint', () => {
  it('reads them from the checkpoint, else from its run manifest; given ones win', () => {
    const dir = runCheckpoint('two', { camera: 'front', secondCamera: 'side' });
    expect(checkpointCameras(dir, 2, {})).toEqual(['front', 'side']);
    expect(checkpointCameras(dir, 2, { cameras: ['top', 'wrist'] })).toEqual(['top', 'wrist']);
    expect(checkpointCameras(dir, 2, {}, { camera: 'top', secondCamera: 'wrist' })).toEqual(['top', 'wrist']);
    expect(checkpointCameras(runCheckpoint('one', { camera: 'front' }), 1, {})).toEqual(['front']);
  });

  it('refuses a missing camera, a second one for a one-camera checkpoint and one camera twice', () => {
    const one = runCheckpoint('one-run', { camera: 'front' });
    expect(() => checkpointCameras(one, 1, {}, { secondCamera: 'side' })).toThrow(`checkpoint ${one} takes one camera (trained on "front"); a second camera "side" was given`);
    expect(() => checkpointCameras(one, 2, {})).toThrow(`checkpoint ${one} takes 2 cameras (trained on "front"), only "front" is given: pass the second camera too`);
    const lone = join(root, 'lone');
    expect(() => checkpointCameras(lone, 1, {})).toThrow(`checkpoint ${lone}: no run manifest beside it names the camera; pass the camera`);
    expect(() => checkpointCameras(lone, 2, { cameras: ['front', 'side'] }, { camera: 'side' })).toThrow(`checkpoint ${lone} takes 2 different cameras; "side" is given as both`);
  });
});

describe('stackViews', () => {
  it('stacks each observation\'s cameras in the given order, squashed to the run\'s size, in [0, 1]', () => {
    const image = (value: number) => new Uint8Array(4 * 2 * 3).fill(value);
    const obs = [{ images: { front: image(51), side: image(102) } }, { images: { front: image(0), side: image(255) } }] as unknown as Observation[];
    const out = stackViews(obs, ['side', 'front'], { width: 4, height: 2 }, 2);
    expect(out.length).toBe(2 * 2 * 2 * 2 * 3);
    // [n, cameras, 2, 2, 3]: 12 values per view.
    expect([0, 12, 24, 36].map((i) => +out[i]!.toFixed(3))).toEqual([0.4, 0.2, 1, 0]);
    expect(() => stackViews([{ images: { front: image(1) } } as unknown as Observation], ['front', 'side'], { width: 4, height: 2 }, 2))
      .toThrow('the observation has no image of camera "side" (it has "front"); the policy takes "front" + "side"');
  });
});
