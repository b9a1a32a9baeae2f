/**
 * The frames a model was least sure about: steps where its own predictions disagree with each other
 * (the point outside its own box) or jump between consecutive predictions. Only self-consistency is
 * scored, never agreement with the truth, because a real robot's rollout has no truth to compare with.
 * All distances are in normalised image units (the record's coordinates), so scores compare across
 * rollouts and cameras of any size.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../shared/contract/errors';
import { ROLLOUT_FILE, Spatial, type RolloutRecord } from '../../shared/rollouts/record';
import { stepSignals } from '../../shared/rollouts/signals';
import type { CatalogRollout } from '../db/repositories';
import { resolveInProject, type Project } from '../project/project';

/** A predicted point or box centre moving more than this between two predictions (of the image) is a jump. */
export const JUMP_THRESHOLD = 0.05;
/** A chosen frame hides the frames of its rollout within this many steps: ten picks should be ten moments. */
export const NEIGHBOURHOOD = 3;

export type UnsureReason = 'point_outside_box' | 'point_jump' | 'box_jump';

export interface ScoredStep {
  step: number;
  /** The sum of the signals that fired, each a distance in image units. */
  score: number;
  reasons: UnsureReason[];
}

export interface UnsureFrame extends ScoredStep {
  rolloutId: number;
}

type Box = readonly [number, number, number, number];
type Point = readonly [number, number];

