/**
 * Picks the fastest TensorFlow.js backend that works on this machine, in the order of the architecture
 * guide: CUDA GPU, native CPU, WebAssembly, pure JavaScript. The two native packages download
 * libtensorflow when installed and are optional dependencies, so on most machines they are absent; the
 * loader is injectable so the choice can be tested without them.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf } from './tf';
import { registerWasmTrainingKernels } from './wasm-kernels';

export const BACKEND_PACKAGES = [
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
] as const;
export type BackendPackage = (typeof BACKEND_PACKAGES)[number];
/** The name TF.js registers each package's backend under. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Imports a package; rejects when it is missing or fails to initialise. */
export type PackageLoader = (pkg: BackendPackage) => Promise<unknown>;

export interface SkippedBackend {
  package: BackendPackage;
  reason: string;
}

export interface SelectedBackend {
  name: BackendName;
  package: BackendPackage;
  /** What runs the maths, for the training log: "WebAssembly (SIMD), 1 thread". */
  device: string;
  /** Every package tried before the chosen one, with why it was passed over. */
  skipped: SkippedBackend[];
}

export interface SelectOptions {
  load?: PackageLoader;
  /** Packages not to try even if they load (a user's choice in the training form, or a benchmark). */
  exclude?: BackendPackage[];
}

const require = createRequire(import.meta.url);
const importPackage: PackageLoader = (pkg) => import(pkg);

/** The folder holding tfjs-backend-wasm's .wasm files: in Node they are read from disk, not fetched. */
export function wasmFilesFolder(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

interface WasmModule {
  setWasmPaths(prefix: string): void;
  getThreadsCount(): number;
}

export async function selectBackend(options: SelectOptions = {}): Promise<SelectedBackend> {
  const load = options.load ?? importPackage;
  // The console banner recommends tfjs-node; the skip reasons below already say why it is not used.
  tf.env().set('PROD', true);
  const skipped: SkippedBackend[] = [];
  for (const pkg of BACKEND_PACKAGES) {
    if (options.exclude?.includes(pkg)) {
      skipped.push({ package: pkg, reason: 'excluded by the caller' });
      continue;
    }
    try {
      const device = await activate(pkg, load);
      return { name: tf.getBackend() as BackendName, package: pkg, device, skipped };
    } catch (error) {
      skipped.push({ package: pkg, reason: explain(pkg, error) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend works here:\n${skipped.map((s) => `  ${s.package}: ${s.reason}`).join('\n')}`,
  );
}

async function activate(pkg: BackendPackage, load: PackageLoader): Promise<string> {
  const mod = await load(pkg);
  switch (pkg) {
    case '@tensorflow/tfjs-node-gpu':
    case '@tensorflow/tfjs-node': {
      await use('tensorflow');
      const cores = availableParallelism();
      return pkg === '@tensorflow/tfjs-node-gpu'
        ? `native TensorFlow with CUDA (host has ${cores} cores)`
        : `native TensorFlow on the CPU, ${cores} cores`;
    }
    case '@tensorflow/tfjs-backend-wasm': {
      const wasm = mod as WasmModule;
      if (typeof wasm.setWasmPaths !== 'function') throw new Error('the package has no setWasmPaths');
      wasm.setWasmPaths(wasmFilesFolder());
      await use('wasm');
      registerWasmTrainingKernels();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = wasm.getThreadsCount();
      return `WebAssembly (${simd ? 'SIMD' : 'no SIMD'}), ${threads} thread${threads === 1 ? '' : 's'}`;
    }
    case '@tensorflow/tfjs-backend-cpu':
      await use('cpu');
      return 'pure JavaScript on the CPU, 1 thread';
  }
}

async function use(name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`the package registered no '${name}' backend`);
  // setBackend resolves false (and logs) when the backend's initialisation fails.
  if (!(await tf.setBackend(name))) throw new Error(`the '${name}' backend failed to initialise`);
}

function explain(pkg: BackendPackage, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(pkg)) {
    return pkg.startsWith('@tensorflow/tfjs-node')
      ? 'not installed (an optional dependency: its install script downloads libtensorflow, which failed or was blocked)'
      : 'not installed';
  }
  return message;
}
