import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLeRobot } from '../datasets/import/importDataset';
import type { Camera, Episode } from '../db/repositories/index';
import { closeProject, createProject, type Project } from '../project/project';
import { exportGrounding, importGrounding, previewGrounding } from './index';

const GR00T = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-grounding-'));
const projects: Project[] = [];
afterAll(() => {
  projects.forEach(closeProject);
  rmSync(temp, { recursive: true, force: true });
});

async function projectWithFixture(name: string) {
  const project = createProject(join(temp, name), { name });
  projects.push(project);
  await importLeRobot(project, GR00T);
  const episodes = project.repos.episodes.list({}).rows.map((r) => project.repos.episodes.get(r.id)!);
  return { project, episodes, camera: (e: Episode): Camera => project.repos.episodes.camerasOf(e.id)[0]! };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

const trajectory = (n: number, frame0: number) =>
  Array.from({ length: n }, (_, i) => ({ x: 20 + i * 17.3, y: 200 - i * 11.1, frame: frame0 + i }));

let source: Awaited<ReturnType<typeof projectWithFixture>>;
let out: string;

beforeAll(async () => {
  source = await projectWithFixture('source');
  const { project, episodes, camera } = source;
  const { labels, annotations, episodes: repo } = project.repos;
  const pear = labels.insert({ name: 'pear', color: '#0f0' });
  const basket = labels.insert({ name: 'white basket', color: '#fff' });
  const [first, second] = episodes as [Episode, Episode];
  repo.setInstruction(first.id, 'Put the pear in the white basket.');
  const cam = camera(first).id;
  const common = { episodeId: first.id, cameraId: cam, source: 'manual' as const, author: 'ann' };
  annotations.insert({ ...common, kind: 'point', frameStart: 10, geometry: { x: 100.3, y: 50.7, role: 'grasp' }, labelClassId: pear });
  annotations.insert({ ...common, kind: 'box', frameStart: 10, geometry: { x1: 30, y1: 40.2, x2: 120.5, y2: 200 }, labelClassId: basket });
  annotations.insert({ ...common, kind: 'box', frameStart: 10, geometry: { x1: 90, y1: 30, x2: 130, y2: 80 }, labelClassId: pear });
  annotations.insert({ ...common, kind: 'trajectory', frameStart: 5, geometry: { of: 'gripper', points: trajectory(5, 5) } });
  annotations.insert({ ...common, kind: 'trajectory', frameStart: 40, geometry: { of: 'object', points: trajectory(20, 40) }, labelClassId: pear });
  annotations.insert({
    ...common, kind: 'point', frameStart: 50, frameEnd: 70, isTrack: true, labelClassId: pear,
    geometry: { keyframes: [{ frame: 50, value: { x: 10, y: 10 } }, { frame: 60, value: null }, { frame: 70, value: { x: 250, y: 255.9 } }] },
  });
  annotations.insert({
    episodeId: second.id, cameraId: camera(second).id, source: 'manual', author: 'ann',
    kind: 'box', frameStart: 3, geometry: { x1: 0, y1: 0, x2: 256, y2: 256 }, labelClassId: basket,
  });
  out = join(temp, 'export');
  await exportGrounding(project, out);
});

describe('grounding export', () => {
  it('previews counts per kind and the first records without writing', () => {
    const preview = previewGrounding(source.project, { limit: 2 });
    expect(preview.counts).toEqual({ box: 2, point: 3, trajectory: 2 });
    expect(preview.total).toBe(7);
    expect(preview.records).toHaveLength(2);
  });

  it('writes InternVLA-M1 records: images plural, one <image> tag, integer pixels of the 224 image', () => {
    const lines = readFileSync(join(out, 'grounding.jsonl'), 'utf8').trimEnd().split('\n');
    const records = lines.map((l) => JSON.parse(l));
    expect(records).toHaveLength(7);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(['id', 'images', 'conversations']);
      expect(r.images).toHaveLength(1);
      expect(r.images[0]).toMatch(/^images\/[^/]+\/episode_\d{6}\/ego_view_\d{6}\.png$/);
      expect(r.conversations.map((t: { from: string }) => t.from)).toEqual(['human', 'gpt']);
      expect(r.conversations[0].value.match(/<image>/g)).toHaveLength(1);
      expect(r.conversations[0].value.startsWith('<image>\n')).toBe(true);
      const numbers = r.conversations[1].value.match(/-?\d+(\.\d+)?/g).map(Number);
      for (const n of numbers) expect(Number.isInteger(n) && n >= 0 && n < 224).toBe(true);
    }
    const box = records.find((r) => r.id.startsWith('box-') && r.images[0].includes('episode_000000'));
    expect(box.conversations[0].value).toMatch(/^<image>\nPut the pear in the white basket\. /);
    // 256 px camera -> 224: 30 * 0.875 = 26.25 -> 26, 120.5 * 0.875 = 105.4 -> 105 ...
    expect(box.conversations[1].value).toBe(
      '[{"bbox_2d": [26, 35, 105, 175], "label": "white basket"}, {"bbox_2d": [79, 26, 114, 70], "label": "pear"}]',
    );
    const full = records.find((r) => r.id.startsWith('box-') && r.images[0].includes('episode_000001'));
    expect(JSON.parse(full.conversations[1].value)[0].bbox_2d).toEqual([0, 0, 223, 223]);
    const thinned = records.find((r) => r.id.startsWith('tr-') && r.images[0].endsWith('_000040.png'));
    expect(JSON.parse(thinned.conversations[1].value).trajectory).toHaveLength(8);
    const track = records.filter((r) => r.id.startsWith('pt-') && /_0000[57]0\.png$/.test(r.images[0]));
    expect(track.map((r) => JSON.parse(r.conversations[1].value)[0].point_2d)).toEqual([[9, 9], [219, 223]]);
  });

  it('writes every referenced frame as a 224x224 PNG and nothing else', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const paths = Object.keys(manifest.images);
    expect(paths).toHaveLength(6);
    for (const p of paths) expect(pngSize(join(out, p))).toEqual([224, 224]);
    expect(readdirSync(out).sort()).toEqual(['coco.json', 'grounding.jsonl', 'images', 'manifest.json']);
    expect(readdirSync(temp).filter((f) => f.includes('.part-'))).toEqual([]);
  });

  it('writes COCO with [x, y, w, h] boxes and points as keypoints over the same images', () => {
    const coco = JSON.parse(readFileSync(join(out, 'coco.json'), 'utf8'));
    expect(coco.categories.map((c: { name: string }) => c.name)).toEqual(['pear', 'white basket']);
    expect(coco.images.every((i: { width: number; height: number }) => i.width === 224 && i.height === 224)).toBe(true);
    const boxes = coco.annotations.filter((a: { keypoints?: unknown }) => !a.keypoints);
    const points = coco.annotations.filter((a: { keypoints?: unknown }) => a.keypoints);
    expect(boxes).toHaveLength(3);
    expect(points).toHaveLength(3);
    expect(boxes[0].bbox).toEqual([26.25, 35.18, 79.19, 139.82]);
    expect(points[0]).toMatchObject({ keypoints: [87.76, 44.36, 2], num_keypoints: 1 });
  });

  it('is deterministic: the same annotations give the same file', async () => {
    const again = join(temp, 'export-again');
    await exportGrounding(source.project, again);
    expect(readFileSync(join(again, 'grounding.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'grounding.jsonl'), 'utf8'));
  });
});

describe('grounding import', () => {
  it('round-trips the geometry into a fresh project within rounding', async () => {
    const target = await projectWithFixture('target');
    const result = importGrounding(target.project, join(out, 'grounding.jsonl'), { createLabels: true });
    expect(result.counts).toEqual({ box: 3, point: 3, trajectory: 2 });
    expect(result.labelsCreated.sort()).toEqual(['pear', 'white basket']);
    const tolerance = 0.5 * (256 / 224) + 1e-9;
    const [first] = target.episodes as [Episode];
    const imported = target.project.repos.annotations.listByEpisode(first.id);
    expect(imported.every((a) => a.source === 'imported')).toBe(true);
    const originals = source.project.repos.annotations.listByEpisode(source.episodes[0]!.id);
    const box = imported.find((a) => a.kind === 'box' && (a.geometry as { x1: number }).x1 < 40)!;
    const was = originals.find((a) => a.kind === 'box')!.geometry as Record<string, number>;
    for (const k of ['x1', 'y1', 'x2', 'y2']) expect(Math.abs((box.geometry as Record<string, number>)[k]! - was[k]!)).toBeLessThanOrEqual(tolerance);
    expect(target.project.repos.labels.get(box.labelClassId!)?.name).toBe('white basket');
    const path = imported.find((a) => a.kind === 'trajectory' && a.frameStart === 5)!.geometry as { points: { x: number; y: number; frame: number }[] };
    const expected = trajectory(5, 5);
    expect(path.points.map((p) => p.frame)).toEqual(expected.map((p) => p.frame));
    path.points.forEach((p, i) => {
      expect(Math.abs(p.x - expected[i]!.x)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(p.y - expected[i]!.y)).toBeLessThanOrEqual(tolerance);
    });
    const objectPath = imported.find((a) => a.kind === 'trajectory' && a.frameStart === 40)!;
    expect(objectPath.geometry).toMatchObject({ of: 'object' });
    expect(target.project.repos.labels.get(objectPath.labelClassId!)?.name).toBe('pear');
  });

  it('imports into a chosen episode, and refuses unknown labels unless asked to create them', async () => {
    const target = await projectWithFixture('chosen');
    const episode = target.episodes[3]!;
    expect(() => importGrounding(target.project, join(out, 'grounding.jsonl'), { episodeId: episode.id })).toThrow(
      /unknown label "pear" \(line \d+\), "white basket" \(line \d+\)/,
    );
    expect(target.project.repos.annotations.countByEpisode(episode.id)).toBe(0);
    target.project.repos.labels.insert({ name: 'pear', color: '#0f0' });
    target.project.repos.labels.insert({ name: 'white basket', color: '#fff' });
    const result = importGrounding(target.project, join(out, 'grounding.jsonl'), { episodeId: episode.id });
    expect(target.project.repos.annotations.countByEpisode(episode.id)).toBe(result.annotationIds.length);
  });

  it('names the line of a broken record and writes nothing', () => {
    const bad = join(temp, 'bad');
    mkdirSync(bad);
    const good = readFileSync(join(out, 'grounding.jsonl'), 'utf8').split('\n')[0]!;
    writeFileSync(join(bad, 'manifest.json'), readFileSync(join(out, 'manifest.json')));
    writeFileSync(join(bad, 'a.jsonl'), `${good}\n{"id": "x", "image": "a.png", "conversations": []}\n`);
    expect(() => importGrounding(source.project, join(bad, 'a.jsonl'))).toThrow(/line 2: not a grounding record: images/);
    writeFileSync(join(bad, 'b.jsonl'), `${good}\n${good.replace('<image>', '')}\n`);
    expect(() => importGrounding(source.project, join(bad, 'b.jsonl'))).toThrow(/line 2: .*0 <image> tags/);
    writeFileSync(join(bad, 'c.jsonl'), '{nope\n');
    expect(() => importGrounding(source.project, join(bad, 'c.jsonl'))).toThrow(/line 1: not JSON/);
  });
});

describe('grounding export refusals', () => {
  it('refuses an unknown label, an empty selection and a non-empty folder without force', async () => {
    const { project, episodes } = source;
    await expect(exportGrounding(project, join(temp, 'x1'), { labels: ['banana'] })).rejects.toThrow(
      /unknown label "banana"; this project has "pear", "white basket"/,
    );
    await expect(exportGrounding(project, join(temp, 'x2'), { episodeIds: [episodes[4]!.id] })).rejects.toThrow(
      /nothing to export: there are no point, box or trajectory annotations in the chosen episodes/,
    );
    const empty = createProject(join(temp, 'empty'), { name: 'empty' });
    projects.push(empty);
    await expect(exportGrounding(empty, join(temp, 'x3'))).rejects.toThrow(/nothing to export: .* in this project/);
    await expect(exportGrounding(project, out)).rejects.toThrow(/is not empty; .* --force/);
    const replaced = await exportGrounding(project, out, { force: true, size: 112, labels: ['pear'] });
    expect(replaced.counts).toEqual({ box: 1, point: 3, trajectory: 1 });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.size).toBe(112);
    expect(pngSize(join(out, Object.keys(manifest.images)[0]!))).toEqual([112, 112]);
  });
});
