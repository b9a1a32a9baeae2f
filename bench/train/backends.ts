/**
 * `npm run bench:train`: training speed of the small conv+MLP on every TF.js backend that loads here,
 * beside the same model in PyTorch (Debian's python3-torch, 2 threads), in one table. For each: samples/s
 * (median and fastest step), samples and useful GFLOPs per CPU-second, the peak matrix-product rate on the
 * same backend and threads, the share of that peak the step reaches, and the ratios to PyTorch.
 * Options: --batch 32 --seconds 4 --threads N.
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
import { median, printTable } from '../table';

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
  /** Wall-clock rates from the median and from the fastest step: on shared cores the best step is the one the neighbours left alone. */
  samplesPerSecond: number;
  bestSamplesPerSecond: number;
  /** Samples per second of CPU time used by the process, all threads: what the code costs, whatever the neighbours do. */
  samplesPerCpuSecond: number;
  /** Matrix-product FLOPs per CPU-second on the same backend and threads. */
  peakFlopsPerCpuSecond: number;
}

interface Rate {
  perSecond: number;
  bestPerSecond: number;
  perCpuSecond: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Calls of `fn` per second (median and fastest call) and per CPU-second, over about `seconds`. */
async function rate(fn: () => unknown, seconds: number, min = 1): Promise<Rate> {
  const times: number[] = [];
  const wall = performance.now();
  const cpu = cpuSeconds();
  while (times.length < min || performance.now() - wall < seconds * 1000) {
    const t = performance.now();
    await fn();
    times.push((performance.now() - t) / 1000);
  }
  const used = cpuSeconds() - cpu;
  return { perSecond: 1 / median(times), bestPerSecond: 1 / Math.min(...times), perCpuSecond: times.length / used };
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
    bestSamplesPerSecond: steps.bestPerSecond * BATCH,
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
    // The main thread only waits while the threads multiply, so the process's CPU time is theirs.
    const { steps, peakFlopsPerCpuSecond } = await peakAround(
      (seconds) => trainer.matmulWork(MATMUL, seconds),
      () => trainRate(() => trainer.step(batch)),
    );
    return {
      backend: `wasm, ${THREADS} threads`,
      device: trainer.device,
      samplesPerSecond: steps.perSecond * BATCH,
      bestSamplesPerSecond: steps.bestPerSecond * BATCH,
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
    bestSamplesPerSecond: number;
    samplesPerCpuSecond: number;
    matmulFlopsPerCpuSecond: number;
  };
  return {
    backend: 'PyTorch, 2 threads',
    device: `torch ${r.torch} (oneDNN convolutions, ${r.blas} BLAS)`,
    samplesPerSecond: r.samplesPerSecond,
    bestSamplesPerSecond: r.bestSamplesPerSecond,
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
  if (typeof r === 'string') return [key, `not loaded: ${r}`, '', '', '', '', '', '', '', ''];
  const useful = r.samplesPerCpuSecond * flopsPerSample;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    r.backend,
    r.device,
    `${r.samplesPerSecond.toFixed(0)} / ${r.bestSamplesPerSecond.toFixed(0)}`,
    r.samplesPerCpuSecond.toFixed(0),
    g(useful),
    g(r.peakFlopsPerCpuSecond),
    (useful / r.peakFlopsPerCpuSecond).toFixed(2),
    ref ? `${ratio(r.samplesPerSecond, ref.samplesPerSecond)} / ${ratio(r.bestSamplesPerSecond, ref.bestSamplesPerSecond)}` : '',
    ref ? ratio(r.samplesPerCpuSecond, ref.samplesPerCpuSecond) : '',
    '',
  ];
});

// The default backend is what selectBackend picks; for wasm, judged both on one thread and on every core.
const chosen = await selectBackend();
const defaultKeys = chosen.name === 'wasm' ? [chosen.package, 'wasm threads'] : [chosen.package];
results.forEach(([key, r], i) => {
  if (!defaultKeys.includes(key) || typeof r === 'string' || !ref) return;
  // Judged on the fastest steps: the median mostly measures who else is using the two cores.
  const ratio = r.bestSamplesPerSecond / ref.bestSamplesPerSecond;
  rows[i]![9] = `default: ${ratio >= 0.5 ? 'ok' : 'MISSED'} (best >= 0.5)`;
});

printTable(
  `Training step, ${config.height}x${config.width}x${config.channels} conv+MLP (${(paramCount(config) / 1e6).toFixed(2)} M params, ` +
    `${(flopsPerSample / 1e6).toFixed(0)} MFLOP/sample), batch ${BATCH}, Adam. ${availableParallelism()} cores, load average ` +
    `${loadavg()[0]!.toFixed(1)}. The cores are shared, so wall-clock rates come from the median and the fastest step, and ` +
    `rates per CPU-second (all threads of the process) stand beside them. Peak = best ${MATMUL}x${MATMUL} matmul bursts ` +
    `on the same backend and threads, per CPU-second.`,
  ['backend', 'device or reason', 'samples/s median / best', 'samples/CPU-s', 'GFLOP/CPU-s', 'peak GFLOP/CPU-s', 'of peak', 'vs PyTorch median / best', 'vs PyTorch CPU', 'goal'],
  rows,
);
