import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Studio } from '../core/api/studio';
import { PROJECT_FILE } from '../core/project/project';
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract/api';
import { ApiError } from '../shared/contract/errors';

export interface OpenStudioOptions {
  dataDir: string;
  /** The project to open at start. Without one the backend opens (and on first run builds) the sample. */
  projectDir?: string;
  /** Create the project when projectDir holds none; otherwise that is a not_found error. */
  create?: boolean;
}

/** Creates the backend a command drives; a parameter of each command so that tests pass a fake. */
export type OpenStudio = (options: OpenStudioOptions) => Promise<Studio>;

/**
 * The real backend, loaded only when a command needs it (help and usage errors stay instant).
 * createStudio creates a missing projectDir, so a command that must not create checks first.
 */
export const openRealStudio: OpenStudio = async ({ dataDir, projectDir, create }) => {
  if (projectDir !== undefined && !create && !existsSync(join(projectDir, PROJECT_FILE))) {
    throw new ApiError('not_found', `no st4vla project in ${projectDir}`);
  }
  const { createStudio } = await import('../core/studio');
  return createStudio({ shell: 'web', dataDir, projectDir });
};

/**
 * ST4VLA_DATA_DIR, else the platform's folder for application data: ~/.local/share/st4vla-studio (or
 * under XDG_DATA_HOME) on Linux, where web mode is what most lab servers run; the desktop app keeps
 * Electron's userData.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, home = homedir()): string {
  if (env.ST4VLA_DATA_DIR) return env.ST4VLA_DATA_DIR;
  const appData =
    platform === 'win32' ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
    : platform === 'darwin' ? join(home, 'Library', 'Application Support')
    : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(appData, 'st4vla-studio');
}

/** One contract call from a command: the result, or the backend's ApiError thrown for reportFailure. */
export async function callStudio<M extends MethodName>(studio: Studio, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const outcome = await studio.dispatch(method, input);
  if (!outcome.ok) throw ApiError.from(outcome.error);
  return outcome.result as MethodOutput<M>;
}

/** The checkout or installed package this code runs from (src/cli or out/cli, at any depth). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'st4vla-studio') return dir;
  }
  throw new Error(`cannot find the st4vla-studio package above ${from}`);
}
