import { describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../shared/training/messages';
import { runWorker, WorkerError, type Channel, type TrainFn } from './host';

/** The host over an in-memory channel: what it sends, and the exit code it ends with. */
function harness(train: TrainFn) {
  const sent: WorkerMessage[] = [];
  let deliver: (message: unknown) => void = () => {};
  let exitCode: number | null = null;
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  const channel: Channel = {
    send: async (message) => void sent.push(message),
    onMessage: (listener) => (deliver = listener),
    onUncaught: () => {},
    exit: (code) => {
      exitCode = code;
      exited();
    },
  };
  runWorker(train, channel);
  return { sent, deliver: (m: unknown) => deliver(m), exit, code: () => exitCode };
}

const start = { type: 'start', runId: 1, config: { steps: 3 }, runDir: '/tmp/run', heartbeatMs: 20 };

describe('the worker host', () => {
  it('says ready, relays what train reports, beats while it runs and ends with done', async () => {
    const host = harness(async ({ config, runId }, report) => {
      report.backend('plain-js');
      for (let step = 1; step <= (config as { steps: number }).steps; step++) {
        report.metrics(step, { 'train/loss': 1 / step });
        await new Promise((r) => setTimeout(r, 30));
      }
      report.checkpoint(3, 'checkpoints/3.json', { 'train/loss': 1 / 3 });
      expect(runId).toBe(1);
      return { step: 3 };
    });
    expect(host.sent).toEqual([{ type: 'ready', pid: process.pid }]);
    host.deliver(start);
    await host.exit;
    expect(host.code()).toBe(0);
    const types = host.sent.map((m) => m.type);
    expect(types.filter((t) => t !== 'heartbeat')).toEqual(['ready', 'backend', 'metrics', 'metrics', 'metrics', 'checkpoint', 'done']);
    expect(types.filter((t) => t === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(host.sent.at(-1)).toEqual({ type: 'done', step: 3, cancelled: false });
  });

  it('trips the abort signal on cancel and reports done as cancelled', async () => {
    const host = harness(async ({ signal }) => {
      let step = 0;
      while (!signal.aborted) {
        step++;
        await new Promise((r) => setTimeout(r, 5));
      }
      return { step };
    });
    host.deliver(start);
    await new Promise((r) => setTimeout(r, 30));
    host.deliver({ type: 'cancel' });
    await host.exit;
    expect(host.sent.at(-1)).toMatchObject({ type: 'done', cancelled: true });
    expect(host.code()).toBe(0);
  });

  it('turns a failure into an error message with its phase and a non-zero exit', async () => {
    const host = harness(async () => {
      throw new WorkerError('backend', 'tfjs-node is not installed');
    });
    host.deliver(start);
    await host.exit;
    expect(host.sent.at(-1)).toEqual({ type: 'error', phase: 'backend', message: 'tfjs-node is not installed' });
    expect(host.code()).toBe(1);
  });

  it('stops training with a clear error when a metric is not a number', async () => {
    const host = harness(async (_, report) => {
      report.metrics(1, { 'train/loss': 0.5 });
      report.metrics(2, { 'train/loss': Number.NaN });
      return { step: 2 };
    });
    host.deliver(start);
    await host.exit;
    expect(host.sent.filter((m) => m.type === 'metrics')).toHaveLength(1);
    expect(host.sent.at(-1)).toEqual({ type: 'error', phase: 'train', message: 'train/loss became NaN at step 2' });
  });

  it('refuses a malformed start without training', async () => {
    let trained = false;
    const host = harness(async () => {
      trained = true;
      return { step: 0 };
    });
    host.deliver({ type: 'start', runId: -4, runDir: '' });
    await host.exit;
    expect(host.sent.at(-1)).toMatchObject({ type: 'error', phase: 'protocol', message: expect.stringMatching(/^the studio sent a malformed message: /) });
    expect(trained).toBe(false);
    expect(host.code()).toBe(1);
  });
});
