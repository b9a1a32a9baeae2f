/** Helpers for the annotation tests: a real project with one seeded episode, served by a real Studio. */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { EventName } from '../../shared/contract/api';
import type { ApiErrorShape } from '../../shared/contract/errors';
import { tempDir, seedDataset, seedEpisode } from '../db/testing';
import { closeProject, createProject } from '../project/project';
import { createStudio } from '../studio';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const open: Studio[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

/** A project folder holding one episode of 10 frames with cameras front and wrist (64 x 48). */
export function seededProject(): { dir: string; episodeId: number } {
  const dir = join(tempDir(), 'project');
  const project = createProject(dir, { name: 'annotations' });
  const { episodeId } = seedEpisode(project.repos, seedDataset(project.repos), 0, { cameras: ['front', 'wrist'] });
  closeProject(project);
  return { dir, episodeId };
}

export interface TestStudio {
  studio: Studio;
  events: { event: EventName; payload: any }[];
  /** The result of a call that must succeed. */
  call(method: string, params: unknown): Promise<any>;
  /** The error of a call that must fail. */
  fail(method: string, params: unknown): Promise<ApiErrorShape>;
  /** Closes this studio (as quitting the app would). */
  close(): Promise<void>;
}

export async function openStudio(dir: string): Promise<TestStudio> {
  const studio = await createStudio({ shell: 'web', dataDir: dir, projectDir: dir });
  open.push(studio);
  const events: TestStudio['events'] = [];
  studio.subscribe((event, payload) => events.push({ event, payload }));
  return {
    studio,
    events,
    async call(method, params) {
      const outcome = await studio.dispatch(method, params);
      if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
      return outcome.result;
    },
    async fail(method, params) {
      const outcome = await studio.dispatch(method, params);
      if (outcome.ok) throw new Error(`${method} should have failed`);
      return outcome.error;
    },
    async close() {
      open.splice(open.indexOf(studio), 1);
      await studio.close();
    },
  };
}

/** A one-change apply, as the UI sends it on pointer-up. */
export function edit(episodeId: number, change: object, extra: object = {}) {
  return { episodeId, command: { name: 'annotation.edit' }, changes: [change], frame: 0, camera: 'front', ...extra };
}

export const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });
