import type { FailureTag } from './rolloutsStore';

export interface TagPickerProps {
  rolloutId: number;
  tag: string | null;
  taxonomy: FailureTag[];
  onTag(tag: string | null): void;
  compact?: boolean;
}

/** The confirmed failure tag of a rollout; the options are numbered as the row's number keys pick them. */
export function TagPicker({ rolloutId, tag, taxonomy, onTag, compact = false }: TagPickerProps) {
  const known = tag === null || taxonomy.some((t) => t.name === tag);
  return (
    <select
      className={`select rollouts-tag${compact ? ' rollouts-tag--compact' : ''}${tag ? ' is-set' : ''}`}
      aria-label={`tag of rollout ${rolloutId}`}
      value={tag ?? ''}
      onChange={(e) => onTag(e.target.value === '' ? null : e.target.value)}
      // The row's own keys (numbers, arrows) are for the row; inside the picker they move the picker.
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => e.stopPropagation()}
    >
      <option value="">{compact ? '—' : '— not confirmed —'}</option>
      {taxonomy.map((t, i) => (
        <option key={t.name} value={t.name}>{i < 9 ? `${i + 1} ` : ''}{t.name.replaceAll('_', ' ')}</option>
      ))}
      {!known && <option value={tag!}>{tag}</option>}
    </select>
  );
}

/** The tag a number key picks: 1–9 the taxonomy's first nine, 0 clears; undefined for other keys. */
export function tagForKey(key: string, taxonomy: readonly FailureTag[]): string | null | undefined {
  if (key === '0') return null;
  if (!/^[1-9]$/.test(key)) return undefined;
  return taxonomy[Number(key) - 1]?.name;
}
