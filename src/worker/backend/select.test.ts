import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendPackage, type PackageLoader } from './select';
import { tf } from './tf';

function notInstalled(pkg: string): Error {
  return Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/worker.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** The real import, except for the packages given, which fail the way a missing or broken install does. */
function loader(failures: Partial<Record<BackendPackage, Error | 'missing' | 'empty'>>): PackageLoader {
  return async (pkg) => {
    const failure = failures[pkg];
    if (failure === 'missing') throw notInstalled(pkg);
    if (failure === 'empty') return {};
    if (failure) throw failure;
    return import(pkg);
  };
}

const NATIVE_MISSING = { '@tensorflow/tfjs-node-gpu': 'missing', '@tensorflow/tfjs-node': 'missing' } as const;

describe('selectBackend', () => {
  it('falls back to wasm when neither native package is installed, and says why', async () => {
    const chosen = await selectBackend({ load: loader(NATIVE_MISSING) });
    expect(chosen.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(chosen.device).toMatch(/^WebAssembly \((SIMD|no SIMD)\), \d+ threads?$/);
    expect(chosen.skipped.map((s) => s.package)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    for (const s of chosen.skipped) expect(s.reason).toMatch(/not installed.*libtensorflow/);
  });

  it('falls back to the JavaScript cpu backend when wasm fails to load', async () => {
    const chosen = await selectBackend({
      load: loader({ ...NATIVE_MISSING, '@tensorflow/tfjs-backend-wasm': new Error('wasm streaming compile failed: out of memory') }),
    });
    expect(chosen).toMatchObject({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(chosen.skipped[2]).toEqual({
      package: '@tensorflow/tfjs-backend-wasm',
      reason: 'wasm streaming compile failed: out of memory',
    });
  });

  it('skips a native package that loads but registers no backend', async () => {
    const chosen = await selectBackend({
      load: loader({ '@tensorflow/tfjs-node-gpu': 'empty', '@tensorflow/tfjs-node': 'missing' }),
    });
    expect(chosen.name).toBe('wasm');
    expect(chosen.skipped[0]).toEqual({
      package: '@tensorflow/tfjs-node-gpu',
      reason: "the package registered no 'tensorflow' backend",
    });
  });

  it('names every package and its reason when nothing works', async () => {
    const all = { ...NATIVE_MISSING, '@tensorflow/tfjs-backend-wasm': 'missing', '@tensorflow/tfjs-backend-cpu': 'missing' } as const;
    await expect(selectBackend({ load: loader(all) })).rejects.toThrow(
      /No TensorFlow.js backend works here:\n {2}@tensorflow\/tfjs-node-gpu: not installed.*\n.*\n {2}@tensorflow\/tfjs-backend-wasm: not installed\n {2}@tensorflow\/tfjs-backend-cpu: not installed/,
    );
  });

  it('honours exclusions, for benchmarks and a user who picks the backend', async () => {
    const chosen = await selectBackend({
      load: loader(NATIVE_MISSING),
      exclude: ['@tensorflow/tfjs-backend-wasm'],
    });
    expect(chosen.name).toBe('cpu');
    expect(chosen.skipped[2]).toEqual({ package: '@tensorflow/tfjs-backend-wasm', reason: 'excluded by the caller' });
  });

  it('with the real loader, picks the best backend installed here', async () => {
    const chosen = await selectBackend();
    let native = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      native = false;
    }
    // Where the native packages' download is blocked (as on the build machine) wasm must win.
    if (!native) {
      expect(chosen.name).toBe('wasm');
      expect(chosen.skipped[1]!.reason).toMatch(/not installed/);
    } else {
      expect(chosen.name).toBe('tensorflow');
    }
  });
});
