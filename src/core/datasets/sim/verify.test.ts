import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from './definition';
import { groundTruthPath } from './layout';
import { syntheticBackend } from './syntheticBackend';
import { verifySimDataset } from './verify';
import { writeSimDataset } from './writer';

const root = mkdtempSync(join(tmpdir(), 'st4vla-verify-'));
const out = join(root, 'ds');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  const definition = parseDefinition({ seed: 5, episodes: 3, families: ['pick', 'push'], resolution: { width: 64, height: 48 } });
  await writeSimDataset(definition, out, { backend: syntheticBackend });
});

describe('verifySimDataset', () => {
  it('finds nothing wrong with a fresh dataset', async () => {
    expect(await verifySimDataset(out)).toEqual([]);
  });

  it('reports a length that disagrees with the rows and the videos', async () => {
    const file = join(out, 'meta/episodes.jsonl');
    const original = readFileSync(file, 'utf8');
    const lines = original.trim().split('\n').map((l) => JSON.parse(l));
    lines[1].length += 1;
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    try {
      const problems = await verifySimDataset(out);
      expect(problems).toContain(`episode 1: ${lines[1].length - 1} data rows, episodes.jsonl says ${lines[1].length}`);
      expect(problems.some((p) => /^episode 1: front video has \d+ frames for \d+ rows$/.test(p))).toBe(true);
      expect(problems.some((p) => p.startsWith('info.json total_frames'))).toBe(true);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('reports ground truth that does not match the state', async () => {
    const target = join(out, groundTruthPath(0));
    const original = readFileSync(target);
    copyFileSync(join(out, groundTruthPath(2)), target);
    try {
      const problems = await verifySimDataset(out, { videos: false });
      expect(problems.some((p) => /^episode 0 frame \d+: front\.gripper is more than 0\.01 px/.test(p))).toBe(true);
    } finally {
      writeFileSync(target, original);
    }
  });
});
