// The Electron build of better-sqlite3, kept apart from node_modules so that the Node build there keeps
// serving the tests and the CLI: `npm start` and `npm test` work in one checkout, in either order.
// Layout shared with src/main/nativeBinding.ts: .cache/electron-native/electron-<v>-<platform>-<arch>/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

export function electronNativeDir(electronVersion) {
  return join(root, '.cache', 'electron-native', `electron-${electronVersion}-${process.platform}-${process.arch}`);
}

/**
 * Returns the path of better_sqlite3.node built for this Electron, making it on first use: first a
 * prebuilt binary for Electron's ABI (prebuild-install, no compiler needed), else a compile with
 * @electron/rebuild fetched by npx. Both download, which works wherever Electron itself could.
 */
export function ensureElectronSqlite(electronVersion) {
  const dir = electronNativeDir(electronVersion);
  const target = join(dir, 'better_sqlite3.node');
  if (existsSync(target)) return target;
  process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion} (first start only)...\n`);
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8'));
  const work = join(dir, 'work');
  const copy = join(work, 'node_modules', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  // The package without its Node build: whatever lands in build/ afterwards is Electron's.
  cpSync(sqliteDir, copy, { recursive: true, filter: (src) => src !== join(sqliteDir, 'build') });
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': version } }));
  const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
  const run = (command, args, cwd) => spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' }).status === 0;

  let prebuildInstall;
  try {
    prebuildInstall = createRequire(join(sqliteDir, 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    prebuildInstall = undefined;
  }
  const runtime = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform];
  if (!(prebuildInstall && run(process.execPath, [prebuildInstall, ...runtime], copy) && existsSync(built))) {
    const args = ['--yes', '@electron/rebuild', '--version', electronVersion, '--module-dir', work, '--only', 'better-sqlite3', '--force'];
    if (!run('npx', args, work) || !existsSync(built)) {
      throw new Error(
        `could not build better-sqlite3 for Electron ${electronVersion}; run \`npx ${args.join(' ')}\` to see why ` +
          '(building from source needs Python and a C++ compiler)',
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  copyFileSync(built, target);
  rmSync(work, { recursive: true, force: true });
  return target;
}
