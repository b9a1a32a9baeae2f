/**
 * Recording a run and starting its worker, shared by training.start, training.clone and a chain's stage 2
 * (which the studio starts by itself when stage 1 succeeds, also after a restart).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingConfig } from '../../shared/contract/training';
import type { NextStage, Run } from '../db/repositories/training';
import type { Project } from '../project/project';
import { resolveInProject } from '../project/project';
import type { RunDataInput } from './runData';
import type { Emitter, TrainingSupervisor } from './supervisor';

/** What of the TrainingService a launch uses (named here so the service can import this file). */
export interface RunStarter {
  prepare(project: Project, runId: number, input: RunDataInput, runDir: string): Promise<void>;
  supervisorFor(project: Project): TrainingSupervisor;
}

export interface LaunchInput {
  name: string;
  stage: Run['stage'];
  config: TrainingConfig;
  datasetIds: number[];
  initCheckpointId?: number | null;
  nextStage?: NextStage | null;
}

/** Records the run, prepares its folder and starts its worker; on any failure neither row nor folder is left. */
export async function launchRun(project: Project, training: RunStarter, input: LaunchInput): Promise<Run> {
  const repo = project.repos.training;
  const runDir = newRunDir(project, input.name);
  const id = repo.createRun({ ...input, runDir });
  try {
    // The data is ready before the process starts: the worker only reads the run folder.
    await training.prepare(project, id, input, resolveInProject(project, runDir));
    training.supervisorFor(project).start(id);
  } catch (error) {
    // No process, no run: a row left 'queued' would wait for nothing, a half-written folder for no one.
    repo.deleteRun(id);
    rmSync(resolveInProject(project, runDir), { recursive: true, force: true });
    throw error;
  }
  return repo.getRun(id)!;
}

/**
 * Starts the stage 2 of a chain whose stage-1 run succeeded, from that run's last checkpoint. The row is
 * created in the same transaction that takes the pending stage off stage 1, so it starts once; a stage 2
 * that cannot start stays as a failed run saying why (no one asked for it, so no one would see a throw).
 * Returns its id, or null when there is nothing to start.
 */
export async function startNextStage(project: Project, training: RunStarter, bus: Emitter, parentId: number): Promise<number | null> {
  const repo = project.repos.training;
  const parent = repo.getRun(parentId);
  if (!parent || parent.status !== 'succeeded' || !parent.nextStage) return null;
  const next = parent.nextStage;
  const last = repo.checkpointsOf(parentId).at(-1);
  const runDir = newRunDir(project, next.name);
  const id = repo.startNextStage(parentId, {
    name: next.name,
    stage: 'action',
    config: next.config,
    datasetIds: next.datasetIds,
    initCheckpointId: last?.id ?? null,
    parentRunId: parentId,
    runDir,
  });
  if (id === null) return null;
  const changed = () => {
    const run = repo.getRun(id);
    if (run) bus.emit('training.changed', { runId: id, status: run.status, reason: 'status', error: run.error });
  };
  changed();
  try {
    if (!last) throw new Error(`stage 1 (run ${parentId}) wrote no checkpoint to start from`);
    const config = next.config as TrainingConfig;
    await training.prepare(project, id, { stage: 'action', config, datasetIds: next.datasetIds }, resolveInProject(project, runDir));
    training.supervisorFor(project).start(id);
  } catch (error) {
    repo.setStatus(id, 'failed', { error: `stage 2 could not start: ${error instanceof Error ? error.message : String(error)}` });
    changed();
  }
  return id;
}

/** A run's own folder under runs/, named for a person browsing the project and unique without the id. */
export function newRunDir(project: Project, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  for (let n = 1; ; n++) {
    const dir = join('runs', `${stamp}-${slug}${n > 1 ? `-${n}` : ''}`);
    if (!existsSync(join(project.dir, dir))) return dir;
  }
}
