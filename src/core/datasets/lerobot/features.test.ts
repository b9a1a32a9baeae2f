import { describe, expect, it } from 'vitest';
import { WarningLog } from './errors';
import { declaredCameras, flattenNames, modalityRanges, namesFromRanges, vectorColumns } from './features';
import { infoSchema } from './schemas';

const log = () => new WarningLog('/data/set');

describe('flattenNames', () => {
  it('accepts the flat, nested-list and object forms', () => {
    expect(flattenNames(['a', 'b'])).toEqual(['a', 'b']);
    expect(flattenNames([['a', 'b'], ['c']])).toEqual(['a', 'b', 'c']);
    expect(flattenNames({ motors: ['m0', 'm1'] })).toEqual(['m0', 'm1']);
    expect(flattenNames({ axes: ['x', 'y', 'z'] })).toEqual(['x', 'y', 'z']);
  });

  it('gives null for nothing usable', () => {
    expect(flattenNames(null)).toBeNull();
    expect(flattenNames([])).toBeNull();
    expect(flattenNames({ motors: [true] })).toBeNull();
  });
});

describe('vectorColumns', () => {
  it('falls back to state_i names when the count does not match, with a warning', () => {
    const info = infoSchema.parse({ fps: 10, features: { 'observation.state': { dtype: 'float32', shape: [3], names: ['a'] } } });
    const warnings = log();
    const [col] = vectorColumns(info, 'observation.state', 'state', warnings, '/data/set/meta/info.json');
    expect(col?.names).toEqual(['state_0', 'state_1', 'state_2']);
    expect(warnings.list()[0]).toContain('meta/info.json: features["observation.state"].names');
  });

  it('assembles GR00T-style sub-columns in declaration order, with one range each', () => {
    const info = infoSchema.parse({
      fps: 10,
      features: {
        'action.delta_eef_position': { dtype: 'float32', shape: [3] },
        'action.gripper_close': { dtype: 'float32', shape: [1] },
        'action.note': { dtype: 'string', shape: [1] },
      },
    });
    const cols = vectorColumns(info, 'action', 'action', log(), 'info.json');
    expect(cols.map((c) => c.key)).toEqual(['action.delta_eef_position', 'action.gripper_close']);
    expect(cols[0]?.names).toEqual(['action_delta_eef_position_0', 'action_delta_eef_position_1', 'action_delta_eef_position_2']);
    const ranges = modalityRanges(undefined, cols, 4, log(), 'modality.json', 'action');
    expect(ranges).toEqual([
      { name: 'delta_eef_position', start: 0, end: 3 },
      { name: 'gripper_close', start: 3, end: 4 },
    ]);
  });
});

describe('modalityRanges', () => {
  it('drops ranges past the vector with a warning', () => {
    const warnings = log();
    const ranges = modalityRanges(
      { arm: { start: 0, end: 2 }, hand: { start: 2, end: 9 } },
      [],
      4,
      warnings,
      '/data/set/meta/modality.json',
      'state',
    );
    expect(ranges).toEqual([{ name: 'arm', start: 0, end: 2 }]);
    expect(warnings.list()[0]).toMatch(/^meta\/modality\.json: state\.hand: range 2:9/);
  });

  it('names generic dimensions after their range', () => {
    expect(namesFromRanges([{ name: 'arm', start: 0, end: 2 }], ['state_0', 'state_1', 'state_2'], 'state')).toEqual([
      'arm_0',
      'arm_1',
      'state_2',
    ]);
    expect(namesFromRanges([{ name: 'arm', start: 0, end: 1 }], ['shoulder'], 'state')).toEqual(['shoulder']);
  });
});

describe('declaredCameras', () => {
  it('reads video metadata from `info` or `video_info` and names views from modality.json', () => {
    const info = infoSchema.parse({
      fps: 20,
      features: {
        'observation.images.ego_view': {
          dtype: 'video',
          shape: [256, 320, 3],
          names: ['height', 'width', 'channel'],
          video_info: { 'video.fps': 20, 'video.codec': 'h264', 'video.pix_fmt': 'yuv420p' },
        },
        'observation.images.top': {
          dtype: 'video',
          shape: [3, 48, 64],
          names: ['channels', 'height', 'width'],
          info: { 'video.codec': 'av1', 'video.fps': 30 },
        },
      },
    });
    const cams = declaredCameras(info, { video: { ego: { original_key: 'observation.images.ego_view' } } });
    expect(cams).toEqual([
      { key: 'observation.images.ego_view', name: 'ego', height: 256, width: 320, codec: 'h264', pixFmt: 'yuv420p', fps: 20 },
      { key: 'observation.images.top', name: 'top', height: 48, width: 64, codec: 'av1', pixFmt: null, fps: 30 },
    ]);
  });
});
