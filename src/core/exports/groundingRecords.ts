/**
 * Turns annotations into InternVLA-M1 grounding records (LLaVA-style JSON, `images` plural, one
 * `<image>` tag). Coordinates are absolute integer pixels of the written size x size image, as
 * Qwen2.5-VL grounding expects: boxes of one frame go in one record, points in one record per frame
 * and label, each trajectory in its own record, thinned to a few points like the released traces.
 */
import type { FrameRef, GroundingItem, GroundingKind } from './groundingItems';
import { renderAnswer, renderQuestion, type QaTemplates } from './qaTemplates';

export interface GroundingRecord {
  id: string;
  images: string[];
  conversations: [{ from: 'human'; value: string }, { from: 'gpt'; value: string }];
}

/** What the manifest keeps of each record, so an import can undo what the JSONL text cannot say. */
export interface RecordOrigin {
  kind: GroundingKind;
  annotationIds: string[];
  /** Trajectories: the frame of each exported vertex, and whose path it is. */
  frames?: number[];
  of?: 'gripper' | 'object';
  /** Trajectories: the label class (answers of boxes and points carry theirs). */
  label?: string;
}

export interface BuildOptions {
  size: number;
  /** Trajectories with more vertices are thinned to this many, evenly by index, ends kept. */
  maxTrajectoryPoints: number;
}

export interface BuiltRecords {
  records: GroundingRecord[];
  origins: Map<string, RecordOrigin>;
  /** Image path (relative to the export folder) -> the frame it shows. */
  images: Map<string, FrameRef>;
  counts: Record<GroundingKind, number>;
}

/** File-name-safe and stable: dataset and camera names may hold spaces or slashes. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || '_';
}

const pad = (n: number) => String(n).padStart(6, '0');

export function imagePath(f: FrameRef): string {
  return `images/${slug(f.datasetName)}/episode_${pad(f.episodeIndex)}/${slug(f.cameraName)}_${pad(f.frame)}.png`;
}

function frameKey(f: FrameRef): string {
  return `${slug(f.datasetName)}-${f.episodeIndex}-${slug(f.cameraName)}-${f.frame}`;
}

/** Camera pixels -> written-image pixels, rounded and kept inside the image. */
export function toImagePixel(value: number, cameraExtent: number, size: number): number {
  return Math.min(size - 1, Math.max(0, Math.round((value * size) / cameraExtent)));
}

export function thinIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / (max - 1)));
}

function scaledBox(item: GroundingItem & { kind: 'box' }, size: number): [number, number, number, number] {
  const { width, height } = item.frame;
  const g = item.geometry;
  let [x1, x2] = [toImagePixel(g.x1, width, size), toImagePixel(g.x2, width, size)];
  let [y1, y2] = [toImagePixel(g.y1, height, size), toImagePixel(g.y2, height, size)];
  // A box thinner than a written pixel still needs x2 > x1 to stay a box.
  if (x2 <= x1) [x1, x2] = x1 >= size - 1 ? [size - 2, size - 1] : [x1, x1 + 1];
  if (y2 <= y1) [y1, y2] = y1 >= size - 1 ? [size - 2, size - 1] : [y1, y1 + 1];
  return [x1, y1, x2, y2];
}

/** JSON spaced like Python's json.dumps (`", "` and `": "`), the form of the released grounding answers. */
export function answerJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(answerJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${answerJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function human(question: string): { from: 'human'; value: string } {
  return { from: 'human', value: `<image>\n${question}` };
}

function sortKey(f: FrameRef): string {
  return `${String(f.datasetId).padStart(9, '0')}|${pad(f.episodeIndex)}|${f.cameraName}|${pad(f.frame)}`;
}

/** Deterministic: the same annotations and templates give byte-identical records. */
export function buildGroundingRecords(items: GroundingItem[], templates: QaTemplates, options: BuildOptions): BuiltRecords {
  const { size } = options;
  const byFrame = new Map<string, GroundingItem[]>();
  for (const item of items) {
    const key = sortKey(item.frame);
    byFrame.set(key, [...(byFrame.get(key) ?? []), item]);
  }
  const built: BuiltRecords = { records: [], origins: new Map(), images: new Map(), counts: { point: 0, box: 0, trajectory: 0 } };
  const add = (frame: FrameRef, id: string, question: string, answer: string, origin: RecordOrigin) => {
    const image = imagePath(frame);
    built.images.set(image, frame);
    built.records.push({ id, images: [image], conversations: [human(question), { from: 'gpt', value: answer }] });
    built.origins.set(id, origin);
    built.counts[origin.kind]++;
  };

  for (const key of [...byFrame.keys()].sort()) {
    const group = byFrame.get(key)!;
    const frame = group[0]!.frame;
    const base = frameKey(frame);
    const instruction = frame.instruction;

    const boxes = group.filter((i): i is GroundingItem & { kind: 'box' } => i.kind === 'box');
    if (boxes.length > 0) {
      const id = `box-${base}`;
      const answer = boxes.map((b) => ({ bbox_2d: scaledBox(b, size), label: b.label }));
      const question = renderQuestion(templates, 'box', id, { instruction });
      add(frame, id, question, renderAnswer(templates, 'box', id, answerJson(answer)), { kind: 'box', annotationIds: boxes.map((b) => b.annotationId) });
    }

    const points = group.filter((i): i is GroundingItem & { kind: 'point' } => i.kind === 'point');
    for (const label of [...new Set(points.map((p) => p.label))].sort()) {
      const mine = points.filter((p) => p.label === label);
      const id = `pt-${base}-${slug(label)}`;
      const answer = mine.map((p) => ({
        point_2d: [toImagePixel(p.geometry.x, frame.width, size), toImagePixel(p.geometry.y, frame.height, size)],
        label,
      }));
      const question = renderQuestion(templates, 'point', id, { instruction, label });
      add(frame, id, question, renderAnswer(templates, 'point', id, answerJson(answer), label), { kind: 'point', annotationIds: mine.map((p) => p.annotationId) });
    }

    const trajectories = group.filter((i): i is GroundingItem & { kind: 'trajectory' } => i.kind === 'trajectory');
    trajectories.forEach((t, n) => {
      const id = `tr-${base}-${n}`;
      const kept = thinIndices(t.geometry.points.length, options.maxTrajectoryPoints).map((i) => t.geometry.points[i]!);
      const path = kept.map((p) => [toImagePixel(p.x, frame.width, size), toImagePixel(p.y, frame.height, size)]);
      const of = t.geometry.of;
      const kind = of === 'object' ? 'objectTrajectory' : 'trajectory';
      const question = renderQuestion(templates, kind, id, { instruction, label: t.label });
      const origin: RecordOrigin = { kind: 'trajectory', annotationIds: [t.annotationId], frames: kept.map((p) => p.frame), of, label: t.label };
      add(frame, id, question, renderAnswer(templates, kind, id, answerJson({ trajectory: path }), t.label), origin);
    });
  }
  return built;
}
