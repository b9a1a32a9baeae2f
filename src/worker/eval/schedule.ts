/**
 * Which action an episode executes at each step from the chunks its policy predicts:
 *  - execute k: predict a chunk, run its first k actions, predict again (k = 1 is closed loop every step);
 *  - temporal ensembling (ACT, Zhao et al. 2023): predict every step; the action for step t blends every
 *    chunk still covering t with weights exp(-decay * i), i = 0 for the oldest, normalised. A small decay
 *    trusts older predictions about as much as new ones, which smooths the motion.
 */
import type { Action } from '../../sim/types';

export type ScheduleMode = { execute: number } | { ensemble: { decay: number } };

export class ActionSchedule {
  private queue: Action[] = [];
  /** Ensembling: chunks by the step they were predicted at. */
  private chunks: { start: number; rows: Action[] }[] = [];
  private t = 0;

  constructor(private readonly mode: ScheduleMode) {
    if ('execute' in mode && !(Number.isInteger(mode.execute) && mode.execute >= 1)) throw new Error(`execute must be a positive integer, got ${mode.execute}`);
    if ('ensemble' in mode && !(Number.isFinite(mode.ensemble.decay) && mode.ensemble.decay >= 0)) throw new Error(`ensemble.decay must be a finite number >= 0, got ${mode.ensemble.decay}`);
  }

  /** Whether this step needs a new chunk from the policy. */
  get needsChunk(): boolean {
    return 'ensemble' in this.mode || this.queue.length === 0;
  }

  /** The chunk predicted at this step (rows of actions; row 0 is for this step). */
  add(rows: Action[]): void {
    if (rows.length === 0) throw new Error('the policy predicted an empty chunk');
    if ('execute' in this.mode) this.queue = rows.slice(0, this.mode.execute);
    else this.chunks.push({ start: this.t, rows });
  }

  /** The action to execute at this step; advances to the next step. */
  next(): Action {
    const t = this.t++;
    if ('execute' in this.mode) {
      const action = this.queue.shift();
      if (!action) throw new Error(`step ${t}: no action queued; add a chunk first`);
      return action;
    }
    this.chunks = this.chunks.filter((c) => t - c.start < c.rows.length);
    if (this.chunks.length === 0) throw new Error(`step ${t}: no chunk covers this step; add a chunk first`);
    const decay = this.mode.ensemble.decay;
    const weights = this.chunks.map((_, i) => Math.exp(-decay * i));
    const total = weights.reduce((a, b) => a + b, 0);
    const out = new Array<number>(this.chunks[0]!.rows[0]!.length).fill(0);
    this.chunks.forEach((c, i) => {
      const row = c.rows[t - c.start]!;
      for (let d = 0; d < out.length; d++) out[d]! += (weights[i]! / total) * row[d]!;
    });
    return out as Action;
  }
}
