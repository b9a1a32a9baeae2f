import { ApiError } from '../../../shared/contract/errors';
import type { Episode } from '../../db/repositories/episodes';
import type { Project } from '../../project/project';

/** Every episode of a dataset in index order; an unknown dataset or an empty one is a clear error. */
export function datasetEpisodes(project: Project, datasetId: number): Episode[] {
  const dataset = project.repos.datasets.get(datasetId);
  if (!dataset) throw new ApiError('not_found', `datasetId: no dataset with id ${datasetId}`);
  const out: Episode[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = project.repos.episodes.list({ datasetId, offset, limit: 5000 });
    for (const row of page.rows) out.push(project.repos.episodes.get(row.id)!);
    if (offset + page.rows.length >= page.total || page.rows.length === 0) break;
  }
  if (out.length === 0) throw new ApiError('bad_request', `datasetId: dataset "${dataset.name}" has no episodes`);
  return out;
}
