/**
 * The policy's parameters: named tf.Variables in creation order, each tagged with the optimizer group
 * it trains in. Names are ours ("core/0/attn/q/w"), not the engine's: TF.js variable names are global,
 * so two policies in one process (a model and its reloaded copy) would clash on them.
 */
import { tf } from '../backend/tf';

/** The action expert learns faster than the vision-language core (InternVLA-M1's param groups). */
export type ParamGroup = 'core' | 'querying' | 'expert';

export interface Param {
  name: string;
  group: ParamGroup;
  variable: tf.Variable;
}

export class ParamStore {
  readonly list: Param[] = [];
  private readonly byName = new Map<string, Param>();
  private count = 0;

  constructor(private readonly seed: number) {}

  /** A truncated-normal-free N(0, std²) weight (std 0.02, as GPT-style transformers), or zeros/ones. */
  add(name: string, group: ParamGroup, shape: number[], init: 'normal' | 'zeros' | 'ones', std = 0.02): tf.Variable {
    if (this.byName.has(name)) throw new Error(`parameter ${name} defined twice`);
    const seed = this.seed * 100_003 + this.count++;
    const variable = tf.tidy(() =>
      tf.variable(init === 'zeros' ? tf.zeros(shape) : init === 'ones' ? tf.ones(shape) : tf.randomNormal(shape, 0, std, 'float32', seed)),
    );
    const p = { name, group, variable };
    this.list.push(p);
    this.byName.set(name, p);
    return variable;
  }

  get(name: string): Param | undefined {
    return this.byName.get(name);
  }

  get variables(): tf.Variable[] {
    return this.list.map((p) => p.variable);
  }

  size(): number {
    return this.list.reduce((n, p) => n + p.variable.size, 0);
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** A prefixed view of a store, so a module names its parameters relative to itself. */
export interface Scope {
  add(name: string, shape: number[], init: 'normal' | 'zeros' | 'ones', std?: number): tf.Variable;
  child(prefix: string): Scope;
}

export function scope(store: ParamStore, prefix: string, group: ParamGroup): Scope {
  return {
    add: (name, shape, init, std) => store.add(`${prefix}/${name}`, group, shape, init, std),
    child: (p) => scope(store, `${prefix}/${p}`, group),
  };
}
