import { describe, expect, it } from 'vitest';
import { electronNativeDir, findSqliteBinding, SQLITE_BINDING_ENV } from './nativeBinding';

const versions = { electron: '40.1.0', platform: 'linux', arch: 'x64' };
const cached = '/app/.cache/electron-native/electron-40.1.0-linux-x64/better_sqlite3.node';

describe('findSqliteBinding', () => {
  it('keeps one folder per Electron version, platform and architecture', () => {
    expect(electronNativeDir('/app', versions)).toBe('/app/.cache/electron-native/electron-40.1.0-linux-x64');
  });

  it("prefers the launcher's build, then the cached one, and never falls back to node_modules' Node build", () => {
    const exists = (files: string[]) => (path: string) => files.includes(path);
    expect(findSqliteBinding({ [SQLITE_BINDING_ENV]: '/x.node' }, '/app', versions, exists(['/x.node', cached]))).toBe('/x.node');
    expect(findSqliteBinding({ [SQLITE_BINDING_ENV]: '/gone.node' }, '/app', versions, exists([cached]))).toBe(cached);
    expect(findSqliteBinding({}, '/app', versions, exists([]))).toBeNull();
  });
});
