/**
 * One data-parallel thread: holds a copy of the model, and on each step computes the gradient of its
 * slice of the batch from the parameters in shared memory, into its own shared gradient buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/select';
import { matmulWork } from '../backend/peak';
import { tf } from '../backend/tf';
import { ConvMlp } from '../model/conv-mlp';
import { adamUpdate } from './adamShard';
import { sliceGradients } from './step';
import type { ThreadInit, ThreadReply, ThreadRequest } from './parallel';

const init = workerData as ThreadInit;
const port = parentPort!;

const chosen = await selectBackend({ exclude: init.exclude });
const model = new ConvMlp(init.config);
const params = new Float32Array(init.params);
const grads = new Float32Array(init.grads);
const shard = { params, m: new Float32Array(init.m), v: new Float32Array(init.v), grads: init.allGrads.map((b) => new Float32Array(b)) };
const x = new Float32Array(init.x);
const y = new Float32Array(init.y);

port.on('message', (request: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    if (request.kind === 'gradients') {
      const start = performance.now();
      model.writeParams(params);
      const batch = { x, y, n: request.n };
      const loss = sliceGradients(model, batch, request.start, request.end, (request.end - request.start) / request.n, grads);
      reply = { kind: 'gradients', loss, ms: performance.now() - start };
    } else if (request.kind === 'update') {
      adamUpdate(shard, init.adam, request.t, request.start, request.end);
      reply = { kind: 'updated' };
    } else if (request.kind === 'matmul') {
      reply = { kind: 'matmul', ...matmulWork(request.size, request.seconds) };
    } else {
      const { numTensors, numBytes } = tf.memory();
      reply = { kind: 'memory', numTensors, numBytes };
    }
  } catch (error) {
    reply = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready', backend: chosen.name, device: chosen.device } satisfies ThreadReply);

