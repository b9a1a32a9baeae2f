/**
 * Grounding QA data in Chromium: with a few annotations stored through the contract on the GR1 fixture,
 * edit a question template (seeing the problem named while it is wrong), save it, watch the preview
 * counts, export into a folder, then check the JSONL and its images here, and import it back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src/core/studio';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/api';
import { startHarness, type Harness } from './harness';
import { GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
const temp = mkdtempSync(join(tmpdir(), 'st4vla-grounding-e2e-'));
const out = join(temp, 'exports', 'gr1-grounding');

const stored = {
  point: { x: 40, y: 50 },
  box: { x1: 100, y1: 100, x2: 180, y2: 160 },
  smallBox: { x1: 10, y1: 20, x2: 60, y2: 90 },
  path: [{ x: 30, y: 200, frame: 0 }, { x: 120, y: 220, frame: 5 }, { x: 210, y: 180, frame: 10 }],
};

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-grounding' });
  const pear = (await h.call('labels.create', { name: 'pear', color: '#ff6b6b' })).id;
  const bowl = (await h.call('labels.create', { name: 'bowl', color: '#4d96ff' })).id;
  episodeId = (await h.call('episodes.list', {})).rows[0]!.id;
  await h.call('annotations.apply', {
    episodeId, frame: 0, camera: 'ego_view', command: { name: 'createAnnotation', undoable: true },
    changes: [
      { op: 'create', camera: 'ego_view', kind: 'point', frame: 4, geometry: stored.point, labelId: pear },
      { op: 'create', camera: 'ego_view', kind: 'box', frame: 4, geometry: stored.box, labelId: bowl },
      { op: 'create', camera: 'ego_view', kind: 'box', frame: 8, geometry: stored.smallBox, labelId: pear },
      { op: 'create', camera: 'ego_view', kind: 'trajectory', frame: 0, geometry: { of: 'gripper', points: stored.path } },
    ],
  });
});
afterAll(async () => {
  await h?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function count(page: Page, kind: string): Promise<number> {
  return Number(await page.getAttribute(`.grounding [data-testid=grounding-counts] [data-kind=${kind}]`, 'data-count'));
}

/** The coordinates JSON of an answer, wherever its answer form puts it. */
function answerJson(text: string): unknown {
  return JSON.parse(text.slice(text.search(/[[{]/), Math.max(text.lastIndexOf(']'), text.lastIndexOf('}')) + 1));
}

describe('the grounding page', () => {
  it('edits and saves a template, with the preview following and the counts per kind', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    await page.click('[data-testid=open-grounding]');
    await page.waitForSelector('.grounding .qa-editor');
    await page.waitForFunction(() => document.querySelector('[data-testid=grounding-counts] [data-kind=box]')?.getAttribute('data-count') === '2');
    expect(await count(page, 'point')).toBe(1);
    expect(await count(page, 'trajectory')).toBe(1);
    expect(await page.textContent('[data-testid=templates-status]')).toBe("The studio's defaults");

    await page.click('.qa-editor__kind:has-text("Points")');
    const question = page.getByLabel('Points question 1', { exact: true });
    await question.fill('Where is the {lable} on the table?');
    await page.waitForSelector('.qa-line.has-issue .qa-line__issue');
    expect(await page.textContent('.qa-line.has-issue .qa-line__issue')).toMatch(/unknown placeholder \{lable\}; point questions may use \{instruction\}, \{label\}/);
    expect(await page.isDisabled('button:has-text("Save templates")')).toBe(true);

    await question.fill('Where is the {label} on the table?');
    for (let i = 2; i <= 4; i++) await page.click('button[aria-label="Remove question 2"]');
    await page.getByLabel('Points answer 1', { exact: true }).fill('```json\n{answer}\n```');
    expect(await page.$('.qa-line.has-issue')).toBeNull();
    // The preview shows the unsaved edit before it is saved.
    await page.waitForFunction(() => [...document.querySelectorAll('.qa-record__q')].some((q) => q.textContent === 'Where is the pear on the table?'));
    expect(await page.textContent('[data-testid=templates-status]')).toBe('Unsaved edits');
    await screenshot(page, 'grounding-templates');

    await page.click('button:has-text("Save templates")');
    await page.waitForFunction(() => document.querySelector('[data-testid=templates-status]')?.textContent === 'Saved in this project');
    const saved = await h.call('grounding.templates.get', {});
    expect(saved.custom).toBe(true);
    expect(saved.templates.point).toEqual({ questions: ['Where is the {label} on the table?'], answers: ['```json\n{answer}\n```'] });
  });

  it('exports to a folder with a summary of the files written', async () => {
    const { page } = h;
    await page.click('.grounding__tab:has-text("Export")');
    await page.getByLabel('Export folder', { exact: true }).fill(out);
    expect(await page.inputValue('input[aria-label="Image size"]')).toBe('224');
    expect(await page.isChecked('.qa-export label:has-text("COCO") input')).toBe(true);
    await page.click('.dialog__footer button:has-text("Export")');
    await page.waitForSelector('[data-testid=grounding-export-result]', { timeout: 60_000 });
    const summary = await page.textContent('[data-testid=grounding-export-result]');
    expect(summary).toContain(out);
    expect(summary).toMatch(/4 \(2 box, 1 point, 1 trajectory\)/);
    expect(summary).toContain('grounding.jsonl, manifest.json, coco.json');
    await screenshot(page, 'grounding-export');

    // Exporting into the same folder again is refused without the overwrite box, and the error says so.
    await page.click('.dialog__footer button:has-text("Export")');
    await page.waitForSelector('.qa-export .notice--danger');
    expect(await page.textContent('.qa-export .notice--danger')).toMatch(/is not empty/);
  });

  it('wrote JSONL that InternVLA-M1 reads: one <image> per image, 224x224 frames, integer pixels', () => {
    const lines = readFileSync(join(out, 'grounding.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const kinds: string[] = [];
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(Object.keys(record)).toEqual(['id', 'images', 'conversations']);
      expect(record.images).toHaveLength(1);
      const [human, gpt] = record.conversations;
      expect([human.from, gpt.from]).toEqual(['human', 'gpt']);
      expect(human.value.match(/<image>/g)).toHaveLength(record.images.length);
      expect(gpt.value).not.toContain('<image>');
      const png = PNG.sync.read(readFileSync(join(out, record.images[0])));
      expect([png.width, png.height]).toEqual([224, 224]);
      const answer = answerJson(gpt.value) as unknown;
      const numbers = JSON.stringify(answer).match(/-?\d+(\.\d+)?/g)!.map(Number);
      for (const n of numbers) expect(Number.isInteger(n) && n >= 0 && n <= 224).toBe(true);
      if (Array.isArray(answer) && 'bbox_2d' in answer[0]) kinds.push('box');
      else if (Array.isArray(answer)) kinds.push('point');
      else kinds.push('trajectory');
      if (record.id.startsWith('pt-')) {
        expect(human.value).toBe('<image>\nWhere is the pear on the table?');
        expect(gpt.value).toMatch(/^```json\n\[\{"point_2d": \[35, 44\], "label": "pear"\}\]\n```$/);
      }
    }
    expect(kinds.sort()).toEqual(['box', 'box', 'point', 'trajectory']);
  });

  it('imports the JSONL back: into a copy within rounding, and into its own project as skipped', async () => {
    const copy = await createStudio({ shell: 'web', dataDir: join(temp, 'copy-data'), projectDir: join(temp, 'copy') });
    try {
      const call = async <M extends MethodName>(method: M, input: MethodInput<M>) => {
        const outcome = await copy.dispatch(method, input);
        if (!outcome.ok) throw new Error(outcome.error.message);
        return outcome.result as MethodOutput<M>;
      };
      await call('datasets.import', { path: GR1_FIXTURE, jobId: 'copy' });
      const result = await call('grounding.import', { path: join(out, 'grounding.jsonl'), createLabels: true });
      expect(result).toMatchObject({ annotations: 4, counts: { box: 2, point: 1, trajectory: 1 }, skipped: [] });
      const target = (await call('episodes.list', {})).rows[0]!.id;
      const imported = await call('annotations.list', { episodeId: target });
      const original = await h.call('annotations.list', { episodeId });
      // One written pixel is 256/224 camera pixels; rounding moves a coordinate by at most half of it.
      const tolerance = 0.5 * (256 / 224) + 1e-9;
      for (const a of original) {
        const twin = imported.find((b) => b.kind === a.kind && b.frameStart === a.frameStart)!;
        const numbers = (g: unknown) => JSON.stringify(g).match(/-?\d+(\.\d+)?/g)!.map(Number);
        const [mine, theirs] = [numbers(a.geometry), numbers(twin.geometry)];
        expect(theirs).toHaveLength(mine.length);
        theirs.forEach((v, i) => expect(Math.abs(v - mine[i]!)).toBeLessThanOrEqual(tolerance));
      }
    } finally {
      await copy.close();
    }

    const { page } = h;
    await page.click('.grounding__tab:has-text("Import JSONL")');
    await page.getByLabel('Grounding JSONL', { exact: true }).fill(out);
    await page.click('.dialog__footer button:has-text("Import")');
    await page.waitForSelector('[data-testid=grounding-import-result]');
    const text = await page.textContent('[data-testid=grounding-import-result]');
    expect(text).toMatch(/0 annotations/);
    expect(text).toMatch(/4 skipped/);
    expect(text).toMatch(/already in the project/);
    expect((await h.call('annotations.list', { episodeId })).length).toBe(4);
    expect(h.pageErrors).toEqual([]);
  });
});
