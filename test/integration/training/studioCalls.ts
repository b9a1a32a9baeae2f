/** Calls to a real studio for the training tests: a dispatch that throws the contract's error, and waiting. */
interface Dispatcher {
  dispatch(method: string, params: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>;
}

export function studioCalls(studio: () => Dispatcher, timeoutMs = 150_000) {
  async function call(method: string, params: unknown): Promise<any> {
    const outcome = await studio().dispatch(method, params);
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result;
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, limit = timeoutMs): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() - started > limit) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const ended = (id: number): Promise<any> =>
    until(`run ${id} to end`, async () => {
      const detail = await call('training.get', { id });
      return ['succeeded', 'failed', 'cancelled'].includes(detail.run.status) && detail;
    });
  return { call, until, ended };
}
