/**
 * `npm run bench:train`: training speed of the small conv+MLP on every TF.js backend that loads here,
 * beside the same model in PyTorch (Debian's python3-torch, 2 threads), in one table. For each: samples/s,
 * the step's useful GFLOP/s, the peak matrix-product rate measured on the same backend and threads, the
 * share of that peak the step reaches, and the ratio to PyTorch. Options: --batch 32 --seconds 4 --threads N.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { matmulRate } from '../../src/worker/backend/peak';
import { BACKEND_PACKAGES, selectBackend, type BackendPackage } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { ConvMlp, paramCount, SMALL_CONV_MLP, trainFlopsPerSample } from '../../src/worker/model/conv-mlp';
import { randomBatch } from '../../src/worker/train/fixtures';
import { DataParallelTrainer } from '../../src/worker/train/parallel';
import { trainStep } from '../../src/worker/train/step';
import { printTable } from '../table';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '4' },
    threads: { type: 'string', default: String(availableParallelism()) },
  },
});
const BATCH = Number(values.batch);
const SECONDS = Number(values.seconds);
const THREADS = Number(values.threads);
const MATMUL = 512;
const config = SMALL_CONV_MLP;
const flopsPerSample = trainFlopsPerSample(config);
const batch = randomBatch(config, BATCH, 1);

interface Result {
  backend: string;
  device: string;
  samplesPerSecond: number;
  peakFlops: number;
}

/** Steps per second of `step` over about SECONDS, after a warm-up step (kernel setup, allocation). */
async function rate(step: () => unknown): Promise<number> {
  await step();
  let steps = 0;
  const start = performance.now();
  while (steps < 1 || performance.now() - start < SECONDS * 1000) {
    await step();
    steps++;
  }
  return steps / ((performance.now() - start) / 1000);
}

const only = (pkg: BackendPackage) => BACKEND_PACKAGES.filter((p) => p !== pkg);

/**
 * The best of several short matmul bursts, before and after the training run: on a shared machine a
 * single long measurement mostly measures the neighbours.
 */
async function peak(measure: (seconds: number) => number | Promise<number>, train: () => Promise<number>) {
  let best = 0;
  for (let i = 0; i < 3; i++) best = Math.max(best, await measure(0.4));
  const steps = await train();
  for (let i = 0; i < 3; i++) best = Math.max(best, await measure(0.4));
  return { steps, peakFlops: best };
}

async function singleThread(pkg: BackendPackage): Promise<Result | string> {
  let chosen;
  try {
    chosen = await selectBackend({ exclude: only(pkg) });
  } catch (error) {
    return (error as Error).message.split('\n').find((l) => l.includes(`${pkg}: `))?.split(': ').slice(1).join(': ') ?? String(error);
  }
  const model = new ConvMlp(config);
  const optimizer = tf.train.adam(1e-3);
  const scratch = new Float32Array(paramCount(config));
  const { steps, peakFlops } = await peak(
    (seconds) => matmulRate(MATMUL, seconds),
    () => rate(() => trainStep(model, optimizer, batch, scratch)),
  );
  model.dispose();
  optimizer.dispose();
  return { backend: `${chosen.name}, 1 thread`, device: chosen.device, samplesPerSecond: steps * BATCH, peakFlops };
}

async function parallel(): Promise<Result | string> {
  const exclude = only('@tensorflow/tfjs-backend-wasm');
  try {
    await selectBackend({ exclude });
  } catch (error) {
    return String(error);
  }
  const trainer = await DataParallelTrainer.start(new ConvMlp(config), { maxBatch: BATCH, threads: THREADS, exclude });
  try {
    const optimizer = tf.train.adam(1e-3);
    const { steps, peakFlops } = await peak(
      (seconds) => trainer.matmulRate(MATMUL, seconds),
      () => rate(() => trainer.step(optimizer, batch)),
    );
    optimizer.dispose();
    return { backend: `wasm, ${THREADS} threads`, device: trainer.device, samplesPerSecond: steps * BATCH, peakFlops };
  } finally {
    await trainer.close();
    trainer.model.dispose();
  }
}

function pytorch(): Result | string {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch']).status === 0);
  if (!python) return 'python3 cannot import torch (apt-get install python3-torch)';
  const run = spawnSync(python, [
    new URL('./reference.py', import.meta.url).pathname,
    '--threads', '2', '--batch', String(BATCH), '--seconds', String(SECONDS), '--matmul', String(MATMUL),
    '--config', JSON.stringify(config),
  ], { encoding: 'utf8' });
  if (run.status !== 0) return `reference.py failed: ${run.stderr.trim().split('\n').pop()}`;
  const r = JSON.parse(run.stdout) as { torch: string; blas: string; samplesPerSecond: number; matmulFlops: number };
  return { backend: 'PyTorch, 2 threads', device: `torch ${r.torch} (oneDNN convolutions, ${r.blas} BLAS)`, samplesPerSecond: r.samplesPerSecond, peakFlops: r.matmulFlops };
}

const results: Array<[string, Result | string]> = [];
for (const pkg of BACKEND_PACKAGES) results.push([pkg, await singleThread(pkg)]);
results.push(['wasm threads', await parallel()]);
results.push(['pytorch', pytorch()]);

const torch = results.find(([k]) => k === 'pytorch')![1];
const torchRate = typeof torch === 'string' ? null : torch.samplesPerSecond;
const g = (flops: number) => (flops / 1e9).toFixed(2);
const rows = results.map(([key, r]) => {
  if (typeof r === 'string') return [key, `not loaded: ${r}`, '', '', '', '', '', ''];
  const useful = r.samplesPerSecond * flopsPerSample;
  return [
    r.backend,
    r.device,
    r.samplesPerSecond.toFixed(1),
    g(useful),
    g(r.peakFlops),
    (useful / r.peakFlops).toFixed(2),
    torchRate ? (r.samplesPerSecond / torchRate).toFixed(2) : '',
    '',
  ];
});

// The default: what selectBackend picks, and for wasm the trainer uses every core.
const chosen = await selectBackend();
const defaultKey = chosen.name === 'wasm' ? 'wasm threads' : chosen.package;
const def = results.find(([k]) => k === defaultKey)?.[1];
const defRow = rows[results.findIndex(([k]) => k === defaultKey)];
if (defRow && def && typeof def !== 'string' && torchRate) {
  defRow[7] = def.samplesPerSecond / torchRate >= 0.5 ? 'default, ok (>= 0.5)' : 'default, MISSED (< 0.5)';
}

printTable(
  `Training step, ${config.height}x${config.width}x${config.channels} conv+MLP (${(paramCount(config) / 1e6).toFixed(2)} M params, ` +
    `${(flopsPerSample / 1e6).toFixed(0)} MFLOP/sample), batch ${BATCH}; peak = best ${MATMUL}x${MATMUL} matmul on the same threads; ` +
    `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`,
  ['backend', 'device or reason', 'samples/s', 'GFLOP/s', 'peak GFLOP/s', 'of peak', 'vs PyTorch', 'goal'],
  rows,
);
