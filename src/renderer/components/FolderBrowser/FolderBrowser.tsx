import { useEffect, useState, type ReactNode } from 'react';
import type { DirListing } from '../../../shared/contract/domain';
import { getStudioClient } from '../../platform/client';
import { ErrorNotice, toErrorView } from '../ErrorNotice';
import { parentPath, sortEntries } from './folders';
import './FolderBrowser.css';

export interface FolderBrowserProps {
  /** The path field's text: the browser follows it as the user types (the backend's default when empty). */
  path: string;
  /** Called with every folder the user enters, so the path field follows the browser. */
  onPick(path: string): void;
  /** Shown in the bar for the listed folder, e.g. what kind of dataset it holds. */
  badge?: (listing: DirListing) => ReactNode;
  /** Files this accepts (e.g. *.jsonl); clicking one calls onPickFile. Other files stay greyed out. */
  acceptFile?: (name: string) => boolean;
  onPickFile?(path: string): void;
}

const FOLLOW_TYPING_MS = 250;

/**
 * Web mode's folder picker: the browser cannot open a native dialog on the machine the studio runs on,
 * so the backend lists folders (`fs.list`) and this walks them. Entering a folder picks it.
 */
export function FolderBrowser({ path, onPick, badge, acceptFile, onPickFile }: FolderBrowserProps) {
  const [listing, setListing] = useState<DirListing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<string | undefined>(path.trim() || undefined);
  // Until the user clicks, the browser follows the typed path; a path that does not exist (yet) opens
  // its nearest existing parent instead of an error.
  const [userNavigated, setUserNavigated] = useState(false);

  useEffect(() => {
    let live = true;
    getStudioClient()
      .call('fs.list', target ? { path: target } : {})
      .then(
        (l) => {
          if (!live) return;
          setListing(l);
          setError(null);
        },
        (e: unknown) => {
          if (!live) return;
          if (!userNavigated && target) setTarget(parentPath(target));
          else setError(e);
        },
      );
    return () => {
      live = false;
    };
  }, [target, userNavigated]);

  useEffect(() => {
    const typed = path.trim();
    if (!typed || typed === listing?.path || listing?.entries.some((e) => !e.isDir && e.path === typed)) return;
    const timer = setTimeout(() => {
      setUserNavigated(false);
      setTarget(typed);
    }, FOLLOW_TYPING_MS);
    return () => clearTimeout(timer);
  }, [path, listing]);

  const enter = (path: string) => {
    setUserNavigated(true);
    setTarget(path);
    onPick(path);
  };
  const pickable = (entry: DirListing['entries'][number]) => entry.isDir || (!!acceptFile && acceptFile(entry.name));

  return (
    <div className="folder-browser">
      <div className="folder-browser__bar">
        <button type="button" className="btn btn--sm" disabled={!listing?.parent} onClick={() => listing?.parent && enter(listing.parent)}>
          ↑ Up
        </button>
        <span className="folder-browser__path mono" title={listing?.path}>{listing?.path ?? '…'}</span>
        {listing && badge?.(listing)}
      </div>
      {error ? <ErrorNotice error={toErrorView(error, 'Cannot list this folder')} /> : null}
      <ul className="folder-browser__list" role="listbox" aria-label="Folders">
        {listing &&
          sortEntries(listing.entries).map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                className={`folder-browser__entry${entry.isDir ? '' : ' is-file'}${pickable(entry) ? ' is-pickable' : ''}${
                  !entry.isDir && entry.path === path ? ' is-picked' : ''
                }`}
                disabled={!pickable(entry)}
                onClick={() => (entry.isDir ? enter(entry.path) : onPickFile?.(entry.path))}
              >
                <span className="folder-browser__icon" aria-hidden>{entry.isDir ? '▸' : '·'}</span>
                {entry.name}
              </button>
            </li>
          ))}
        {listing && listing.entries.length === 0 && <li className="folder-browser__empty muted">Empty folder</li>}
      </ul>
    </div>
  );
}
