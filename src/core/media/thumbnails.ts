import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { locateMediaTools, runTool } from './ffmpeg';

/**
 * A small JPEG of an episode's first frame for the episode list, made once with ffmpeg and kept in the
 * project's media folder. Concurrent requests for the same episode share one ffmpeg run.
 */
export class ThumbnailCache {
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(private readonly dir: string) {}

  get(key: string, video: string, fromTimestamp: number): Promise<string | null> {
    const file = join(this.dir, `${key}.jpg`);
    if (existsSync(file)) return Promise.resolve(file);
    let job = this.pending.get(key);
    if (!job) {
      job = this.make(file, video, fromTimestamp).finally(() => this.pending.delete(key));
      this.pending.set(key, job);
    }
    return job;
  }

  private async make(file: string, video: string, fromTimestamp: number): Promise<string | null> {
    await mkdir(this.dir, { recursive: true });
    const partial = `${file}.${process.pid}.part.jpg`;
    const tools = locateMediaTools();
    try {
      await runTool(tools.ffmpeg, [
        '-v', 'error', '-y', '-ss', String(fromTimestamp), '-i', video,
        '-frames:v', '1', '-vf', 'scale=160:-2', '-q:v', '4', partial,
      ]);
    } catch {
      // A video ffmpeg cannot read has no thumbnail; the list shows a placeholder instead.
      return null;
    }
    if (!existsSync(partial)) return null;
    await rename(partial, file);
    return file;
  }
}
