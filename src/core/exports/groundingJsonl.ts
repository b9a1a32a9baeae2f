/**
 * Reads grounding JSONL back: each line is checked against the record schema InternVLA-M1's loader
 * accepts, and its answer against the three answer shapes the export writes. Errors name the line.
 */
import { z } from 'zod';
import { GroundingExportError } from './errors';

const Turn = z.union([
  z.object({ from: z.enum(['human', 'gpt']), value: z.string() }),
  z.object({ role: z.enum(['user', 'assistant']), content: z.string() }).transform((t) => ({
    from: t.role === 'user' ? ('human' as const) : ('gpt' as const),
    value: t.content,
  })),
]);

const JsonlRecord = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  images: z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  conversations: z.array(Turn).min(2),
});

const Pair = z.tuple([z.number().finite(), z.number().finite()]);

const BoxAnswer = z.array(z.object({ bbox_2d: z.tuple([z.number(), z.number(), z.number(), z.number()]), label: z.string() })).min(1);
const PointAnswer = z.array(z.object({ point_2d: Pair, label: z.string() })).min(1);
const TrajectoryAnswer = z.object({ trajectory: z.array(Pair).min(2) });

export type ParsedAnswer =
  | { kind: 'box'; boxes: { box: [number, number, number, number]; label: string }[] }
  | { kind: 'point'; points: { point: [number, number]; label: string }[] }
  | { kind: 'trajectory'; path: [number, number][] };

export interface ParsedRecord {
  line: number;
  id: string;
  image: string;
  answer: ParsedAnswer;
}

function lineError(line: number, why: string): GroundingExportError {
  return new GroundingExportError(`line ${line}: ${why}`);
}

/**
 * The answer's JSON: the whole text, or, when an answer form wraps it ("```json ... ```", "The pear is at
 * ..."), the span from its first opening bracket to its last closing one.
 */
export function answerValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/[[{]/);
    const end = Math.max(text.lastIndexOf(']'), text.lastIndexOf('}'));
    if (start < 0 || end <= start) throw new Error('no JSON in it');
    return JSON.parse(text.slice(start, end + 1));
  }
}

function parseAnswer(text: string, line: number): ParsedAnswer {
  let value: unknown;
  try {
    value = answerValue(text);
  } catch {
    throw lineError(line, `the answer is not JSON: ${text.slice(0, 80)}`);
  }
  const box = BoxAnswer.safeParse(value);
  if (box.success) return { kind: 'box', boxes: box.data.map((b) => ({ box: b.bbox_2d, label: b.label })) };
  const point = PointAnswer.safeParse(value);
  if (point.success) return { kind: 'point', points: point.data.map((p) => ({ point: p.point_2d, label: p.label })) };
  const trajectory = TrajectoryAnswer.safeParse(value);
  if (trajectory.success) return { kind: 'trajectory', path: trajectory.data.trajectory };
  throw lineError(line, 'the answer is none of [{"bbox_2d": [x1, y1, x2, y2], "label"}], [{"point_2d": [x, y], "label"}], {"trajectory": [[x, y], ...]}');
}

/** Parses every line first, so a bad file is refused before anything is written. */
export function parseGroundingJsonl(text: string): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = i + 1;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw lineError(line, `not JSON (${(error as Error).message})`);
    }
    const parsed = JsonlRecord.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw lineError(line, `not a grounding record: ${issue.path.join('.') || '(record)'}: ${issue.message}`);
    }
    const { id, images, conversations } = parsed.data;
    if (images.length !== 1) throw lineError(line, `record ${id} has ${images.length} images; a grounding record has one`);
    const question = conversations.find((t) => t.from === 'human');
    const answer = conversations.find((t) => t.from === 'gpt');
    if (!question || !answer) throw lineError(line, `record ${id} needs a human and a gpt turn`);
    const tags = question.value.split('<image>').length - 1;
    if (tags !== images.length) throw lineError(line, `record ${id} has ${tags} <image> tags for ${images.length} image(s)`);
    records.push({ line, id, image: images[0]!, answer: parseAnswer(answer.value, line) });
  }
  if (records.length === 0) throw new GroundingExportError('the file holds no records');
  return records;
}
