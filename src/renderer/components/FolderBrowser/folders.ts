import type { DirListing } from '../../../shared/contract/domain';

/** Folders first, then by name, hidden entries last: what a file dialog does. */
export function sortEntries(entries: DirListing['entries']): DirListing['entries'] {
  const hidden = (n: string) => n.startsWith('.');
  return [...entries].sort(
    (a, b) =>
      Number(b.isDir) - Number(a.isDir) ||
      Number(hidden(a.name)) - Number(hidden(b.name)) ||
      a.name.localeCompare(b.name, undefined, { numeric: true }),
  );
}

/** The folder above a path, or undefined (the backend's default) above the root. */
export function parentPath(path: string): string | undefined {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return undefined;
  if (cut === 0) return '/';
  return trimmed.slice(0, cut);
}
