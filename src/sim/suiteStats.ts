// The interval moved to shared/ so the renderer's results table computes the same one; the sim keeps its name.
export { wilsonInterval, Z_95 } from '../shared/stats/wilson';
