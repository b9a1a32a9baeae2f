/** Image tracking: propagating a point or a box from a keyframe, run by the backend off the UI thread. */
export const trackingMethods = {} as const;

export const trackingEvents = {} as const;
