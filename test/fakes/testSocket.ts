import WebSocket from 'ws';

/** A WebSocket client for tests that reads frames in order with `await next()`. */
export interface TestSocket {
  send(message: unknown): void;
  sendRaw(data: string | Buffer): void;
  next(timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export function connect(url: string, headers: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: unknown[] = [];
    const waiters: ((frame: unknown) => void)[] = [];
    ws.on('message', (data) => {
      const frame: unknown = JSON.parse(String(data));
      const waiter = waiters.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        send: (message) => ws.send(JSON.stringify(message)),
        sendRaw: (data) => ws.send(data),
        next: (timeoutMs = 5000) =>
          frames.length > 0
            ? Promise.resolve(frames.shift())
            : new Promise((done, fail) => {
                const timer = setTimeout(() => fail(new Error('no frame within the timeout')), timeoutMs);
                waiters.push((frame) => {
                  clearTimeout(timer);
                  done(frame);
                });
              }),
        close: () => ws.close(),
      }),
    );
  });
}
