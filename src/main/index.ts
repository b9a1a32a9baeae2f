import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDesktop } from './desktop';
import type { ElectronMain } from './electron-env';

// Electron's module is provided by the running binary; main is typed against electron-env.d.ts.
const electron = createRequire(import.meta.url)('electron') as ElectronMain;
const { app } = electron;

/** `--project DIR` on Electron's command line opens that project at start. */
function projectArg(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--project');
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith('--project='))?.slice('--project='.length);
}

const projectDir = projectArg(process.argv);
void startDesktop(electron, {
  mainDir: dirname(fileURLToPath(import.meta.url)),
  appRoot: app.getAppPath(),
  versions: { electron: process.versions.electron ?? 'unknown', platform: process.platform, arch: process.arch },
  env: process.env,
  // The same folder as the web shell's default (Electron's userData for our package name).
  dataDir: process.env.ST4VLA_DATA_DIR ?? join(app.getPath('appData'), 'st4vla-studio'),
  async loadStudio(dataDir) {
    // Loaded only after the SQLite binding is chosen, since opening the database needs it.
    const { createStudio } = await import('../core/studio');
    return createStudio({ shell: 'electron', dataDir, projectDir });
  },
});
