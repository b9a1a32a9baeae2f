import type { ToolId } from '../actions';
import { BoxTool } from './boxTool';
import { PointTool } from './pointTool';
import { SelectTool } from './selectTool';
import type { Tool } from './tool';
import { TrajectoryTool } from './trajectoryTool';

/** A fresh tool in its idle state; switching tools drops the old one, so nothing half-done carries over. */
export function createTool(id: ToolId): Tool {
  switch (id) {
    case 'select':
      return new SelectTool();
    case 'point':
      return new PointTool();
    case 'box':
      return new BoxTool();
    case 'trajectory':
      return new TrajectoryTool();
  }
}
