/**
 * Shares the CPU between the cameras' decoders. Software decoding of three cameras on two cores is
 * CPU-bound, so while any camera still decodes towards a frame someone waits for (a seek, a step,
 * the clock), the others hold back their decoding ahead; they resume when nobody waits.
 */
export class DecodeArbiter {
  private readonly urgent = new Set<object>();
  private held: Array<{ who: object; resolve: () => void }> = [];

  setUrgent(who: object, urgent: boolean): void {
    if (urgent) this.urgent.add(who);
    else this.urgent.delete(who);
    this.release((entry) => this.urgent.size === 0 || this.urgent.has(entry.who));
  }

  /** Whether someone other than `who` waits for a frame. */
  othersUrgent(who: object): boolean {
    for (const other of this.urgent) if (other !== who) return true;
    return false;
  }

  /** Resolves once nobody else waits for a frame, or `who` itself gets a request (or leaves). */
  holdBack(who: object): Promise<void> {
    if (!this.othersUrgent(who)) return Promise.resolve();
    return new Promise((resolve) => this.held.push({ who, resolve }));
  }

  /** Lets `who` go, e.g. when its camera closes. */
  leave(who: object): void {
    this.urgent.delete(who);
    this.release((entry) => entry.who === who || this.urgent.size === 0);
  }

  private release(done: (entry: { who: object }) => boolean): void {
    const keep: typeof this.held = [];
    for (const entry of this.held) (done(entry) ? entry.resolve : () => keep.push(entry))();
    this.held = keep;
  }
}

/** The renderer's one arbiter: every player's cameras share the same cores. */
export const sharedArbiter = new DecodeArbiter();
