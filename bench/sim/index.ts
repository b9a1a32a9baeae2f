/**
 * `npm run bench:sim`: the tabletop environment's numbers in one table: render speed per resolution,
 * env steps/s with rendering, the expert's success rate over 1,000 seeded episodes, and the time to
 * generate the default sample dataset.
 */
import { printTable } from '../table';
import { EXPERT_SUCCESS_BAR, measureEnvStepsPerSecond, measureExpert } from './env';
import { measureGeneration, SAMPLE_BUDGET_SECONDS } from './generate';
import { measureRenderFps } from './render';

const rows: string[][] = [];
const add = (what: string, value: string, bar: string, ok: boolean | null) =>
  rows.push([what, value, bar, ok === null ? '' : ok ? 'ok' : 'MISSED']);

for (const [w, h, bar] of [[128, 128, 1000], [320, 240, 300]] as const) {
  const fps = measureRenderFps(w, h);
  add(`render ${w}x${h}, 6 objects, one core (frames/s, median)`, fps.toFixed(0), `>= ${bar}`, fps >= bar);
}
for (const [w, h] of [[128, 128], [320, 240]] as const) {
  const r = measureEnvStepsPerSecond(w, h);
  add(`env.step with 2 cameras rendered at ${w}x${h} (steps/s)`, r.stepsPerSecond.toFixed(0), '', null);
}
const noRender = measureEnvStepsPerSecond(128, 128, { render: false });
add('env.step without rendering (steps/s)', noRender.stepsPerSecond.toFixed(0), '', null);

const expert = measureExpert(1000);
add(`expert success, ${expert.n} in-distribution episodes`, `${(expert.rate * 100).toFixed(1)} %`, `>= ${EXPERT_SUCCESS_BAR * 100} %`, expert.rate >= EXPERT_SUCCESS_BAR);
for (const [family, r] of Object.entries(expert.perFamily)) {
  add(`  ${family}`, `${r.successes}/${r.n}`, '', null);
}

const generation = await measureGeneration('sample', (line) => process.stderr.write(`${line}\n`));
add(
  `generate the default sample (${generation.episodes} episodes, ${generation.frames} frames, 2 cameras 320x240) (s)`,
  generation.seconds.toFixed(1),
  `< ${SAMPLE_BUDGET_SECONDS}`,
  generation.seconds < SAMPLE_BUDGET_SECONDS,
);

printTable('bench/sim', ['measure', 'value', 'bar', ''], rows);
