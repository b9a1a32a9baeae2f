/**
 * The two per-episode parquet files: LeRobot's frame table and our ground-truth table. Written with
 * explicit schemas so that the column types are the ones LeRobot and GR00T expect (float32 lists,
 * int64 indices) rather than whatever type inference would guess.
 */
import { writeFileSync } from 'node:fs';
import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FrameTruth, Point2d, RecordedEpisode } from '../../../sim/contracts';
import { FPS } from './layout';

function floatList(name: string): SchemaElement[] {
  return [
    { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'FLOAT', repetition_type: 'OPTIONAL' },
  ];
}
const int64 = (name: string): SchemaElement => ({ name, type: 'INT64', repetition_type: 'REQUIRED' });
const float32 = (name: string): SchemaElement => ({ name, type: 'FLOAT', repetition_type: 'REQUIRED' });
const text = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});
const bool = (name: string): SchemaElement => ({ name, type: 'BOOLEAN', repetition_type: 'REQUIRED' });

interface Column {
  schema: SchemaElement[];
  data: unknown[] | ArrayLike<unknown>;
}

function writeParquet(path: string, columns: Record<string, Column>): void {
  const names = Object.keys(columns);
  const schema: SchemaElement[] = [{ name: 'root', num_children: names.length }];
  for (const name of names) schema.push(...columns[name]!.schema);
  const buffer = parquetWriteBuffer({
    schema,
    columnData: names.map((name) => ({ name, data: columns[name]!.data as unknown[] })),
    rowGroupSize: 100_000,
    createdBy: 'st4vla-studio sim dataset generator',
  });
  writeFileSync(path, new Uint8Array(buffer));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const bigints = (values: number[]) => values.map((v) => BigInt(v));

export interface DataTableInput {
  episode: RecordedEpisode;
  length: number;
  episodeIndex: number;
  /** Global index of this episode's first frame. */
  firstIndex: number;
  taskIndex: number;
}

/** LeRobot's frame table: one row per frame, the columns that info.json declares. */
export function writeDataTable(path: string, input: DataTableInput): void {
  const { episode, length, episodeIndex, firstIndex, taskIndex } = input;
  const frames = range(length);
  writeParquet(path, {
    'observation.state': { schema: floatList('observation.state'), data: frames.map((i) => episode.states[i]) },
    action: { schema: floatList('action'), data: frames.map((i) => episode.actions[i]) },
    timestamp: { schema: [float32('timestamp')], data: Float32Array.from(frames, (i) => i / FPS) },
    frame_index: { schema: [int64('frame_index')], data: bigints(frames) },
    episode_index: { schema: [int64('episode_index')], data: bigints(frames.map(() => episodeIndex)) },
    index: { schema: [int64('index')], data: bigints(frames.map((i) => firstIndex + i)) },
    task_index: { schema: [int64('task_index')], data: bigints(frames.map(() => taskIndex)) },
  });
}

const flat = (points: Point2d[]) => points.flatMap((p) => [p[0], p[1]]);

/**
 * Ground truth per frame. Pixel columns are per camera ("front.gripper"); 3-D columns are in the
 * world frame of meta/calibration.json. See datasets/README.md for the schema.
 */
export function writeGroundTruthTable(path: string, episode: RecordedEpisode, truth: FrameTruth[], cameras: string[], length: number): void {
  const frames = range(length);
  const columns: Record<string, Column> = {
    frame_index: { schema: [int64('frame_index')], data: bigints(frames) },
    timestamp: { schema: [float32('timestamp')], data: Float32Array.from(frames, (i) => i / FPS) },
  };
  for (const camera of cameras) {
    const view = (i: number) => {
      const found = truth[i]!.cameras[camera];
      if (!found) throw new Error(`ground truth of frame ${i} has no camera "${camera}"`);
      return found;
    };
    columns[`${camera}.gripper`] = { schema: floatList(`${camera}.gripper`), data: frames.map((i) => view(i).gripper) };
    columns[`${camera}.target`] = { schema: floatList(`${camera}.target`), data: frames.map((i) => view(i).target) };
    columns[`${camera}.place`] = { schema: floatList(`${camera}.place`), data: frames.map((i) => view(i).place) };
    columns[`${camera}.trace`] = { schema: floatList(`${camera}.trace`), data: frames.map((i) => flat(view(i).trace)) };
    columns[`${camera}.boxes`] = { schema: [text(`${camera}.boxes`)], data: frames.map((i) => JSON.stringify(view(i).boxes)) };
  }
  const scene = (i: number) => episode.scenes[i]!;
  Object.assign(columns, {
    'gripper.pose': {
      schema: floatList('gripper.pose'),
      data: frames.map((i) => {
        const g = scene(i).gripper;
        return [...g.pos, g.roll, g.pitch, g.yaw, g.opening];
      }),
    },
    'gripper.closing': { schema: [bool('gripper.closing')], data: frames.map((i) => scene(i).gripper.closing) },
    'gripper.held': { schema: [text('gripper.held', true)], data: frames.map((i) => scene(i).gripper.held) },
    'place.point': { schema: floatList('place.point'), data: frames.map((i) => episode.placePoints[i] ?? null) },
    'objects.poses': {
      schema: [text('objects.poses')],
      data: frames.map((i) => JSON.stringify(scene(i).objects.map((o) => ({ id: o.id, pos: o.pos, yaw: o.yaw })))),
    },
  } satisfies Record<string, Column>);
  writeParquet(path, columns);
}
