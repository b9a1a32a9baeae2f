import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { TrainingConfig, type TrainingRun, type trainingMethods } from '../../../shared/contract/training';
import type { Run } from '../../db/repositories/training';
import type { Project } from '../../project/project';
import { resolveInProject } from '../../project/project';
import type { Session } from '../../session';
import { checkRunData } from '../../training/runData';
import type { TrainingService } from '../../training/service';
import { readWorkerLog } from '../../training/workerLog';
import type { Handlers } from '../dispatch';

type TrainingMethods = keyof typeof trainingMethods;

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function trainingHandlers(session: Session, training: TrainingService): Pick<Handlers, TrainingMethods> {
  const requireRun = (project: Project, id: number, field = 'id'): Run => {
    const run = project.repos.training.getRun(id);
    if (!run) throw new ApiError('not_found', `${field}: there is no training run ${id}`);
    return run;
  };

  /** Everything that could stop a run before its first step is checked here, before a row or a process exists. */
  const checkStart = async (project: Project, stage: Run['stage'], config: TrainingConfig, datasetIds: number[], initCheckpointId: number | undefined) => {
    datasetIds.forEach((id, i) => {
      if (!project.repos.datasets.get(id)) throw new ApiError('not_found', `datasetIds.${i}: there is no dataset ${id}`);
    });
    config.datasets.forEach((weight, i) => {
      if (!datasetIds.includes(weight.id)) {
        throw new ApiError('bad_request', `config.datasets.${i}.id: dataset ${weight.id} is not one of the run's datasetIds`);
      }
    });
    if (initCheckpointId !== undefined) {
      const checkpoint = project.repos.training.getCheckpoint(initCheckpointId);
      if (!checkpoint) throw new ApiError('not_found', `initCheckpointId: there is no checkpoint ${initCheckpointId}`);
      const from = project.repos.training.getRun(checkpoint.runId);
      const preset = (from?.config as { preset?: unknown } | undefined)?.preset;
      if (preset !== config.preset) {
        throw new ApiError(
          'bad_request',
          `initCheckpointId: checkpoint ${initCheckpointId} is of the architecture "${String(preset)}" (run "${from?.name}"), this run builds "${config.preset}"`,
        );
      }
    }
    if (!existsSync(training.workerEntry)) {
      throw new ApiError('unsupported', `the training worker is not built: ${training.workerEntry} does not exist`);
    }
    await checkRunData(project, { stage, config, datasetIds });
  };

  const launch = async (project: Project, input: { name: string; stage: Run['stage']; config: TrainingConfig; datasetIds: number[]; initCheckpointId?: number | null }) => {
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
    return toContract(repo.getRun(id)!);
  };

  return {
    'training.start': async ({ name, stage, config, datasetIds, initCheckpointId }) => {
      const project = session.requireProject();
      await checkStart(project, stage, config, datasetIds, initCheckpointId);
      return launch(project, { name, stage, config, datasetIds, ...(initCheckpointId ? { initCheckpointId } : {}) });
    },
    'training.list': () => session.requireProject().repos.training.listRuns().map(toContract),
    'training.get': ({ id }) => {
      const project = session.requireProject();
      const repo = project.repos.training;
      const run = requireRun(project, id);
      const latest: Record<string, { step: number; value: number }> = {};
      for (const point of repo.metricsOf(id)) latest[point.name] = { step: point.step, value: point.value };
      return { run: toContract(run), checkpoints: repo.checkpointsOf(id), latest };
    },
    'training.metrics': ({ runId, names, sinceStep }) => {
      const project = session.requireProject();
      requireRun(project, runId, 'runId');
      const repo = project.repos.training;
      return (names ?? repo.metricNames(runId)).map((name) => ({
        name,
        points: repo.series(runId, name, sinceStep ?? -1).map(({ step, value, wallTime }) => ({ step, value, wallTime })),
      }));
    },
    'training.log': ({ runId, tail }) => {
      const project = session.requireProject();
      const run = requireRun(project, runId, 'runId');
      return { lines: readWorkerLog(resolveInProject(project, run.runDir), tail) };
    },
    'training.cancel': ({ id }) => {
      const project = session.requireProject();
      requireRun(project, id);
      return { cancelled: training.isRunning(project, id) && training.supervisorFor(project).cancel(id) };
    },
    'training.kill': ({ id }) => {
      const project = session.requireProject();
      requireRun(project, id);
      return { killed: training.isRunning(project, id) && training.supervisorFor(project).kill(id) };
    },
    'training.resume': ({ id }) => {
      const project = session.requireProject();
      const run = requireRun(project, id);
      if (training.isRunning(project, id) || !TERMINAL.has(run.status)) throw new ApiError('conflict', `id: run ${id} is ${run.status}`);
      if (run.status === 'succeeded') throw new ApiError('conflict', `id: run ${id} has finished; clone it to train further`);
      const latest = project.repos.training.checkpointsOf(id).at(-1);
      if (!latest) throw new ApiError('bad_request', `id: run ${id} wrote no checkpoint to resume from; clone it to start again`);
      const path = join(project.dir, latest.path);
      if (!existsSync(path)) throw new ApiError('not_found', `id: the latest checkpoint of run ${id} (step ${latest.step}) is missing: ${path}`);
      if (!existsSync(training.workerEntry)) throw new ApiError('unsupported', `the training worker is not built: ${training.workerEntry} does not exist`);
      training.supervisorFor(project).start(id, latest);
      return toContract(project.repos.training.getRun(id)!);
    },
    'training.clone': async ({ id, name }) => {
      const project = session.requireProject();
      const source = requireRun(project, id);
      // Stored by an older version, the configuration may lack fields this one requires.
      const parsed = TrainingConfig.safeParse(source.config);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ApiError('bad_request', `id: run ${id}'s configuration is not valid any more (config.${issue.path.join('.')}: ${issue.message}); start a new run`, parsed.error.issues);
      }
      await checkStart(project, source.stage, parsed.data, source.datasetIds, source.initCheckpointId ?? undefined);
      return launch(project, {
        name: name ?? `${source.name} (copy)`,
        stage: source.stage,
        config: parsed.data,
        datasetIds: source.datasetIds,
        initCheckpointId: source.initCheckpointId,
      });
    },
  };
}

/** A run's own folder under runs/, named for a person browsing the project and unique without the id. */
function newRunDir(project: Project, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  for (let n = 1; ; n++) {
    const dir = join('runs', `${stamp}-${slug}${n > 1 ? `-${n}` : ''}`);
    if (!existsSync(join(project.dir, dir))) return dir;
  }
}

function toContract(run: Run): TrainingRun {
  // A resumed run keeps the finish time of its previous attempt in the row; it is not finished now.
  return { ...run, finishedAt: TERMINAL.has(run.status) ? run.finishedAt : null };
}
