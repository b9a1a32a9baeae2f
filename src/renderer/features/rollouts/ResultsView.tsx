import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatInterval, formatRate, type ResultsTable, type VariantResult } from './results';
import { ResultsChart, SERIES_COLORS } from './ResultsChart';
import type { EvaluationSummary } from './rolloutsStore';

export interface ResultsViewProps {
  /** The selected evaluations, in the list's order. */
  evaluations: EvaluationSummary[];
  table: ResultsTable;
  loading: boolean;
  error: unknown;
}

function Cell({ cell }: { cell: VariantResult | undefined }) {
  if (!cell) return <td className="rollouts-results__cell is-empty" colSpan={3}>not run</td>;
  return (
    <>
      <td className="rollouts-results__cell mono" title={`${cell.successes} of ${cell.known} with a known outcome`}>
        <span className="rollouts-results__rate">{formatRate(cell.rate)}</span>{' '}
        <span className="muted">{cell.known > 0 ? formatInterval(cell.ci) : ''}</span>
      </td>
      <td className="rollouts-results__cell mono">{cell.successes}/{cell.rollouts}</td>
      <td className="rollouts-results__cell mono">{cell.meanSteps === null ? '–' : cell.meanSteps.toFixed(1)}</td>
    </>
  );
}

/** Success per variant with its 95 % Wilson interval, one column group per selected evaluation, and the chart. */
export function ResultsView(p: ResultsViewProps) {
  if (p.error) return <ErrorNotice error={toErrorView(p.error, 'Cannot read the rollouts of these evaluations')} />;
  if (p.evaluations.length === 0) return <div className="rollouts__empty">Pick an evaluation on the left (check several to compare them).</div>;
  if (p.table.variants.length === 0) return <div className="rollouts__empty">{p.loading ? 'Reading the rollouts…' : 'No rollouts in these evaluations yet.'}</div>;
  return (
    <div className="rollouts-results" data-testid="results">
      <div className="rollouts-results__scroll">
        <table className="rollouts-results__table">
          <thead>
            <tr>
              <th rowSpan={2}>Variant</th>
              {p.evaluations.map((e, k) => (
                <th key={e.id} colSpan={3} className="rollouts-results__eval">
                  <span className="rollouts-chart__swatch" style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }} /> {e.name} <span className="muted mono">#{e.id}</span>
                </th>
              ))}
            </tr>
            <tr>
              {p.evaluations.map((e) => [
                <th key={`${e.id}r`} className="rollouts-results__sub">success (95% CI)</th>,
                <th key={`${e.id}n`} className="rollouts-results__sub">successes / episodes</th>,
                <th key={`${e.id}s`} className="rollouts-results__sub">mean steps</th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {p.table.variants.map((v) => (
              <tr key={v} data-variant={v}>
                <th scope="row">{v.replaceAll('_', ' ')}</th>
                {p.evaluations.map((e) => <Cell key={e.id} cell={p.table.cells[e.id]?.[v]} />)}
              </tr>
            ))}
            <tr className="rollouts-results__total" data-variant="all">
              <th scope="row">all variants</th>
              {p.evaluations.map((e) => <Cell key={e.id} cell={p.table.totals[e.id]} />)}
            </tr>
          </tbody>
        </table>
      </div>
      <ResultsChart table={p.table} evaluations={p.evaluations.map((e) => ({ id: e.id, label: `${e.name} #${e.id}` }))} />
    </div>
  );
}
