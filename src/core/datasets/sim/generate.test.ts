import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLeRobotDataset } from '../lerobot';
import { generateDataset } from './generate';
import { parseDefinition } from './definition';
import { verifySimDataset } from './verify';

const root = mkdtempSync(join(tmpdir(), 'st4vla-simgen-real-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generateDataset with the real sim', () => {
  it('writes a small dataset whose tables, videos and ground truth agree', async () => {
    const definition = parseDefinition(
      { seed: 11, episodes: 4, families: ['pick', 'place', 'near', 'push'], resolution: { width: 128, height: 128 } },
      'small.json',
    );
    const out = join(root, 'small');
    const result = await generateDataset(definition, out);
    expect(result.episodes).toBe(4);
    expect(await verifySimDataset(out)).toEqual([]);
    const sim = readFileSync(join(out, 'meta/sim_episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(sim.map((s) => s.family)).toEqual(['pick', 'place', 'near', 'push']);
    for (const s of sim) expect(s.objects.length).toBeGreaterThan(1);

    // The studio's own LeRobot importer reads it without a single warning.
    const plan = await readLeRobotDataset(out);
    expect(plan.warnings).toEqual([]);
    expect(plan).toMatchObject({ version: 'v2.1', fps: 10, totalFrames: result.frames });
    expect(plan.cameras.map((c) => [c.name, c.width, c.height, c.codec])).toEqual([['front', 128, 128, 'h264'], ['side', 128, 128, 'h264']]);
    expect(plan.episodes.map((e) => e.length)).toEqual(sim.map((s) => s.length));
  });

  it('names a bad definition file before doing any work', async () => {
    const file = join(root, 'bad.json');
    writeFileSync(file, JSON.stringify({ seed: 1, episodes: 2, families: ['pick', 'stack'], resolution: { width: 64, height: 64 } }));
    await expect(generateDataset(file, join(root, 'never'))).rejects.toThrow(/bad\.json: unknown task family "stack"/);
  });
});
