import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../index';
import { captureOutput } from './cliTestIo';

const root = mkdtempSync(join(tmpdir(), 'st4vla-cli-generate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const output = captureOutput();

describe('st4vla generate', () => {
  it('prints help for the command and the command table', async () => {
    expect(await main(['generate', '--help'])).toBe(0);
    expect(output.stdout()).toContain('usage: st4vla generate <definition.json | name> --out DIR');
    expect(output.stdout()).toContain('sample');
    expect(await main(['--help'])).toBe(0);
    expect(output.stdout()).toMatch(/generate +generate a sample dataset/);
  });

  it.each([
    [['generate'], 'expected one definition'],
    [['generate', 'sample'], '--out DIR is required'],
    [['generate', 'sample', '--out'], "Option '--out <value>' argument missing"],
    [['generate', 'sample', '--out', 'x', '--fast'], "Unknown option '--fast'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(output.stderr()).toContain(message);
  });

  it('fails with the reason for an unknown definition or a non-empty output folder', async () => {
    expect(await main(['generate', 'no-such-set', '--out', join(root, 'x')])).toBe(1);
    expect(output.stderr()).toMatch(/st4vla generate: error: cannot read dataset definition "no-such-set"/);
    const busy = join(root, 'busy');
    writeFileSync(join(root, 'tiny.json'), JSON.stringify({ seed: 3, episodes: 2, families: ['pick', 'push'], resolution: { width: 64, height: 48 } }));
    rmSync(busy, { recursive: true, force: true });
    expect(await main(['generate', join(root, 'tiny.json'), '--out', busy, '--quiet'])).toBe(0);
    expect(await main(['generate', join(root, 'tiny.json'), '--out', busy])).toBe(1);
    expect(output.stderr()).toContain(`output directory ${busy} is not empty; pass --force to replace it`);
  });

  it('generates, reports progress on stderr, verifies and prints the path', async () => {
    const out = join(root, 'made');
    expect(await main(['generate', join(root, 'tiny.json'), '--out', out, '--verify'])).toBe(0);
    expect(output.stdout().trim()).toBe(out);
    expect(output.stderr()).toMatch(/^sample: episodes 0\/2 \(0%\) - 0 frames/m);
    expect(output.stderr()).toMatch(/^sample: done 2\/2 \(100%\) - \d+ frames, [\d.]+s$/m);
    expect(output.stderr()).toContain('verified');
    expect(existsSync(join(out, 'meta/info.json'))).toBe(true);
  });
});
