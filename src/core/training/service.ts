/**
 * The studio's training runs: one supervisor for the open project, recovery of runs a previous studio
 * left running, and stopping the workers when the project closes.
 */
import type { Project } from '../project/project';
import type { Session } from '../session';
import { startNextStage } from './launch';
import { failStaleRuns } from './recover';
import { prepareRunData, type RunDataInput } from './runData';
import { TrainingSupervisor, type Emitter } from './supervisor';
import { defaultWorkerEntry } from './workerEntry';

export interface TrainingOptions {
  /** The worker's entry file; tests pass a small real worker. */
  workerEntry?: string;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

export class TrainingService {
  private supervisor: TrainingSupervisor | null = null;
  private supervisorDir: string | null = null;
  readonly workerEntry: string;

  constructor(
    private readonly session: Session,
    private readonly bus: Emitter,
    private readonly options: TrainingOptions = {},
  ) {
    this.workerEntry = options.workerEntry ?? defaultWorkerEntry();
  }

  /** After a project opened: runs still 'running' that no worker of ours runs died with an earlier studio. */
  projectOpened(): void {
    const project = this.session.project;
    if (!project) return;
    const ours = this.supervisorDir === project.dir ? (this.supervisor?.runningIds() ?? []) : [];
    failStaleRuns(project.repos.training, ours);
    // A chain whose stage 1 succeeded while no studio could start its stage 2 (it closed in between).
    for (const run of project.repos.training.listRuns()) {
      if (run.status === 'succeeded' && run.nextStage) this.startNext(project, run.id);
    }
  }

  /** Starts a chain's stage 2 in the background; what goes wrong is recorded on that run. */
  private startNext(project: Project, runId: number): void {
    startNextStage(project, this, this.bus, runId).catch((error) => this.options.onError?.(error));
  }

  /** Before another project opens: its runs are stopped (failed, resumable) while their database is open. */
  async beforeProjectChange(nextDir: string): Promise<void> {
    if (this.supervisorDir !== null && this.supervisorDir !== nextDir) await this.close();
  }

  supervisorFor(project: Project): TrainingSupervisor {
    if (this.supervisor && this.supervisorDir === project.dir) return this.supervisor;
    // A supervisor of a project no longer open has no workers left (beforeProjectChange stopped them).
    this.supervisorDir = project.dir;
    this.supervisor = new TrainingSupervisor({
      projectDir: project.dir,
      // The session's project of that folder: reopening it replaces the connection, the runs go on.
      repo: () => (this.session.project?.dir === project.dir ? this.session.project : project).repos.training,
      bus: this.bus,
      workerEntry: this.workerEntry,
      ...(this.options.heartbeatMs ? { heartbeatMs: this.options.heartbeatMs } : {}),
      ...(this.options.heartbeatTimeoutMs ? { heartbeatTimeoutMs: this.options.heartbeatTimeoutMs } : {}),
      ...(this.options.onError ? { onError: this.options.onError } : {}),
      onEnded: (runId, status) => {
        // Only while that project is open: a closing project's runs end failed anyway.
        if (status === 'succeeded' && this.session.project?.dir === project.dir) this.startNext(this.session.project, runId);
      },
    });
    return this.supervisor;
  }

  /** Writes the run folder a policy run's worker reads, its progress on job.progress. */
  prepare(project: Project, runId: number, input: RunDataInput, runDir: string): Promise<void> {
    return prepareRunData(project, runId, input, runDir, this.bus);
  }

  /** Running runs of the open project (false for another project's ids). */
  isRunning(project: Project, runId: number): boolean {
    return this.supervisorDir === project.dir && (this.supervisor?.isRunning(runId) ?? false);
  }

  async close(): Promise<void> {
    const supervisor = this.supervisor;
    this.supervisor = null;
    this.supervisorDir = null;
    await supervisor?.close();
  }
}
