/**
 * One data-parallel policy thread (policyThreads.ts): a copy of the caller's policy that, on each step,
 * loads the caller's parameters from shared memory and computes the gradient of its slice of the batch
 * into its own shared gradient buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BACKEND_PACKAGES, selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { createPolicy } from '../model/policy';
import { BatchReader } from './sharedBatch';
import { sliceGradients, sliceOf, writeParams, type PolicyThreadInit, type PolicyThreadReply, type PolicyThreadRequest } from './policyThreads';
import { toActionTensors, toGroundingTensors } from './run';

const init = workerData as PolicyThreadInit;
const port = parentPort!;

// The caller's backend and nothing else: the slices must be computed with the same maths.
const chosen = await selectBackend({ exclude: BACKEND_PACKAGES.filter((p) => p !== init.backend) });
// The initial weights do not matter: every step loads the caller's.
const policy = createPolicy(init.config, 1);
const params = new Float32Array(init.params);
const batches = new BatchReader();
const grads = new Float32Array(init.grads);
const touched = new Uint8Array(init.touched);
const convert = { action: toActionTensors, grounding: toGroundingTensors };

port.on('message', (request: PolicyThreadRequest) => {
  let reply: PolicyThreadReply;
  try {
    if (request.kind === 'step') {
      const start = performance.now();
      writeParams(policy, params);
      const losses = sliceGradients(policy, convert, sliceOf(request, (name, s) => batches.source(name, s)), grads, touched);
      reply = { kind: 'gradients', ...losses, ms: performance.now() - start };
    } else {
      const { numTensors, numBytes } = tf.memory();
      reply = { kind: 'memory', numTensors, numBytes };
    }
  } catch (error) {
    reply = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready', backend: chosen.name, device: chosen.device } satisfies PolicyThreadReply);
