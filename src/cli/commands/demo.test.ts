import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_SAMPLE } from '../../core/training/data/testing';
import { main } from '../index';
import { captureOutput } from './cliTestIo';
import { successTable } from './demo';

const root = mkdtempSync(join(tmpdir(), 'st4vla-cli-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const output = captureOutput();

describe('st4vla demo', () => {
  it('prints help and refuses a non-empty folder or in_distribution as the held-out variant', async () => {
    expect(await main(['demo', '--help'])).toBe(0);
    expect(output.stdout()).toContain('usage: st4vla demo [DIR] [options]');
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'x'), '');
    expect(await main(['demo', full])).toBe(2);
    expect(output.stderr()).toContain(`${full} is not empty; choose a new folder`);
    expect(await main(['demo', join(root, 'x'), '--variant', 'in_distribution'])).toBe(2);
    expect(await main(['demo', join(root, 'x'), '--episodes', '0'])).toBe(2);
    expect(await main(['demo', join(root, 'x'), '--scenes', '-5'])).toBe(2);
  });

  it('builds a (tiny) sample, trains stage 1 and 2, evaluates in the env beside random and prints the table', async () => {
    const dir = join(root, 'demo');
    const argv = ['demo', dir, '--definition', TINY_SAMPLE, '--steps1', '4', '--steps2', '4', '--batch', '4', '--episodes', '2', '--scenes', '120', '--data-dir', join(root, 'data')];
    expect(await main(argv), output.stderr()).toBe(0);
    // The runs' grounding data carries the rendered scenes the demo asked for.
    const runs = readdirSync(join(dir, 'runs'));
    const manifests = runs.map((r) => JSON.parse(readFileSync(join(dir, 'runs', r, 'manifest.json'), 'utf8')));
    expect(manifests.map((m) => m.scenes?.count)).toEqual(runs.map(() => 120));
    const out = output.stdout();
    expect(out).toContain('ST4VLA demo: st4vla, quick preset, 4 + 4 steps of 4; 2 episodes per variant');
    expect(out).toMatch(/variant +policy +95% CI +random +95% CI\nin_distribution +\d\/2 \d+% +\d+%-\d+% +\d\/2 \d+% +\d+%-\d+%\nunseen_positions +\d\/2/);
    expect(out).toMatch(/time: sample \d+s, stage 1 \d+s, stage 2 \d+s, evaluate \d+s; total \d+s on @tensorflow\/tfjs-/);
    expect(output.stderr()).toMatch(/evaluate: episodes 8\/8/);
  }, 300_000);

  it('aligns the table', () => {
    const row = (variant: string, successes: number) => ({ variant, successes, n: 20, rate: successes / 20, ci: [0.1, 0.5] as [number, number] });
    expect(successTable([row('in_distribution', 12), row('unseen_positions', 3)], [row('in_distribution', 0), row('unseen_positions', 0)])).toBe(
      [
        'variant           policy     95% CI   random   95% CI',
        'in_distribution   12/20 60%  10%-50%  0/20 0%  10%-50%',
        'unseen_positions  3/20 15%   10%-50%  0/20 0%  10%-50%',
      ].join('\n'),
    );
  });
});
