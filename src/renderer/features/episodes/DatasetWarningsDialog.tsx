import type { DatasetSummary } from '../../../shared/contract/domain';
import { Dialog } from '../../components/Dialog';
import { WarningList } from '../../components/WarningList';

/** All import warnings of one dataset, wide enough to read file paths and field names whole. */
export function DatasetWarningsDialog({ dataset, onClose }: { dataset: DatasetSummary | null; onClose(): void }) {
  return (
    <Dialog open={dataset !== null} title={`Import warnings · ${dataset?.name ?? ''}`} onClose={onClose} width={720}>
      {dataset && (
        <>
          <p className="dataset-warnings__intro">
            The importer kept what was there and noted what was missing or inconsistent in{' '}
            <code className="mono">{dataset.sourcePath}</code>.
          </p>
          <WarningList warnings={dataset.warnings} initial={dataset.warnings.length} title={`${dataset.warnings.length} warnings`} />
        </>
      )}
    </Dialog>
  );
}
