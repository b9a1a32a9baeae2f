import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDir } from './listDir';

const root = mkdtempSync(join(tmpdir(), 'st4vla-listdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listDir', () => {
  it('lists folders first, then files, and hides dot entries', async () => {
    mkdirSync(join(root, 'b-dataset'));
    mkdirSync(join(root, 'a-dataset'));
    writeFileSync(join(root, 'notes.txt'), 'x');
    writeFileSync(join(root, '.hidden'), 'x');
    const listing = await listDir(root);
    expect(listing.entries.map((e) => [e.name, e.isDir])).toEqual([
      ['a-dataset', true],
      ['b-dataset', true],
      ['notes.txt', false],
    ]);
    expect(listing.parent).toBe(dirname(root));
  });

  it('names a missing folder in a not_found error', async () => {
    await expect(listDir(join(root, 'nope'))).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('nope') });
  });

  it('refuses a file as a folder', async () => {
    await expect(listDir(join(root, 'notes.txt'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('has no parent at the file-system root', async () => {
    expect((await listDir('/')).parent).toBeNull();
  });
});
