/**
 * Several environments stepped in lockstep, so that a policy can be called on a batch of
 * observations at once. Slots are independent: each can be reset on its own, and a slot that is
 * idle or finished is skipped by passing null as its action.
 */
import type { StepResult } from './contracts';
import { TabletopEnv, type EnvOptions, type ResetOptions, type ResetResult } from './env';
import { SimInputError, integerInRange } from './errors';

export const MAX_BATCH_SIZE = 256;

export interface EpisodeSpec extends ResetOptions {
  seed: number;
  variant: string;
}

export class BatchEnv {
  readonly size: number;
  private readonly envs: TabletopEnv[];

  constructor(size: number, opts: EnvOptions = {}) {
    this.size = integerInRange('batch size', size, 1, MAX_BATCH_SIZE);
    const first = new TabletopEnv(opts);
    // Share the camera list, so all slots render the same views.
    this.envs = [first, ...Array.from({ length: size - 1 }, () => new TabletopEnv({ ...opts, cameras: [...first.cameras] }))];
  }

  env(slot: number): TabletopEnv {
    integerInRange('batch slot', slot, 0, this.size - 1);
    return this.envs[slot]!;
  }

  resetSlot(slot: number, spec: EpisodeSpec): ResetResult {
    const { seed, variant, ...opts } = spec;
    return this.env(slot).reset(seed, variant, opts);
  }

  /** Resets slots 0 .. specs.length - 1. */
  reset(specs: readonly EpisodeSpec[]): ResetResult[] {
    if (specs.length > this.size) throw new SimInputError(`${specs.length} episodes do not fit a batch of ${this.size}`);
    return specs.map((spec, i) => this.resetSlot(i, spec));
  }

  /** Steps every slot whose action is not null; returns null for the skipped ones. */
  step(actions: readonly (unknown | null)[]): (StepResult | null)[] {
    if (actions.length !== this.size) throw new SimInputError(`expected ${this.size} actions (null to skip a slot), got ${actions.length}`);
    return actions.map((a, i) => (a === null ? null : this.envs[i]!.step(a)));
  }
}
