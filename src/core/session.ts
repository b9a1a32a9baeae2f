import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../shared/contract/errors';
import type { ProjectInfo } from '../shared/contract/domain';
import { NewerSchemaError } from './db/errors';
import {
  closeProject, createProject, NotAProjectError, openProject, PROJECT_FILE, ProjectFolderMissingError, type Project,
} from './project/project';

/** The backend's mutable state: which project is open. One per Studio. */
export class Session {
  private current: Project | null = null;
  preparingSample = false;

  get project(): Project | null {
    return this.current;
  }

  /** The open project, or a `no_project` error a client can act on. */
  requireProject(): Project {
    if (!this.current) throw new ApiError('no_project', 'no project is open');
    return this.current;
  }

  open(dir: string, create: boolean): Project {
    let next: Project;
    try {
      next = create && !existsSync(join(dir, PROJECT_FILE)) ? createProject(dir, { name: lastSegment(dir) }) : openProject(dir);
    } catch (error) {
      throw asApiError(error);
    }
    this.close();
    this.current = next;
    return next;
  }

  close(): void {
    if (this.current) closeProject(this.current);
    this.current = null;
  }

  info(): ProjectInfo | null {
    const p = this.current;
    if (!p) return null;
    const counts = p.repos.datasets.counts();
    return { dir: p.dir, name: p.name, schemaVersion: p.schemaVersion, datasetCount: counts.datasets, episodeCount: counts.episodes };
  }
}

function lastSegment(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'project';
}

function asApiError(error: unknown): unknown {
  if (error instanceof ProjectFolderMissingError) return new ApiError('not_found', error.message);
  if (error instanceof NotAProjectError) return new ApiError('bad_request', error.message);
  if (error instanceof NewerSchemaError) return new ApiError('unsupported', error.message);
  return error;
}
