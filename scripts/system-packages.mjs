// The tests need programs that npm cannot install (ffmpeg, Chromium). Install them with apt when we are
// root on Debian; otherwise stop at once with the exact command to run.
import { spawnSync } from 'node:child_process';

const APT_PACKAGE = { ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg', chromium: 'chromium' };

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

export function ensureSystemPackages(programs) {
  const missing = programs.filter((p) => !onPath(p));
  if (missing.length === 0) return true;
  const packages = [...new Set(missing.map((p) => APT_PACKAGE[p] ?? p))];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    process.stderr.write(`Installing ${packages.join(', ')} (needed by the tests): ${command}\n`);
    const ok = spawnSync('sh', ['-c', command], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
    if (ok && missing.every(onPath)) return true;
  }
  process.stderr.write(`The tests need ${missing.join(', ')}. Install with:\n  sudo ${command}\n`);
  return false;
}
