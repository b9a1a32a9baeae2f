/**
 * The world's speed and the scripted expert's success: steps per second of TabletopEnv.step with
 * rendering at 128x128 and 320x240 (and without), and the expert's success over 1,000 seeded
 * in-distribution episodes (the bar is 98 percent). Run: npx tsx bench/sim/env.ts [episodes]
 */
import { pathToFileURL } from 'node:url';
import { TabletopEnv } from '../../src/sim/env';
import { expertSuccessRate, newExpertEpisode, type ExpertRate } from '../../src/sim/expert';

export const EXPERT_SUCCESS_BAR = 0.98;

export interface StepRate {
  width: number;
  height: number;
  render: boolean;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

/**
 * Steps per second of TabletopEnv.step driven by the scripted expert (its own time excluded),
 * resetting on seeds 0, 1, ... as episodes end, for at least `minSteps` timed steps.
 */
export function measureEnvStepsPerSecond(width: number, height: number, opts: { render?: boolean; minSteps?: number } = {}): StepRate {
  const render = opts.render ?? true;
  const minSteps = opts.minSteps ?? (render ? 300 : 5000);
  const env = new TabletopEnv({ width, height, render });
  const warmUp = Math.min(100, minSteps);
  let steps = -warmUp;
  let seconds = 0;
  for (let seed = 0; steps < minSteps; seed++) {
    const { observation, info } = env.reset(seed, 'in_distribution');
    const expert = newExpertEpisode(info);
    let state = observation.state;
    for (;;) {
      const action = expert.act(state, env.scene);
      const t0 = performance.now();
      const r = env.step(action);
      // The first steps warm up the JIT and the renderer's caches and are not counted.
      if (steps >= 0) seconds += (performance.now() - t0) / 1000;
      steps += 1;
      state = r.observation.state;
      if (r.done) break;
    }
  }
  return { width, height, render, steps, seconds, stepsPerSecond: steps / seconds };
}

/** The expert's success over `n` in-distribution episodes (seeds 0 .. n - 1, families in turn). */
export function measureExpert(n = 1000): ExpertRate & { seconds: number } {
  const t0 = performance.now();
  const r = expertSuccessRate(n, 0);
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

function runDirectly(): void {
  const n = Number(process.argv[2] ?? 1000);
  const rates = [measureEnvStepsPerSecond(128, 128, { render: false }), measureEnvStepsPerSecond(128, 128), measureEnvStepsPerSecond(320, 240)];
  table([
    ['env.step', 'render', 'steps', 'seconds', 'steps/s'],
    ...rates.map((r) => [`${r.width}x${r.height}`, r.render ? 'yes' : 'no', String(r.steps), r.seconds.toFixed(2), r.stepsPerSecond.toFixed(0)]),
  ]);
  console.log('');
  const e = measureExpert(n);
  table([
    ['expert', 'episodes', 'successes', 'rate', 'bar', 'seconds'],
    ['all', String(e.n), String(e.successes), e.rate.toFixed(3), `${EXPERT_SUCCESS_BAR} ${e.rate >= EXPERT_SUCCESS_BAR ? 'ok' : 'BELOW'}`, e.seconds.toFixed(1)],
    ...Object.entries(e.perFamily).map(([f, r]) => [f, String(r.n), String(r.successes), r.rate.toFixed(3), '-', '-']),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runDirectly();
