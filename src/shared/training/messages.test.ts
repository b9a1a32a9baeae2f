import { describe, expect, it } from 'vitest';
import { describeInvalid, HostMessage, WorkerMessage } from './messages';

describe('training messages', () => {
  it('fills the start defaults and keeps resume', () => {
    const start = HostMessage.parse({ type: 'start', runId: 2, config: {}, runDir: '/p/runs/a', resume: { step: 40, path: '/p/runs/a/c.json' } });
    expect(start).toMatchObject({ heartbeatMs: 1000, resume: { step: 40 } });
  });

  it('refuses a checkpoint outside the run folder and metrics that are not finite', () => {
    for (const path of ['../other/ckpt.json', '/etc/passwd', 'a/../../b', 'C:\\x']) {
      expect(WorkerMessage.safeParse({ type: 'checkpoint', step: 1, path }).success).toBe(false);
    }
    expect(WorkerMessage.parse({ type: 'checkpoint', step: 1, path: 'checkpoints/1.json' })).toMatchObject({ metrics: {} });
    expect(WorkerMessage.safeParse({ type: 'metrics', step: 1, values: { loss: Number.NaN } }).success).toBe(false);
  });

  it('names the message and field that are wrong', () => {
    const raw = { type: 'progress', step: -1, total: 10, samplesPerSec: 3, eta: null };
    const result = WorkerMessage.safeParse(raw);
    expect(result.success).toBe(false);
    expect(describeInvalid(result.error!, raw.type)).toMatch(/^progress\.step: /);
    const unknown = WorkerMessage.safeParse({ type: 'shout' });
    expect(describeInvalid(unknown.error!, 'shout')).toMatch(/^shout\.type: /);
  });
});
