import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { hasEnded, TrainingConfig, type TrainingRun, type trainingMethods } from '../../../shared/contract/training';
import type { NextStage, Run } from '../../db/repositories/training';
import { resolveInProject, type Project } from '../../project/project';
import type { Session } from '../../session';
import { POLICY_RECIPES, stage1StepsOf } from '../../../shared/training/recipes';
import { launchRun, type LaunchInput } from '../../training/launch';
import { checkRunData } from '../../training/runData';
import type { TrainingService } from '../../training/service';
import { readWorkerLog } from '../../training/workerLog';
import type { Handlers } from '../dispatch';

type TrainingMethods = keyof typeof trainingMethods;


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
      checkSameCameras(initCheckpointId, from?.name, from?.config, config);
    }
    if (!existsSync(training.workerEntry)) {
      throw new ApiError('unsupported', `the training worker is not built: ${training.workerEntry} does not exist`);
    }
    await checkRunData(project, { stage, config, datasetIds });
  };

  const launch = async (project: Project, input: LaunchInput) => toContract(await launchRun(project, training, input));

  /** Recipe st4vla's stage 2 from scratch: a stage-1 run now, its stage 2 for the remaining steps when it succeeds. */
  const startChain = async (project: Project, input: { name: string; config: TrainingConfig; datasetIds: number[]; stage1Steps: number | undefined }) => {
    const h = input.config.hyperparameters;
    if (h.steps < 2) throw new ApiError('bad_request', `config.hyperparameters.steps: recipe ${input.config.recipe} trains stage 1 then stage 2, so it needs at least 2 steps, got ${h.steps}`);
    const steps1 = stage1StepsOf(h.steps, input.stage1Steps);
    if (steps1 >= h.steps) throw new ApiError('bad_request', `stage1Steps: ${steps1} of ${h.steps} steps leaves none for stage 2`);
    const stage1 = { ...input.config, hyperparameters: { ...h, steps: steps1 } };
    const stage2 = { ...input.config, hyperparameters: { ...h, steps: h.steps - steps1 } };
    // Stage 2's data is checked now too: a chain that cannot finish does not start.
    await checkStart(project, 'grounding', stage1, input.datasetIds, undefined);
    await checkRunData(project, { stage: 'action', config: stage2, datasetIds: input.datasetIds });
    return launch(project, {
      name: `${input.name} · stage 1`,
      stage: 'grounding',
      config: stage1,
      datasetIds: input.datasetIds,
      nextStage: { name: `${input.name} · stage 2`, config: stage2, datasetIds: input.datasetIds },
    });
  };

  return {
    'training.start': async ({ name, stage, config, datasetIds, initCheckpointId, stage1Steps }) => {
      const project = session.requireProject();
      const chained = stage === 'action' && initCheckpointId === undefined && POLICY_RECIPES[config.recipe]?.chained === true;
      if (chained) return startChain(project, { name, config, datasetIds, stage1Steps });
      if (stage1Steps !== undefined) {
        throw new ApiError('bad_request', `stage1Steps: only recipe st4vla at stage "action" without initCheckpointId runs a stage 1 first; this run is recipe ${config.recipe} at stage "${stage}"${initCheckpointId !== undefined ? ' from a checkpoint' : ''}`);
      }
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
      if (training.isRunning(project, id) || !hasEnded(run.status)) throw new ApiError('conflict', `id: run ${id} is ${run.status}`);
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
        // A chain's stage 1 cloned is a new chain: its stage 2 (pending, or the one it started) follows it.
        nextStage: source.nextStage ?? startedStage(project, source.id),
      });
    },
  };
}

/** The policy's image input is one view per camera: a checkpoint only continues with the cameras it learnt. */
function checkSameCameras(checkpointId: number, runName: string | undefined, fromConfig: unknown, config: TrainingConfig): void {
  const data = (fromConfig as { data?: { camera?: unknown; secondCamera?: unknown } } | undefined)?.data;
  if (!data || !config.data) return;
  const names = (d: { camera?: unknown; secondCamera?: unknown }) => [d.camera, d.secondCamera].filter((c) => typeof c === 'string' && c).map((c) => `"${String(c)}"`);
  const theirs = names(data);
  const mine = names(config.data);
  if (theirs.length === mine.length) return;
  const hint = theirs.length > mine.length ? `set data.secondCamera to ${theirs[1]}` : 'leave data.secondCamera out';
  throw new ApiError('bad_request', `data.secondCamera: checkpoint ${checkpointId} (run "${runName}") takes ${theirs.length} camera${theirs.length > 1 ? 's' : ''} (${theirs.join(' + ')}), this run gives ${mine.length} (${mine.join(' + ')}); ${hint}`);
}

/** The stage 2 a chain's stage-1 run started, as it was asked for. */
function startedStage(project: Project, runId: number): NextStage | null {
  const child = project.repos.training.listRuns().find((r) => r.parentRunId === runId);
  return child ? { name: child.name, config: child.config, datasetIds: child.datasetIds } : null;
}

function toContract({ nextStage, ...run }: Run): TrainingRun {
  const steps = (nextStage?.config as { hyperparameters?: { steps?: unknown } } | undefined)?.hyperparameters?.steps;
  return {
    ...run,
    // A resumed run keeps the finish time of its previous attempt in the row; it is not finished now.
    finishedAt: hasEnded(run.status) ? run.finishedAt : null,
    nextStage: nextStage ? { name: nextStage.name, steps: typeof steps === 'number' ? steps : 0 } : null,
  };
}
