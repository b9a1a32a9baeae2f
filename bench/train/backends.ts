/**
 * `npm run bench:train`: training speed of the small conv+MLP on every TF.js backend that loads here,
 * beside the same model in PyTorch (Debian's python3-torch, 2 threads), in one table. For each: samples/s,
 * the step's useful GFLOP/s, the peak matrix-product rate measured on the same backend and threads, the
 * share of that peak the step reaches, and the ratio to PyTorch. Options: --batch 32 --seconds 4 --threads N.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { matmulWork, type MatmulWork } from '../../src/worker/backend/peak';
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
  /** Wall-clock rate. */
  samplesPerSecond: number;
  /** Samples per second of CPU time used by the process, all threads: what the code costs, whatever the neighbours do. */
  samplesPerCpuSecond: number;
  /** Matrix-product FLOPs per CPU-second on the same backend and threads. */
  peakFlopsPerCpuSecond: number;
}

interface Rate {
  perSecond: number;
  perCpuSecond: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Calls of `fn` per wall and per CPU second over about `seconds` (at least `min` calls). */
async function rate(fn: () => unknown, seconds: number, min = 1): Promise<Rate> {
  let calls = 0;
  const wall = performance.now();
  const cpu = cpuSeconds();
  while (calls < min || performance.now() - wall < seconds * 1000) {
    await fn();
    calls++;
  }
  return { perSecond: calls / ((performance.now() - wall) / 1000), perCpuSecond: calls / (cpuSeconds() - cpu) };
}

/** Training steps per second after a warm-up step (kernel setup, allocation). */
async function trainRate(step: () => unknown): Promise<Rate> {
  await step();
  return rate(step, SECONDS);
}

/**
 * The matmul peak in FLOPs per CPU-second, the best of short bursts before and after the training run:
 * on a shared machine a wall-clock rate mostly measures the neighbours.
 */
async function peakAround(matmuls: (seconds: number) => Promise<MatmulWork> | MatmulWork, train: () => Promise<Rate>) {
  let best = 0;
  const burst = async () => {
    const cpu = cpuSeconds();
    const work = await matmuls(0.4);
    best = Math.max(best, work.flops / (cpuSeconds() - cpu));
  };
  for (let i = 0; i < 3; i++) await burst();
  const steps = await train();
  for (let i = 0; i < 3; i++) await burst();
  return { steps, peakFlopsPerCpuSecond: best };
}

const only = (pkg: BackendPackage) => BACKEND_PACKAGES.filter((p) => p !== pkg);

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
  const { steps, peakFlopsPerCpuSecond } = await peakAround(
    (seconds) => matmulWork(MATMUL, seconds),
    () => trainRate(() => trainStep(model, optimizer, batch, scratch)),
  );
  model.dispose();
  optimizer.dispose();
  return {
    backend: `${chosen.name}, 1 thread`,
    device: chosen.device,
    samplesPerSecond: steps.perSecond * BATCH,
    samplesPerCpuSecond: steps.perCpuSecond * BATCH,
    peakFlopsPerCpuSecond,
  };
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
    // The main thread only waits while the threads multiply, so the process's CPU time is theirs.
    const { steps, peakFlopsPerCpuSecond } = await peakAround(
      (seconds) => trainer.matmulWork(MATMUL, seconds),
      () => trainRate(() => trainer.step(optimizer, batch)),
    );
    optimizer.dispose();
    return {
      backend: `wasm, ${THREADS} threads`,
      device: trainer.device,
      samplesPerSecond: steps.perSecond * BATCH,
      samplesPerCpuSecond: steps.perCpuSecond * BATCH,
      peakFlopsPerCpuSecond,
    };
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
  const r = JSON.parse(run.stdout) as {
    torch: string;
    blas: string;
    samplesPerSecond: number;
    samplesPerCpuSecond: number;
    matmulFlopsPerCpuSecond: number;
  };
  return {
    backend: 'PyTorch, 2 threads',
    device: `torch ${r.torch} (oneDNN convolutions, ${r.blas} BLAS)`,
    samplesPerSecond: r.samplesPerSecond,
    samplesPerCpuSecond: r.samplesPerCpuSecond,
    peakFlopsPerCpuSecond: r.matmulFlopsPerCpuSecond,
  };
}

const results: Array<[string, Result | string]> = [];
for (const pkg of BACKEND_PACKAGES) results.push([pkg, await singleThread(pkg)]);
results.push(['wasm threads', await parallel()]);
results.push(['pytorch', pytorch()]);

const torch = results.find(([k]) => k === 'pytorch')![1];
const ref = typeof torch === 'string' ? null : torch;
const g = (flops: number) => (flops / 1e9).toFixed(2);
const rows = results.map(([key, r]) => {
  if (typeof r === 'string') return [key, `not loaded: ${r}`, '', '', '', '', '', '', ''];
  const useful = r.samplesPerCpuSecond * flopsPerSample;
  return [
    r.backend,
    r.device,
    r.samplesPerSecond.toFixed(1),
    r.samplesPerCpuSecond.toFixed(1),
    g(useful),
    g(r.peakFlopsPerCpuSecond),
    (useful / r.peakFlopsPerCpuSecond).toFixed(2),
    ref ? `${(r.samplesPerSecond / ref.samplesPerSecond).toFixed(2)} / ${(r.samplesPerCpuSecond / ref.samplesPerCpuSecond).toFixed(2)}` : '',
    '',
  ];
});

// The default: what selectBackend picks, and for wasm the trainer that uses every core.
const chosen = await selectBackend();
const defaultKey = chosen.name === 'wasm' ? 'wasm threads' : chosen.package;
const index = results.findIndex(([k]) => k === defaultKey);
const def = results[index]?.[1];
if (def && typeof def !== 'string' && ref) {
  const ratio = def.samplesPerSecond / ref.samplesPerSecond;
  rows[index]![8] = `default: ${ratio >= 0.5 ? 'ok' : 'MISSED'} (>= 0.5)`;
}

printTable(
  `Training step, ${config.height}x${config.width}x${config.channels} conv+MLP (${(paramCount(config) / 1e6).toFixed(2)} M params, ` +
    `${(flopsPerSample / 1e6).toFixed(0)} MFLOP/sample), batch ${BATCH}, Adam. ${availableParallelism()} cores, load average ` +
    `${loadavg()[0]!.toFixed(1)}: rates per CPU-second (all threads of the process) stand beside wall-clock ones because the ` +
    `cores are shared. Peak = best ${MATMUL}x${MATMUL} matmul bursts on the same backend and threads.`,
  ['backend', 'device or reason', 'samples/s', 'samples/CPU-s', 'GFLOP/CPU-s', 'peak GFLOP/CPU-s', 'of peak', 'vs PyTorch wall / CPU', 'goal'],
  rows,
);
