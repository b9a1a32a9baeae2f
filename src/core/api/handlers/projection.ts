import { ApiError } from '../../../shared/contract/errors';
import type { CalibrationClick, CalibrationFit, CalibrationState, PositionDims, projectionMethods } from '../../../shared/contract/projection';
import type { Project } from '../../project/project';
import { fitCamera } from '../../projection/fit';
import { checkPositionDims, detectPositionDims } from '../../projection/positionDims';
import { stateRows, type StateRows } from '../../projection/state';
import { readStored, storedFit } from '../../projection/stored';
import { suggestTrajectory } from '../../projection/suggest';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type ProjectionMethods = keyof typeof projectionMethods;

export function projectionHandlers(session: Session, bus: EventBus): Pick<Handlers, ProjectionMethods> {
  return {
    'calibration.get': ({ episodeId, camera }): CalibrationState => {
      const project = session.requireProject();
      const { stored } = requireCamera(project, episodeId, camera);
      const calibration = readStored(stored.calibration);
      const state = project.repos.signals.get(episodeId, 'state');
      const detected = state ? detectPositionDims(state.dimNames) : { problem: 'the episode has no state signal' };
      // A fit knows which dims it was made with; suggestions must use the same ones.
      const dims = calibration.fit?.positionDims ?? ('dims' in detected ? detected.dims : null);
      return {
        camera,
        ...calibration,
        positionDims: dims,
        positionProblem: dims ? null : 'problem' in detected ? detected.problem : null,
        stateDims: state?.dimNames ?? [],
      };
    },
    'calibration.fit': ({ episodeId, camera, clicks, positionDims, clientId }) => {
      const project = session.requireProject();
      const { episode, stored } = requireCamera(project, episodeId, camera);
      clicks.forEach((c, i) => {
        if (c.x < 0 || c.x > stored.width || c.y < 0 || c.y > stored.height) {
          throw new ApiError('bad_request', `clicks[${i}]: (${c.x}, ${c.y}) is outside camera "${camera}"'s ${stored.width}x${stored.height} image`);
        }
      });
      const state = requireState(project, episodeId);
      const dims = resolveDims(state, positionDims);
      const states = new Map<number, StateRows>([[episodeId, state]]);
      const stateOf = (click: CalibrationClick, i: number): StateRows => {
        const id = click.episodeId ?? episodeId;
        const known = states.get(id);
        if (known) return known;
        const other = project.repos.episodes.get(id);
        if (!other || other.datasetId !== episode.datasetId) {
          throw new ApiError('bad_request', `clicks[${i}].episodeId: episode ${id} is not in the dataset of episode ${episodeId}`);
        }
        const rows = requireState(project, id);
        if (rows.dimNames.join('\u0000') !== state.dimNames.join('\u0000')) {
          throw new ApiError('bad_request', `clicks[${i}].episodeId: episode ${id}'s state has other dims than episode ${episodeId}'s`);
        }
        states.set(id, rows);
        return rows;
      };
      const fitted = fitCamera(stateOf, dims, clicks);
      const fit: CalibrationFit = { ...fitted, positionDims: dims, episodeId, fittedAt: Date.now() };
      project.repos.calibration.setForDataset(episode.datasetId, camera, (current) => storedFit(fit, current));
      bus.emit('calibration.changed', { datasetId: episode.datasetId, camera, ...(clientId ? { by: clientId } : {}) });
      return fit;
    },
    'trajectory.suggest': ({ episodeId, camera, frame, mode, maxPoints, positionDims }) => {
      const project = session.requireProject();
      const { stored } = requireCamera(project, episodeId, camera);
      const calibration = readStored(stored.calibration);
      if (calibration.source === 'none' || !calibration.matrix) {
        throw new ApiError('bad_request', `camera "${camera}" has no calibration: calibrate this camera first`);
      }
      const state = requireState(project, episodeId);
      const dims = positionDims ? resolveDims(state, positionDims) : (calibration.fit?.positionDims ?? resolveDims(state, undefined));
      if (frame >= state.length) throw new ApiError('bad_request', `frame: ${frame} is past the state's last frame ${state.length - 1}`);
      const suggestion = suggestTrajectory(state.positions(dims), {
        matrix: calibration.matrix,
        image: { width: stored.width, height: stored.height },
        fromFrame: mode === 'whole' ? 0 : frame,
        maxPoints,
      });
      if (suggestion.points.length < 2) {
        throw new ApiError('bad_request', `the gripper's path from frame ${mode === 'whole' ? 0 : frame} stays outside camera "${camera}"'s image`);
      }
      return { ...suggestion, source: calibration.source };
    },
  };
}

function requireCamera(project: Project, episodeId: number, camera: string) {
  const episode = project.repos.episodes.get(episodeId);
  if (!episode) throw new ApiError('not_found', `no episode with id ${episodeId}`);
  const stored = project.repos.episodes.camerasOf(episodeId).find((c) => c.name === camera);
  if (!stored) throw new ApiError('not_found', `camera: episode ${episodeId} has no camera "${camera}"`);
  return { episode, stored };
}

function requireState(project: Project, episodeId: number): StateRows {
  const signal = project.repos.signals.get(episodeId, 'state');
  if (!signal) throw new ApiError('bad_request', `episode ${episodeId} has no state signal to take the gripper's position from`);
  return stateRows(signal);
}

function resolveDims(state: StateRows, explicit: PositionDims | undefined): PositionDims {
  if (explicit) {
    const problem = checkPositionDims(explicit, state.dimNames);
    if (problem) throw new ApiError('bad_request', problem);
    return explicit;
  }
  const detected = detectPositionDims(state.dimNames);
  if ('problem' in detected) throw new ApiError('bad_request', `positionDims: ${detected.problem}`);
  return detected.dims;
}
