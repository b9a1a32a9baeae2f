import { describe, expect, it } from 'vitest';
import { checkPositionDims, detectPositionDims } from './positionDims';

describe('detectPositionDims', () => {
  it('finds the sample state: bare x, y, z', () => {
    expect(detectPositionDims(['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_opening'])).toEqual({ dims: [0, 1, 2] });
  });

  it('prefers the end effector over other vectors, in any order and separator', () => {
    const names = ['joint_0', 'obj_x', 'obj_y', 'obj_z', 'vel_x', 'vel_y', 'vel_z', 'eef_pos.z', 'eef_pos.x', 'eef_pos.y'];
    expect(detectPositionDims(names)).toEqual({ dims: [8, 9, 7] });
    expect(detectPositionDims(['ee_pos_0', 'ee_pos_1', 'ee_pos_2', 'ee_quat_0'])).toEqual({ dims: [0, 1, 2] });
  });

  it('does not take numbered motors or velocities for a position', () => {
    const motors = Array.from({ length: 44 }, (_, i) => `motor_${i}`);
    const result = detectPositionDims(motors);
    expect(result).toEqual({ problem: expect.stringMatching(/44 dims \(motor_0, motor_1, motor_2 … motor_43\) name no end-effector position/) });
    expect(detectPositionDims(['velocity_x', 'velocity_y', 'velocity_z'])).toHaveProperty('problem');
  });

  it('checks explicit dims against the state', () => {
    expect(checkPositionDims([0, 1, 2], ['a', 'b', 'c'])).toBeNull();
    expect(checkPositionDims([0, 1, 3], ['a', 'b', 'c'])).toMatch(/dim 3 does not exist; the state has 3 dims/);
  });
});