/** A box with its corners in order: a model may emit x2 < x1. */
function ordered(b: Box): Box {
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

/** How far a point lies outside a box (0 inside or on its edge). */
export function distanceToBox(p: Point, box: Box): number {
  const b = ordered(box);
  const dx = Math.max(b[0] - p[0], 0, p[0] - b[2]);
  const dy = Math.max(b[1] - p[1], 0, p[1] - b[3]);
  return Math.hypot(dx, dy);
}

const centre = (box: Box): Point => [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Whether the step carries anything the policy predicted in the image. */
export function hasPrediction(predicted: Spatial | undefined): predicted is Spatial {
  return !!predicted && (predicted.point !== undefined || predicted.box !== undefined || (predicted.trajectory?.length ?? 0) > 0);
}

/**
 * Scores the steps of one record where at least one signal fired. A jump is measured from the previous
 * step that predicted the same thing (a policy executing chunks predicts every few steps).
 */
export function scoreSteps(record: Pick<RolloutRecord, 'steps' | 'policyCamera'>, jumpThreshold = JUMP_THRESHOLD): ScoredStep[] {
  const out: ScoredStep[] = [];
  let lastPoint: Point | null = null;
  let lastCentre: Point | null = null;
  for (const step of record.steps) {
    const predicted = step.predicted;
    if (!hasPrediction(predicted)) continue;
    const reasons: UnsureReason[] = [];
    let score = 0;
    const { point, box } = predicted;
    // The shared signal decides "outside", so the player's plot and this list never disagree.
    if (point && box && stepSignals(record, step).pointInOwnBox === false) {
      const d = distanceToBox(point, box);
      if (d > 0) {
        reasons.push('point_outside_box');
        score += d;
      }
    }
    if (point) {
      const jump = lastPoint ? distance(point, lastPoint) : 0;
      if (jump > jumpThreshold) {
        reasons.push('point_jump');
        score += jump;
      }
      lastPoint = point;
    }
    if (box) {
      const c = centre(ordered(box));
      const jump = lastCentre ? distance(c, lastCentre) : 0;
      if (jump > jumpThreshold) {
        reasons.push('box_jump');
        score += jump;
      }
      lastCentre = c;
    }
    if (reasons.length > 0) out.push({ step: step.t, score, reasons });
  }
  return out;
}

/**
 * The top `limit` frames, most unsure first, spread out: a chosen frame suppresses the frames of its
 * rollout within ±neighbourhood steps. Ties go to the lower rollout id, then the earlier step.
 */
export function pickSpread(frames: UnsureFrame[], limit: number, neighbourhood = NEIGHBOURHOOD): UnsureFrame[] {
  const sorted = [...frames].sort((a, b) => b.score - a.score || a.rolloutId - b.rolloutId || a.step - b.step);
  const chosen: UnsureFrame[] = [];
  const taken = new Map<number, number[]>();
  for (const frame of sorted) {
    if (chosen.length >= limit) break;
    const steps = taken.get(frame.rolloutId) ?? [];
    if (steps.some((s) => Math.abs(s - frame.step) <= neighbourhood)) continue;
    steps.push(frame.step);
    taken.set(frame.rolloutId, steps);
    chosen.push(frame);
  }
  return chosen;
}

export interface LeastSureQuery {
  evaluationIds?: number[];
  rolloutIds?: number[];
  limit: number;
}

/**
 * Ranks the frames of the named rollouts and of the named evaluations' rollouts (every rollout of the
 * project when neither is given). A named rollout whose files are gone is an error; among an
 * evaluation's or the project's rollouts, those without a readable record are left out.
 */
export function leastSure(project: Project, query: LeastSureQuery): UnsureFrame[] {
  const named = (query.rolloutIds ?? []).map((id, i) => {
    const rollout = project.repos.rolloutCatalog.get(id);
    if (!rollout) throw new ApiError('not_found', `rolloutIds.${i}: there is no rollout ${id}`);
    return rollout;
  });
  const evaluations = query.evaluationIds ?? [];
  evaluations.forEach((id, i) => {
    if (!project.repos.rollouts.getEvaluation(id)) throw new ApiError('not_found', `evaluationIds.${i}: there is no evaluation ${id}`);
  });
  const implicit = query.rolloutIds === undefined && evaluations.length === 0 ? allRollouts(project) : evaluations.flatMap((id) => allRollouts(project, id));

  const seen = new Set<number>();
  const frames: UnsureFrame[] = [];
  for (const rollout of named) {
    if (seen.has(rollout.id)) continue;
    seen.add(rollout.id);
    for (const s of scoredSteps(project, rollout)) frames.push({ rolloutId: rollout.id, ...s });
  }
  for (const rollout of implicit) {
    if (seen.has(rollout.id) || rollout.folder === null) continue;
    seen.add(rollout.id);
    let scored: ScoredStep[];
    try {
      scored = scoredSteps(project, rollout);
    } catch {
      continue;
    }
    for (const s of scored) frames.push({ rolloutId: rollout.id, ...s });
  }
  return pickSpread(frames, query.limit);
}

/**
 * Only what scoring reads. Checking every number of the full record (chunks, states, truth) took seven
 * times as long as reading the file, and a project-wide ranking reads every rollout.
 */
const Predictions = z.object({
  policyCamera: z.string().nullable(),
  steps: z.array(z.object({ t: z.number().int().nonnegative(), predicted: Spatial.optional() })),
});
type Predictions = z.infer<typeof Predictions>;

/**
 * Scores by rollout file. A stored rollout is never rewritten, so reading and parsing (most of the time
 * of a ranking: about 3.5 ms per 200-step rollout) is done once per file version, not on every call.
 */
const scoreCache = new Map<string, { version: string; scored: ScoredStep[] }>();
const SCORE_CACHE_ENTRIES = 50_000;

function scoredSteps(project: Project, rollout: CatalogRollout): ScoredStep[] {
  if (!rollout.folder) throw new ApiError('not_found', `rollout ${rollout.id}: has no folder (recorded before rollouts were kept as folders)`);
  const file = join(resolveInProject(project, rollout.folder), ROLLOUT_FILE);
  if (!existsSync(file)) throw new ApiError('not_found', `rollout ${rollout.id}: ${file}: missing: the rollout folder was moved or deleted`);
  const info = statSync(file);
  const version = `${info.mtimeMs}:${info.size}`;
  const cached = scoreCache.get(file);
  if (cached?.version === version) return cached.scored;
  const scored = scoreSteps(readPredictions(rollout, file));
  if (scoreCache.size >= SCORE_CACHE_ENTRIES) scoreCache.clear();
  scoreCache.set(file, { version, scored });
  return scored;
}

/** The rollout's predictions, or bad_request naming the rollout, its file and the field. */
function readPredictions(rollout: CatalogRollout, file: string): Predictions {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ApiError('bad_request', `rollout ${rollout.id}: ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = Predictions.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError('bad_request', `rollout ${rollout.id}: ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

const PAGE = 1000;

/** Every rollout (of one evaluation), paging through the catalog's list. */
function allRollouts(project: Project, evaluationId?: number): CatalogRollout[] {
  const out: CatalogRollout[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = project.repos.rolloutCatalog.list({ ...(evaluationId !== undefined ? { evaluationId } : {}), offset, limit: PAGE });
    out.push(...page.rows);
    if (page.rows.length < PAGE) return out;
  }
}
