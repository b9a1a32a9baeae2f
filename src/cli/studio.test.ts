import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, openRealStudio, packageRoot } from './studio';

describe('defaultDataDir', () => {
  it('is the folder Electron uses as userData, unless ST4VLA_DATA_DIR says otherwise', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/st4vla-studio');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/st4vla-studio');
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/st4vla-studio');
    expect(defaultDataDir({ ST4VLA_DATA_DIR: '/d' }, 'linux', '/home/u')).toBe('/d');
  });
});

describe('packageRoot', () => {
  it('finds the checkout from the sources', () => {
    expect(packageRoot()).toBe(join(import.meta.dirname, '..', '..'));
  });
});

describe('openRealStudio', () => {
  it('refuses a folder without a project unless asked to create one, before starting the backend', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'st4vla-no-project-'));
    try {
      await expect(openRealStudio({ dataDir: join(dir, 'data'), projectDir: dir })).rejects.toMatchObject({ code: 'not_found' });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
