import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FrameRef, GroundingItem } from './groundingItems';
import { answerJson, buildGroundingRecords, imagePath, thinIndices, toImagePixel } from './groundingRecords';
import { loadQaTemplates, renderQuestion, type QaTemplates } from './qaTemplates';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-qa-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const frame: FrameRef = {
  datasetId: 1, datasetName: 'lab kitchen/v2', episodeId: 7, episodeIndex: 12, instruction: 'Put the pear in the bowl.',
  cameraId: 3, cameraName: 'wrist left', width: 640, height: 480, frame: 9,
};
const plain = ['{answer}'];
const one: QaTemplates = {
  box: { questions: ['{instruction} Boxes?'], answers: plain },
  point: { questions: ['Point to the {label}.'], answers: plain },
  trajectory: { questions: ['{instruction} Path?'], answers: plain },
  objectTrajectory: { questions: ['Path of the {label}?'], answers: plain },
};

describe('grounding records', () => {
  it('scales a non-square camera frame to the square image (plain resize) and clamps inside', () => {
    expect(toImagePixel(320, 640, 224)).toBe(112);
    expect(toImagePixel(240, 480, 224)).toBe(112);
    expect(toImagePixel(-5, 640, 224)).toBe(0);
    expect(toImagePixel(640, 640, 224)).toBe(223);
  });

  it('names images by dataset, episode, camera and frame, safe for any name', () => {
    expect(imagePath(frame)).toBe('images/lab_kitchen_v2/episode_000012/wrist_left_000009.png');
  });

  it('thins long trajectories evenly and keeps both ends', () => {
    expect(thinIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(thinIndices(20, 8)).toEqual([0, 3, 5, 8, 11, 14, 16, 19]);
  });

  it('spaces answers like the released data', () => {
    expect(answerJson([{ point_2d: [1, 2], label: 'pear' }])).toBe('[{"point_2d": [1, 2], "label": "pear"}]');
  });

  it('keeps a box thinner than a written pixel a box', () => {
    const items: GroundingItem[] = [
      { annotationId: 'a', frame, label: 'pin', kind: 'box', geometry: { x1: 100, y1: 479, x2: 100.5, y2: 480 } },
    ];
    const built = buildGroundingRecords(items, one, { size: 224, maxTrajectoryPoints: 8 });
    expect(built.records[0]!.conversations[1].value).toBe('[{"bbox_2d": [35, 222, 36, 223], "label": "pin"}]');
  });

  it('groups points per frame and label, and leaves no stray space without an instruction', () => {
    const silent = { ...frame, instruction: '' };
    const items: GroundingItem[] = [
      { annotationId: 'a', frame: silent, label: 'pear', kind: 'point', geometry: { x: 0, y: 0, role: 'other' } },
      { annotationId: 'b', frame: silent, label: 'pear', kind: 'point', geometry: { x: 639, y: 479, role: 'other' } },
      { annotationId: 'c', frame: silent, label: 'bowl', kind: 'box', geometry: { x1: 0, y1: 0, x2: 64, y2: 48 } },
    ];
    const built = buildGroundingRecords(items, one, { size: 224, maxTrajectoryPoints: 8 });
    expect(built.counts).toEqual({ box: 1, point: 1, trajectory: 0 });
    expect(built.records.map((r) => r.conversations[0].value)).toEqual(['<image>\nBoxes?', '<image>\nPoint to the pear.']);
    expect(built.origins.get(built.records[1]!.id)).toEqual({ kind: 'point', annotationIds: ['a', 'b'] });
  });
});

describe('QA templates', () => {
  it('loads the defaults, picks a paraphrase by record id, the same every time', () => {
    const templates = loadQaTemplates();
    expect(templates.box.questions.length).toBeGreaterThan(1);
    expect(templates.box.answers).toEqual(['{answer}']);
    const picks = new Set(Array.from({ length: 40 }, (_, i) => renderQuestion(templates, 'box', `box-${i}`, { instruction: 'Go.' })));
    expect(picks.size).toBeGreaterThan(1);
    expect(renderQuestion(templates, 'box', 'box-7', { instruction: 'Go.' })).toBe(renderQuestion(templates, 'box', 'box-7', { instruction: 'Go.' }));
    expect(renderQuestion(one, 'box', 'x', { instruction: ' pick the pear ' })).toBe('Pick the pear. Boxes?');
  });

  it("lets a project's qa-templates.json replace the kinds it lists", () => {
    const dir = join(temp, 'project');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'qa-templates.json'), JSON.stringify({ point: ['Where is the {label}?'] }));
    const templates = loadQaTemplates(dir);
    expect(templates.point).toEqual({ questions: ['Where is the {label}?'], answers: ['{answer}'] });
    expect(templates.box).toEqual(loadQaTemplates().box);
    writeFileSync(join(dir, 'qa-templates.json'), JSON.stringify({ point: [] }));
    expect(() => loadQaTemplates(dir)).toThrow(/qa-templates.json are invalid: point: /);
  });
});
