/** Camera calibration and trajectories projected from the robot's own state. */
export const projectionMethods = {} as const;

export const projectionEvents = {} as const;
