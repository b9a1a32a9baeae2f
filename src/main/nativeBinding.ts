import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 is a native module built for one ABI. node_modules keeps the Node build (tests, the
 * CLI); Electron loads its own build from a separate folder through better-sqlite3's `nativeBinding`
 * option, whose path travels in this variable from the launcher to core's database opener.
 */
export const SQLITE_BINDING_ENV = 'ST4VLA_SQLITE_BINDING';

export interface RuntimeVersions {
  electron: string;
  platform: string;
  arch: string;
}

/** Where `npm start` puts the Electron build; scripts/start.mjs uses the same layout. */
export function electronNativeDir(appRoot: string, v: RuntimeVersions): string {
  return join(appRoot, '.cache', 'electron-native', `electron-${v.electron}-${v.platform}-${v.arch}`);
}

/** The Electron build of better-sqlite3: the launcher's choice if it exists, else the cached one, else null. */
export function findSqliteBinding(
  env: Record<string, string | undefined>,
  appRoot: string,
  versions: RuntimeVersions,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const given = env[SQLITE_BINDING_ENV];
  if (given && exists(given)) return given;
  const cached = join(electronNativeDir(appRoot, versions), 'better_sqlite3.node');
  return exists(cached) ? cached : null;
}
