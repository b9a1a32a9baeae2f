/**
 * One stage-2 training step of the ST4VLA policy: action loss on the robot batch plus the weighted
 * grounding loss on the co-training batch, their gradients in one backward pass, one AdamW update.
 * Leaves no tensors behind (the batches are the caller's).
 */
import { tf } from '../backend/tf';
import type { ActionBatch, GroundingBatch, Policy } from '../model/policy';
import type { AdamW, StepReport } from './optim';

export interface StepLosses extends StepReport {
  total: number;
  action: number;
  grounding: number | null;
}

export function stage2Step(policy: Policy, optimizer: AdamW, actions: ActionBatch, grounding?: GroundingBatch, draw?: { seed?: number }): StepLosses {
  let result: StepLosses | undefined;
  // Braces, not an arrow's value: tidy() accepts only tensors as what it returns.
  tf.tidy(() => {
    let parts: { action: tf.Scalar; grounding: tf.Scalar | null } | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const loss = policy.stage2Loss(actions, grounding, draw);
      parts = { action: tf.keep(loss.action), grounding: loss.grounding && tf.keep(loss.grounding) };
      return loss.total;
    }, policy.params.variables);
    const report = optimizer.apply(grads);
    const action = parts!.action.dataSync()[0]!;
    const g = parts!.grounding ? parts!.grounding.dataSync()[0]! : null;
    result = { ...report, total: value.dataSync()[0]!, action, grounding: g };
    // Kept tensors outlive the tidy: dispose them (without a grounding batch the total is the action
    // loss itself, and disposing twice is harmless).
    tf.dispose([parts!.action, parts!.grounding ?? []].flat());
  });
  return result!;
}
