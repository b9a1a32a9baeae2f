import type { DatasetSummary } from '../../../shared/contract/domain';
import { formatCount } from '../../components/format';

export interface DatasetListViewProps {
  datasets: DatasetSummary[];
  /** The dataset the episode list is filtered to; undefined means all. */
  selectedId: number | undefined;
  onSelect(id: number | undefined): void;
  onShowWarnings(dataset: DatasetSummary): void;
}

/** The project's datasets; a dataset with import warnings carries their count, one click from the list. */
export function DatasetListView({ datasets, selectedId, onSelect, onShowWarnings }: DatasetListViewProps) {
  const totalEpisodes = datasets.reduce((n, d) => n + d.episodeCount, 0);
  return (
    <ul className="dataset-list" aria-label="Datasets">
      <li>
        <button
          type="button"
          className={`dataset-row${selectedId === undefined ? ' is-selected' : ''}`}
          onClick={() => onSelect(undefined)}
        >
          <span className="dataset-row__name">All datasets</span>
          <span className="dataset-row__count mono">{formatCount(totalEpisodes)}</span>
        </button>
      </li>
      {datasets.map((d) => (
        <li key={d.id} data-dataset={d.name}>
          <div className={`dataset-row${selectedId === d.id ? ' is-selected' : ''}`}>
            <button type="button" className="dataset-row__main" onClick={() => onSelect(d.id)} title={d.sourcePath}>
              <span className="dataset-row__name">{d.name}</span>
              <span className="dataset-row__meta">
                {d.format} {d.formatVersion} · {formatCount(d.frameCount)} f · {d.fps} fps · {d.cameras.length} cam
              </span>
            </button>
            {d.warnings.length > 0 && (
              <button
                type="button"
                className="dataset-row__warn"
                aria-haspopup="dialog"
                aria-label={`${d.warnings.length} import warnings`}
                title="Show the import warnings"
                onClick={() => onShowWarnings(d)}
              >
                ⚠ {d.warnings.length}
              </button>
            )}
            <span className="dataset-row__count mono">{formatCount(d.episodeCount)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
